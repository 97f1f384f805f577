#pragma once
// How accurately a network computes once placed on cores. Each core is a
// crossbar tile whose rows are its sources and whose columns are its units;
// it is programmed and read like any tile (tile_programming.hpp: mapping,
// per-core scaling, variation, faults, wires, the chosen engine), and each
// neuron adds the partial sums of its units.
//
//  layered network: a forward pass with ReLU between layers (none after the
//    last); at step l only the rows of layer l-1 are driven. Compared with
//    the same pass in exact arithmetic: output error and top-1 agreement
//    (how often the largest output is the same neuron).
//  graph: one step of synaptic drive for random spike patterns (every
//    neuron fires with probability 1/2), compared with the exact drive.
#include "partition/accuracy_metrics.hpp"
#include "partition/core_partitioner.hpp"
#include "partition/tile_programming.hpp"

#include <optional>

namespace memcosim::partition {

struct MappedNetwork {
    const SynapseNetwork& network;
    const std::vector<CrossbarUnit>& units;
    const CoreAssignment& assignment;
};

struct NetworkAccuracy {
    OutputError error;
    std::optional<double> top1_agreement;  // layered networks only
    Eigen::Index samples = 0;
};

// Layered: K x (input layer) values uniform in [0, 1]; graph: K x neurons
// spike patterns of 0 and 1.
[[nodiscard]] Eigen::MatrixXd random_network_inputs(const SynapseNetwork& network, Eigen::Index samples,
                                                    std::uint64_t seed);

// `strategy.tile` is ignored (the core shape is used); `inputs` as above.
[[nodiscard]] NetworkAccuracy evaluate_mapped_network(const MappedNetwork& mapped, const Eigen::MatrixXd& inputs,
                                                      const PartitionStrategy& strategy, TileEngine& engine);

}  // namespace memcosim::partition
