#include "partition/mapped_network.hpp"

#include "core/error.hpp"
#include "partition/tiled_product.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace memcosim::partition {

namespace {

// One core's weights, core rows x core columns (zero where no synapse).
RowMajorMatrix core_weights(const MappedNetwork& mapped, std::size_t core) {
    const auto& rows = mapped.assignment.rows[core];
    RowMajorMatrix w = RowMajorMatrix::Zero(mapped.assignment.core.rows, mapped.assignment.core.cols);
    const auto& units = mapped.assignment.units[core];
    for (std::size_t k = 0; k < units.size(); ++k) {
        const CrossbarUnit& unit = mapped.units[units[k]];
        for (std::size_t q = 0; q < unit.sources.size(); ++q) {
            const auto row = std::lower_bound(rows.begin(), rows.end(), unit.sources[q]) - rows.begin();
            w(row, static_cast<Eigen::Index>(k)) = unit.weights[q];
        }
    }
    return w;
}

// Synaptic drive of every neuron (K x neurons) through the given cores.
Eigen::MatrixXd mapped_drive(const MappedNetwork& mapped, const std::vector<std::size_t>& cores,
                             const Eigen::MatrixXd& activity, const PartitionStrategy& strategy, TileEngine& engine) {
    Eigen::MatrixXd drive = Eigen::MatrixXd::Zero(activity.rows(), activity.cols());
    PartitionStrategy per_core = strategy;
    per_core.tile = mapped.assignment.core;
    for (std::size_t c : cores) {
        const auto& rows = mapped.assignment.rows[c];
        Eigen::MatrixXd x = Eigen::MatrixXd::Zero(activity.rows(), per_core.tile.rows);
        for (std::size_t r = 0; r < rows.size(); ++r) x.col(static_cast<Eigen::Index>(r)) = activity.col(Eigen::Index(rows[r]));
        per_core.seed = stream_seed(strategy.seed, c, 11);  // every core its own devices
        const Eigen::MatrixXd out = run_tiled_product(core_weights(mapped, c), x, per_core, engine, {});
        const auto& units = mapped.assignment.units[c];
        for (std::size_t k = 0; k < units.size(); ++k) {
            drive.col(Eigen::Index(mapped.units[units[k]].neuron)) += out.col(static_cast<Eigen::Index>(k));
        }
    }
    return drive;
}

Eigen::SparseMatrix<double> synapse_matrix(const SynapseNetwork& network) {
    std::vector<Eigen::Triplet<double>> entries;
    for (const Synapse& s : network.synapses) entries.emplace_back(Eigen::Index(s.source), Eigen::Index(s.target), s.weight);
    Eigen::SparseMatrix<double> w(Eigen::Index(network.neurons), Eigen::Index(network.neurons));
    w.setFromTriplets(entries.begin(), entries.end());  // duplicates are summed
    return w;
}

std::vector<Eigen::Index> neurons_of_layer(const SynapseNetwork& network, int layer) {
    std::vector<Eigen::Index> ids;
    for (std::size_t n = 0; n < network.neurons; ++n) {
        if (network.layer[n] == layer) ids.push_back(Eigen::Index(n));
    }
    return ids;
}

// Cores holding at least one unit of a neuron in `layer`.
std::vector<std::size_t> cores_of_layer(const MappedNetwork& mapped, int layer) {
    std::vector<std::size_t> cores;
    for (std::size_t c = 0; c < mapped.assignment.cores(); ++c) {
        const auto& units = mapped.assignment.units[c];
        if (std::any_of(units.begin(), units.end(),
                        [&](std::size_t u) { return mapped.network.layer[mapped.units[u].neuron] == layer; })) {
            cores.push_back(c);
        }
    }
    return cores;
}

struct ForwardPass {
    Eigen::MatrixXd ideal, mapped;  // K x (last layer)
};

ForwardPass forward(const MappedNetwork& mapped, const Eigen::MatrixXd& inputs, const PartitionStrategy& strategy,
                    TileEngine& engine) {
    const SynapseNetwork& network = mapped.network;
    const Eigen::SparseMatrix<double> w = synapse_matrix(network);
    Eigen::MatrixXd exact = Eigen::MatrixXd::Zero(inputs.rows(), Eigen::Index(network.neurons));
    Eigen::MatrixXd hardware = exact;
    const auto first = neurons_of_layer(network, 0);
    for (std::size_t k = 0; k < first.size(); ++k) exact.col(first[k]) = hardware.col(first[k]) = inputs.col(Eigen::Index(k));
    const int last = network.layer_count() - 1;
    for (int l = 1; l <= last; ++l) {
        const auto previous = neurons_of_layer(network, l - 1), current = neurons_of_layer(network, l);
        Eigen::MatrixXd exact_in = Eigen::MatrixXd::Zero(exact.rows(), exact.cols()), hardware_in = exact_in;
        for (Eigen::Index n : previous) {
            exact_in.col(n) = exact.col(n);
            hardware_in.col(n) = hardware.col(n);
        }
        const Eigen::MatrixXd exact_drive = exact_in * w;
        const Eigen::MatrixXd hardware_drive = mapped_drive(mapped, cores_of_layer(mapped, l), hardware_in, strategy, engine);
        for (Eigen::Index n : current) {
            const double floor = l == last ? -std::numeric_limits<double>::infinity() : 0.0;  // ReLU on hidden layers
            exact.col(n) = exact_drive.col(n).cwiseMax(floor);
            hardware.col(n) = hardware_drive.col(n).cwiseMax(floor);
        }
    }
    const auto outputs = neurons_of_layer(network, last);
    return {exact(Eigen::all, outputs), hardware(Eigen::all, outputs)};
}

double top1_agreement(const Eigen::MatrixXd& ideal, const Eigen::MatrixXd& actual) {
    Eigen::Index agree = 0;
    for (Eigen::Index k = 0; k < ideal.rows(); ++k) {
        Eigen::Index a = 0, b = 0;
        ideal.row(k).maxCoeff(&a);
        actual.row(k).maxCoeff(&b);
        agree += a == b;
    }
    return static_cast<double>(agree) / static_cast<double>(std::max<Eigen::Index>(ideal.rows(), 1));
}

}  // namespace

Eigen::MatrixXd random_network_inputs(const SynapseNetwork& network, Eigen::Index samples, std::uint64_t seed) {
    const Eigen::Index width = network.layered() ? Eigen::Index(neurons_of_layer(network, 0).size()) : Eigen::Index(network.neurons);
    Eigen::MatrixXd inputs(samples, width);
    DeviceRandom random(stream_seed(seed, 3, 5));
    for (Eigen::Index k = 0; k < samples; ++k) {
        for (Eigen::Index i = 0; i < width; ++i) {
            const double u = random.uniform();
            inputs(k, i) = network.layered() ? u : (u < 0.5 ? 1.0 : 0.0);
        }
    }
    return inputs;
}

NetworkAccuracy evaluate_mapped_network(const MappedNetwork& mapped, const Eigen::MatrixXd& inputs,
                                        const PartitionStrategy& strategy, TileEngine& engine) {
    const SynapseNetwork& network = mapped.network;
    const Eigen::Index width = network.layered() ? Eigen::Index(neurons_of_layer(network, 0).size()) : Eigen::Index(network.neurons);
    if (inputs.cols() != width) {
        throw InputError(fmt::format("network inputs have {} values per sample, the network needs {}", inputs.cols(), width));
    }
    NetworkAccuracy accuracy;
    accuracy.samples = inputs.rows();
    if (network.layered()) {
        const ForwardPass pass = forward(mapped, inputs, strategy, engine);
        accuracy.error = compare_outputs(pass.ideal, pass.mapped);
        accuracy.top1_agreement = top1_agreement(pass.ideal, pass.mapped);
        return accuracy;
    }
    std::vector<std::size_t> all(mapped.assignment.cores());
    for (std::size_t c = 0; c < all.size(); ++c) all[c] = c;
    const Eigen::MatrixXd exact = inputs * synapse_matrix(network);
    const Eigen::MatrixXd hardware = mapped_drive(mapped, all, inputs, strategy, engine);
    std::vector<Eigen::Index> computed;
    const auto is_computed = network.computed();
    for (std::size_t n = 0; n < network.neurons; ++n) {
        if (is_computed[n]) computed.push_back(Eigen::Index(n));
    }
    accuracy.error = compare_outputs(exact(Eigen::all, computed), hardware(Eigen::all, computed));
    return accuracy;
}

}  // namespace memcosim::partition
