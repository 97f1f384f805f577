#include "surrogate/transistor_folding.hpp"

#include "core/error.hpp"
#include "surrogate/supported_read.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::surrogate {

const std::vector<std::string>& FoldingParameters::names() {
    static const std::vector<std::string> names{"fold_on_resistance_scale", "fold_nonlinearity_scale"};
    return names;
}

namespace {

void check(const TransistorOnState& t, const FoldingParameters& p) {
    if (!(t.on_resistance > 0.0) || !std::isfinite(t.on_resistance)) {
        throw InputError(fmt::format("transistor fold: on-resistance {} ohm must be positive and finite",
                                     t.on_resistance));
    }
    if (!(t.knee_voltage > 0.0)) {
        throw InputError(fmt::format("transistor fold: knee voltage {} V must be positive", t.knee_voltage));
    }
    if (p.values.size() != FoldingParameters::count) {
        throw InputError(fmt::format("transistor fold: {} parameters, expected {}", p.values.size(),
                                     FoldingParameters::count));
    }
    for (double v : p.values) {
        if (!std::isfinite(v)) throw InputError("transistor fold: a parameter is not finite");
    }
}

}  // namespace

RowMajorMatrix folded_conductances(const CrossbarArray& array, const TransistorOnState& t,
                                   const FoldingParameters& p) {
    check(t, p);
    // G (V - x) = x (1 - k x) / R with R = q0 R_on, k = q1 / V_knee:
    //   (k / R) x^2 - (1/R + G) x + G V = 0,  x = 2 G V / (b + sqrt(b^2 - 4 (k/R) G V)),
    // and G_eff = G (V - x) / V = G (1 - 2 G / (b + sqrt(...))): no division
    // by V, so a row at 0 V gets the small-signal limit G / (1 + G R).
    // Past the square law's reach (negative discriminant: the transistor
    // would saturate) the root is clamped at the discriminant's zero.
    const double resistance = std::max(p.values[0], 1e-6) * t.on_resistance;
    const double curvature = p.values[1] / t.knee_voltage / resistance;  // k / R
    const double on_conductance = 1.0 / resistance;
    RowMajorMatrix folded(array.rows(), array.cols());
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        const double v = std::abs(array.inputs(i));
        const double* g = array.conductance.row(i).data();
        double* out = folded.row(i).data();
        for (Eigen::Index j = 0; j < array.cols(); ++j) {
            const double b = on_conductance + g[j];
            const double root = std::sqrt(std::max(b * b - 4.0 * curvature * g[j] * v, 0.0));
            out[j] = g[j] * (1.0 - 2.0 * g[j] / (b + root));
        }
    }
    return folded;
}

CrossbarArray folded_array(const CrossbarArray& array, const TransistorOnState& transistor,
                           const FoldingParameters& parameters) {
    CrossbarArray folded = array;
    folded.conductance = folded_conductances(array, transistor, parameters);
    return folded;
}

TransistorFoldedModel::TransistorFoldedModel(TransistorOnState transistor, FoldingParameters folding,
                                             AttenuationParameters wires)
    : transistor_(transistor), folding_(std::move(folding)), wires_(std::move(wires)) {
    check(transistor_, folding_);
}

Eigen::VectorXd TransistorFoldedModel::column_currents(const CrossbarArray& array) const {
    require_supported_read(array, "transistor fold + attenuation");
    return column_currents_unchecked(array);
}

Eigen::VectorXd TransistorFoldedModel::column_currents_unchecked(const CrossbarArray& array) const {
    return wires_.column_currents_unchecked(fold(array));
}

}  // namespace memcosim::surrogate
