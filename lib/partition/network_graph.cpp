#include "partition/network_graph.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "partition/device_variation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

namespace memcosim::partition {

int SynapseNetwork::layer_count() const {
    int count = 0;
    for (int l : layer) count = std::max(count, l + 1);
    return count;
}

std::vector<bool> SynapseNetwork::computed() const {
    std::vector<bool> result(neurons, false);
    for (const Synapse& s : synapses) result[s.target] = true;
    return result;
}

SynapseNetwork layered_network(const std::vector<RowMajorMatrix>& weights, const std::vector<std::string>& sources) {
    if (weights.empty()) throw InputError("a layered network needs at least one weight matrix");
    SynapseNetwork network;
    std::size_t first = 0;  // id of the first neuron of the current input layer
    network.layer.assign(static_cast<std::size_t>(weights[0].rows()), 0);
    for (std::size_t l = 0; l < weights.size(); ++l) {
        const RowMajorMatrix& w = weights[l];
        if (l > 0 && w.rows() != weights[l - 1].cols()) {
            throw InputError(fmt::format("{}: has {} rows (inputs) but the layer before it has {} outputs",
                                         sources.at(l), w.rows(), weights[l - 1].cols()));
        }
        const std::size_t next = first + static_cast<std::size_t>(w.rows());
        network.layer.resize(next + static_cast<std::size_t>(w.cols()), static_cast<int>(l + 1));
        for (Eigen::Index i = 0; i < w.rows(); ++i) {
            for (Eigen::Index j = 0; j < w.cols(); ++j) {
                if (w(i, j) != 0.0) network.synapses.push_back({first + std::size_t(i), next + std::size_t(j), w(i, j)});
            }
        }
        first = next;
    }
    network.neurons = network.layer.size();
    return network;
}

std::vector<RowMajorMatrix> random_layer_weights(const std::vector<Eigen::Index>& sizes, std::uint64_t seed) {
    std::vector<RowMajorMatrix> weights;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        DeviceRandom random(stream_seed(seed, l, 7));
        const double sigma = std::sqrt(2.0 / static_cast<double>(sizes[l]));
        RowMajorMatrix w(sizes[l], sizes[l + 1]);
        for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = sigma * random.normal();
        weights.push_back(std::move(w));
    }
    return weights;
}

std::vector<Eigen::Index> parse_layer_sizes(const std::string& text, const std::string& flag) {
    std::vector<Eigen::Index> sizes;
    for (const std::string& field : csv::split_fields(text)) {
        const double value = csv::parse_number(field, flag, 1);
        if (!(value >= 1.0) || value != std::floor(value) || value > 1e7) {
            throw InputError(fmt::format("{}: layer sizes must be positive whole numbers, got '{}'", flag, field));
        }
        sizes.push_back(static_cast<Eigen::Index>(value));
    }
    if (sizes.size() < 2) throw InputError(fmt::format("{}: give at least two layer sizes, e.g. 784,256,10", flag));
    return sizes;
}

namespace {

std::size_t parse_neuron(const std::string& field, const std::string& path, std::size_t line) {
    const double value = csv::parse_number(field, path, line);
    if (!(value >= 0.0) || value != std::floor(value) || value > 1e8) {
        throw InputError(fmt::format("{}:{}: neuron ids must be whole numbers >= 0, got '{}'", path, line, field));
    }
    return static_cast<std::size_t>(value);
}

}  // namespace

SynapseNetwork read_edge_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open the edge list", path));
    SynapseNetwork network;
    std::string text;
    bool header_seen = false;
    for (std::size_t line = 1; std::getline(in, text); ++line) {
        const auto fields = csv::split_fields(text);
        if (fields.empty() || fields[0].empty() || fields[0][0] == '#') continue;
        // A first line starting with a letter is a header (source,target,weight).
        if (network.synapses.empty() && !header_seen && std::isalpha(static_cast<unsigned char>(fields[0][0]))) {
            header_seen = true;
            continue;
        }
        if (fields.size() < 2 || fields.size() > 3) {
            throw InputError(fmt::format("{}:{}: expected source,target[,weight], got {} fields", path, line, fields.size()));
        }
        Synapse s{parse_neuron(fields[0], path, line), parse_neuron(fields[1], path, line),
                  fields.size() == 3 ? csv::parse_number(fields[2], path, line) : 1.0};
        network.neurons = std::max({network.neurons, s.source + 1, s.target + 1});
        network.synapses.push_back(s);
    }
    if (network.synapses.empty()) throw InputError(fmt::format("{}: no synapses (expected source,target[,weight] lines)", path));
    network.description = path;
    return network;
}

SynapseGraph make_graph(const SynapseNetwork& network) {
    SynapseGraph graph(network.neurons);
    for (const Synapse& s : network.synapses) boost::add_edge(s.source, s.target, std::abs(s.weight), graph);
    return graph;
}

}  // namespace memcosim::partition
