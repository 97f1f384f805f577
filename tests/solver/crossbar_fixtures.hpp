#pragma once
// Shared helpers for the solver tests: random arrays with a fixed seed, and
// comparisons scaled to the quantity's natural size.
#include "core/crossbar_array.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <cmath>
#include <cstdint>
#include <random>

namespace memcosim::test {

struct RandomArraySpec {
    Eigen::Index rows = 8;
    Eigen::Index cols = 8;
    double g_min = 1e-6;  // siemens
    double g_max = 1e-4;
    double r_row = 1.0;  // ohm per segment
    double r_col = 1.0;
    double v_min = 0.0;  // volts
    double v_max = 0.2;
    std::uint64_t seed = 1;
};

// G log-uniform in [g_min, g_max] (devices spread over decades), V uniform.
inline CrossbarArray random_array(const RandomArraySpec& spec) {
    std::mt19937_64 rng(spec.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CrossbarArray array;
    array.conductance.resize(spec.rows, spec.cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) {
        array.conductance.data()[k] = spec.g_min * std::pow(spec.g_max / spec.g_min, unit(rng));
    }
    array.inputs.resize(spec.rows);
    for (Eigen::Index i = 0; i < spec.rows; ++i) array.inputs[i] = spec.v_min + (spec.v_max - spec.v_min) * unit(rng);
    array.row_wire_resistance = spec.r_row;
    array.column_wire_resistance = spec.r_col;
    return array;
}

// Solver options for one method, with a tolerance tight enough for 1e-12 checks.
inline solver::LinearSolveOptions with_method(solver::LinearMethod method) {
    solver::LinearSolveOptions options;
    options.method = method;
    options.relative_tolerance = 1e-12;
    return options;
}

// max |a - b| / max |b|: error relative to the largest reference value.
template <class A, class B>
double relative_max_error(const A& a, const B& b) {
    return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

}  // namespace memcosim::test
