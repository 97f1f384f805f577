#pragma once
// Assigns crossbar units (crossbar_units.hpp) to cores of R rows x C
// columns. A core holds at most C units, and the union of their sources
// (each source needs one row, shared by every unit of the core that listens
// to it) must fit in R rows.
//
//  greedy      strongly connected components first (boost::strong_components,
//              largest first), then neuron id: the first unplaced unit seeds a
//              core, which grows by the unplaced unit with the highest score
//              = (its sources already on the core's rows) + (synapses between
//              its neuron and the neurons on the core), among those that
//              still fit; when no connected unit fits, the next unit in seed
//              order that fits fills the core. Rows are the scarce resource,
//              so sharing them is what packs cores; links are what keeps
//              spikes on a core.
//  sequential  the baseline: units by slice, then neuron id, each core filled
//              until the next unit does not fit. For a dense layered network
//              that is the plain tile grid; for a graph, id order.
#include "partition/crossbar_units.hpp"
#include "partition/tile_grid.hpp"

#include <string>
#include <vector>

namespace memcosim::partition {

enum class PartitionMethod { greedy, sequential };

[[nodiscard]] PartitionMethod parse_partition_method(const std::string& text, const std::string& flag);
[[nodiscard]] const char* to_string(PartitionMethod method);

struct CoreAssignment {
    TileShape core;
    std::vector<std::size_t> core_of_unit;
    std::vector<std::vector<std::size_t>> units;  // per core: its units, in column order
    std::vector<std::vector<std::size_t>> rows;   // per core: the sources on its rows, ascending
    [[nodiscard]] std::size_t cores() const { return units.size(); }
};

[[nodiscard]] CoreAssignment assign_cores(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units,
                                          TileShape core, PartitionMethod method);

}  // namespace memcosim::partition
