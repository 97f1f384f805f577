#pragma once
// A network to place on crossbar cores: neurons and weighted synapses, either
// a layered network (one weight matrix per layer, laid out like the
// partition's matrices: line i = input i) or a spiking network's
// connectivity graph from an edge list.
//
// A neuron with at least one incoming synapse is computed on a core; one
// with none (the input layer, a spike source) is fed from outside.
#include "core/crossbar_array.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace memcosim::partition {

struct Synapse {
    std::size_t source = 0;
    std::size_t target = 0;
    double weight = 0.0;
};

struct SynapseNetwork {
    std::size_t neurons = 0;
    std::vector<Synapse> synapses;
    // Layered networks only: layer of every neuron (0 = inputs), else empty.
    std::vector<int> layer;
    std::string description;

    [[nodiscard]] bool layered() const { return !layer.empty(); }
    [[nodiscard]] int layer_count() const;  // including the input layer; 0 for a graph
    // True for neurons that receive synapses (they sit on cores).
    [[nodiscard]] std::vector<bool> computed() const;
};

// weights[l] is n_l x n_(l+1). Throws InputError (naming `sources[l]`) if
// consecutive layers do not fit together.
[[nodiscard]] SynapseNetwork layered_network(const std::vector<RowMajorMatrix>& weights,
                                             const std::vector<std::string>& sources);

// Weights drawn N(0, 2 / fan-in) (He initialisation), reproducibly.
[[nodiscard]] std::vector<RowMajorMatrix> random_layer_weights(const std::vector<Eigen::Index>& sizes,
                                                               std::uint64_t seed);

// "784,256,10" -> sizes; throws InputError naming `flag`.
[[nodiscard]] std::vector<Eigen::Index> parse_layer_sizes(const std::string& text, const std::string& flag);

// CSV lines "source,target[,weight]" (weight 1 if absent), neuron ids from 0;
// an optional header line, '#' comments. Errors name file and line.
[[nodiscard]] SynapseNetwork read_edge_list(const std::string& path);

// Directed graph of the neurons, edge weight |w|, for Boost.Graph algorithms.
using SynapseGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                                           boost::property<boost::edge_weight_t, double>>;
[[nodiscard]] SynapseGraph make_graph(const SynapseNetwork& network);

}  // namespace memcosim::partition
