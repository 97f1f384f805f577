#pragma once
// The columns a network needs on crossbar cores. A neuron's synapses form one
// column (its inputs on the rows); a neuron with more inputs than a core has
// rows is split into slices of at most `core_rows` inputs, each its own
// column, whose outputs are partial sums added at the neuron (the tiling of
// a dense layer, seen neuron by neuron). Inputs are sliced in ascending
// source order, so the neurons of a dense layer get identical slices and can
// share rows on a core.
#include "partition/network_graph.hpp"

#include <vector>

namespace memcosim::partition {

struct CrossbarUnit {
    std::size_t neuron = 0;
    int slice = 0;                      // 0 .. slices-1 of its neuron
    std::vector<std::size_t> sources;   // ascending, distinct
    std::vector<double> weights;        // one per source (duplicate synapses summed)
};

[[nodiscard]] std::vector<CrossbarUnit> split_into_units(const SynapseNetwork& network, Eigen::Index core_rows);

}  // namespace memcosim::partition
