#include "partition/conductance_mapping.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

MappingScheme parse_mapping_scheme(const std::string& text, const std::string& flag) {
    if (text == "differential") return MappingScheme::differential;
    if (text == "reference") return MappingScheme::reference;
    throw InputError(fmt::format("{}: expected 'differential' or 'reference', got '{}'", flag, text));
}

const char* to_string(MappingScheme scheme) {
    return scheme == MappingScheme::differential ? "differential" : "reference";
}

void MappingOptions::validate() const {
    if (!(g_off > 0.0) || !std::isfinite(g_off)) throw InputError(fmt::format("--g-off must be > 0 S, got {}", g_off));
    if (!(g_on > g_off) || !std::isfinite(g_on)) {
        throw InputError(fmt::format("--g-on must be larger than --g-off ({} S), got {}", g_off, g_on));
    }
    if (levels == 1 || levels < 0) {
        throw InputError(fmt::format("--levels must be 0 (continuous) or at least 2, got {}", levels));
    }
}

Eigen::Index MappingOptions::physical_cols(Eigen::Index weight_cols) const {
    return scheme == MappingScheme::differential ? weight_cols : weight_cols + 1;
}

int MappingOptions::arrays_per_tile() const { return scheme == MappingScheme::differential ? 2 : 1; }

double quantise_conductance(double g, const MappingOptions& options) {
    if (options.levels == 0) return g;
    const double step = (options.g_on - options.g_off) / (options.levels - 1);
    const double k = std::clamp(std::round((g - options.g_off) / step), 0.0, double(options.levels - 1));
    return options.g_off + k * step;
}

namespace {

// Weight w in [0, w_max] (or [-w_max, w_max] for reference) -> device conductance.
double device_conductance(double fraction, const MappingOptions& options) {
    return quantise_conductance(options.g_off + (options.g_on - options.g_off) * fraction, options);
}

MappedBlock map_differential(const RowMajorMatrix& weights, double w_max, const MappingOptions& options) {
    RowMajorMatrix positive(weights.rows(), weights.cols()), negative(weights.rows(), weights.cols());
    for (Eigen::Index i = 0; i < weights.rows(); ++i) {
        for (Eigen::Index j = 0; j < weights.cols(); ++j) {
            const double fraction = w_max > 0.0 ? weights(i, j) / w_max : 0.0;
            positive(i, j) = device_conductance(std::max(fraction, 0.0), options);
            negative(i, j) = device_conductance(std::max(-fraction, 0.0), options);
        }
    }
    const double scale = w_max / (options.g_on - options.g_off);
    return {MappingScheme::differential, {std::move(positive), std::move(negative)}, weights.cols(), scale};
}

MappedBlock map_reference(const RowMajorMatrix& weights, double w_max, const MappingOptions& options) {
    RowMajorMatrix array(weights.rows(), weights.cols() + 1);
    for (Eigen::Index i = 0; i < weights.rows(); ++i) {
        for (Eigen::Index j = 0; j < weights.cols(); ++j) {
            const double fraction = w_max > 0.0 ? weights(i, j) / w_max : 0.0;
            array(i, j) = device_conductance((fraction + 1.0) / 2.0, options);
        }
        array(i, weights.cols()) = (options.g_on + options.g_off) / 2.0;
    }
    const double scale = 2.0 * w_max / (options.g_on - options.g_off);
    return {MappingScheme::reference, {std::move(array)}, weights.cols(), scale};
}

}  // namespace

MappedBlock map_block(const RowMajorMatrix& weights, const MappingOptions& options) {
    options.validate();
    const double w_max = weights.size() > 0 ? weights.cwiseAbs().maxCoeff() : 0.0;
    if (!std::isfinite(w_max)) throw InputError("weight matrix holds a value that is not finite");
    return options.scheme == MappingScheme::differential ? map_differential(weights, w_max, options)
                                                         : map_reference(weights, w_max, options);
}

Eigen::MatrixXd decode_outputs(const MappedBlock& block, const std::vector<Eigen::MatrixXd>& currents) {
    const Eigen::Index n = block.weight_cols;
    if (block.scheme == MappingScheme::differential) {
        return block.weights_per_siemens * (currents.at(0) - currents.at(1));
    }
    const Eigen::MatrixXd& I = currents.at(0);
    // Every weight column minus the reference column (row n), per input vector.
    return block.weights_per_siemens * (I.topRows(n).rowwise() - I.row(n));
}

RowMajorMatrix decoded_weights(const MappedBlock& block) {
    // Column j of G^T is the column currents for a unit input on row j.
    std::vector<Eigen::MatrixXd> currents;
    for (const auto& g : block.arrays) currents.emplace_back(g.transpose());
    return decode_outputs(block, currents).transpose();
}

}  // namespace memcosim::partition
