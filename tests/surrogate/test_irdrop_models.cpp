// IR-drop surrogates against the exact linear solver: the zero-wire limit
// (every model must give G^T V), the line sweeps converging to the solver,
// and the accuracy of every model on held-out random arrays, where our
// calibrated sweep model must beat each literature baseline.
#include "core/error.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "surrogate/attenuation_model.hpp"
#include "surrogate/correction_factor_model.hpp"
#include "surrogate/fused_column_pass.hpp"
#include "surrogate/cumulative_wire_model.hpp"
#include "surrogate/error_statistics.hpp"
#include "surrogate/mean_conductance_model.hpp"
#include "surrogate/sweep_model.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <fmt/format.h>

#include <iostream>
#include <random>

using namespace memcosim;
using namespace memcosim::surrogate;

namespace {

constexpr double g_min = 1e-6;
constexpr double g_max = 1e-4;
constexpr double g_reference = 0.5 * (g_min + g_max);  // the correction model's uniform reference

// Random read in the range: 16..128 rows and columns, 0.1..5 ohm per
// segment (row and column drawn apart), G in 1e-6..1e-4 S, inputs 0.05..0.2 V.
CrossbarArray random_array(std::mt19937_64& rng) {
    std::uniform_int_distribution<Eigen::Index> size(16, 128);
    std::uniform_real_distribution<double> wire(0.1, 5.0);
    std::uniform_real_distribution<double> conductance(g_min, g_max);
    std::uniform_real_distribution<double> input(0.05, 0.2);
    CrossbarArray array;
    const Eigen::Index rows = size(rng);
    const Eigen::Index cols = size(rng);
    array.conductance.resize(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) array.conductance(i, j) = conductance(rng);
    }
    array.inputs.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) array.inputs(i) = input(rng);
    array.row_wire_resistance = wire(rng);
    array.column_wire_resistance = wire(rng);
    return array;
}

Eigen::VectorXd exact_currents(const CrossbarArray& array) {
    return solver::solve_linear_crossbar(array).column_currents;
}

CorrectionFactorModel correction_model_for(const CrossbarArray& array) {
    const CrossbarArray reference = uniform_reference_array(array.rows(), array.cols(), array.row_wire_resistance,
                                                            array.column_wire_resistance, g_reference);
    return CorrectionFactorModel(reference, solver::solve_linear_crossbar(reference).cell_voltages());
}

double max_relative_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return ((a - b).array().abs() / b.array().abs()).maxCoeff();
}

// The fitted model, calibrated on its own random arrays (seed apart from
// the evaluation set), so every accuracy figure below is held out.
const SweepModel& calibrated_sweep_model() {
    static const SweepModel model = [] {
        std::mt19937_64 rng(20261122);
        std::vector<SweepModelSample> samples;
        for (int k = 0; k < 16; ++k) {
            CrossbarArray array = random_array(rng);
            Eigen::VectorXd exact = exact_currents(array);
            samples.push_back({std::move(array), std::move(exact)});
        }
        return SweepModel::fit(samples, 3);
    }();
    return model;
}

}  // namespace

TEST_CASE("every IR-drop model equals G^T V with ideal wires", "[surrogate]") {
    std::mt19937_64 rng(7);
    CrossbarArray array = random_array(rng);
    array.row_wire_resistance = 0.0;
    array.column_wire_resistance = 0.0;
    const Eigen::VectorXd ideal = array.conductance.transpose() * array.inputs;

    CHECK(max_relative_difference(cumulative_wire_column_currents(array), ideal) < 1e-12);
    CHECK(max_relative_difference(mean_conductance_column_currents(array), ideal) < 1e-12);
    CHECK(max_relative_difference(correction_model_for(array).column_currents(array), ideal) < 1e-12);
    CHECK(max_relative_difference(calibrated_sweep_model().column_currents(array), ideal) < 1e-12);
}

TEST_CASE("plain line sweeps converge to the exact solver", "[surrogate]") {
    std::mt19937_64 rng(11);
    const CrossbarArray array = random_array(rng);
    const SweepModel many_sweeps({400, {0.0, 0.0}});
    CHECK(max_relative_difference(many_sweeps.column_currents(array), exact_currents(array)) < 1e-8);
}

TEST_CASE("a single cell with wires matches the series closed form", "[surrogate]") {
    // One cell between one row and one column segment: I = V / (r_row + 1/G + r_col).
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(1, 1, 1e-4);
    array.inputs = Eigen::VectorXd::Constant(1, 0.2);
    array.row_wire_resistance = 50.0;
    array.column_wire_resistance = 30.0;
    const double expected = 0.2 / (50.0 + 1e4 + 30.0);
    const SweepModel many_sweeps({50, {0.0, 0.0}});
    CHECK_THAT(many_sweeps.column_currents(array)(0), Catch::Matchers::WithinRel(expected, 1e-12));
}

TEST_CASE("the surrogates refuse reads outside their circuit", "[surrogate]") {
    std::mt19937_64 rng(3);
    CrossbarArray array = random_array(rng);
    array.column_bias = Eigen::VectorXd::Constant(array.cols(), 0.1);
    CHECK_THROWS_AS(cumulative_wire_column_currents(array), InputError);
    CHECK_THROWS_AS(mean_conductance_column_currents(array), InputError);
    CHECK_THROWS_AS(calibrated_sweep_model().column_currents(array), InputError);
    CHECK_THROWS_AS(SweepModel({0, {0.0, 0.0}}), InputError);
}

TEST_CASE("the calibrated sweep model beats every baseline on held-out random arrays", "[surrogate]") {
    const SweepModel& ours = calibrated_sweep_model();
    const SweepModel plain({ours.coefficients().sweeps, {0.0, 0.0}});
    std::vector<double> cumulative_errors, mean_errors, correction_errors, plain_errors, ours_errors;
    std::mt19937_64 rng(424242);
    for (int k = 0; k < 40; ++k) {
        const CrossbarArray array = random_array(rng);
        const Eigen::VectorXd exact = exact_currents(array);
        append_relative_errors(cumulative_wire_column_currents(array), exact, cumulative_errors);
        append_relative_errors(mean_conductance_column_currents(array), exact, mean_errors);
        append_relative_errors(correction_model_for(array).column_currents(array), exact, correction_errors);
        append_relative_errors(plain.column_currents(array), exact, plain_errors);
        append_relative_errors(ours.column_currents(array), exact, ours_errors);
    }
    const ErrorSummary cumulative = summarize_errors(cumulative_errors);
    const ErrorSummary mean = summarize_errors(mean_errors);
    const ErrorSummary correction = summarize_errors(correction_errors);
    const ErrorSummary plain_sweeps = summarize_errors(plain_errors);
    const ErrorSummary calibrated = summarize_errors(ours_errors);
    const auto line = [](const char* name, const ErrorSummary& s) {
        return fmt::format("  {:<34} median {:.3e}  p95 {:.3e}  max {:.3e}  ({} columns)\n", name, s.median, s.p95,
                           s.max, s.count);
    };
    std::cout << "relative column-current error vs the exact solver, 40 held-out arrays:\n"
              << line("(a) cumulative wire (Jeong)", cumulative) << line("(b) mean-conductance cosh", mean)
              << line("(c) per-cell correction factors", correction)
              << line(fmt::format("plain sweeps ({})", plain.coefficients().sweeps).c_str(), plain_sweeps)
              << line("ours: calibrated sweeps", calibrated);
    std::cout << fmt::format("  fitted weights: {}\n", fmt::join(ours.coefficients().weights, ", "));

    for (const ErrorSummary* baseline : {&cumulative, &mean, &correction}) {
        CHECK(calibrated.median < baseline->median);
        CHECK(calibrated.p95 < baseline->p95);
    }
    // The issue asks for a median within 1 %; measured is far below (about
    // 5e-8 median, 8e-5 p95 on this set), checked here with a margin.
    CHECK(calibrated.median <= 0.01);
    CHECK(calibrated.p95 <= 1e-3);
}

TEST_CASE("the fused pass equals plain matrix products", "[surrogate]") {
    std::mt19937_64 rng(5);
    const CrossbarArray array = random_array(rng);  // odd sizes exercise the vector tails
    const Eigen::Index rows = array.rows(), cols = array.cols();
    const Eigen::VectorXd wa = Eigen::VectorXd::LinSpaced(rows, 0.1, 0.3);
    const Eigen::VectorXd wb = Eigen::VectorXd::LinSpaced(rows, -1.0, 2.0);
    const Eigen::VectorXd wc = array.inputs;
    Eigen::VectorXd sa(cols), sb(cols), sc(cols), sums(cols), means(rows);
    detail::row_scaled_column_sums(array.conductance.data(), rows, cols, wa.data(), wb.data(), wc.data(), sa.data(),
                                   sb.data(), sc.data(), sums.data(), means.data());
    const Eigen::VectorXd row_means = array.conductance.rowwise().mean();
    CHECK(max_relative_difference(means, row_means) < 1e-12);
    CHECK(max_relative_difference(sa, array.conductance.transpose() * wa) < 1e-12);
    CHECK(((sb - array.conductance.transpose() * wb.cwiseProduct(row_means)).array().abs().maxCoeff()) <
          1e-12 * (array.conductance.transpose() * wb.cwiseAbs().cwiseProduct(row_means)).maxCoeff());
    CHECK(max_relative_difference(sc, array.conductance.transpose() * wc) < 1e-12);
    CHECK(max_relative_difference(sums, array.conductance.colwise().sum().transpose()) < 1e-12);
}

TEST_CASE("the attenuation model: exact without wires, within 1 % of the solver at moderate coupling",
          "[surrogate]") {
    // Uncalibrated physics (p = 1, 1, 1) on arrays with r g N^2 up to about 0.4.
    const AttenuationModel physics;
    std::mt19937_64 rng(99);
    CrossbarArray array = random_array(rng);
    array.conductance *= 0.1;  // 1e-7 .. 1e-5 S
    const Eigen::VectorXd ideal = array.conductance.transpose() * array.inputs;
    CrossbarArray no_wires = array;
    no_wires.row_wire_resistance = no_wires.column_wire_resistance = 0.0;
    CHECK(max_relative_difference(physics.column_currents(no_wires), ideal) < 1e-12);
    std::vector<double> ours, mean, cumulative;
    for (int k = 0; k < 10; ++k) {
        CrossbarArray a = random_array(rng);
        a.conductance *= 0.1;
        const Eigen::VectorXd exact = exact_currents(a);
        append_relative_errors(physics.column_currents(a), exact, ours);
        append_relative_errors(mean_conductance_column_currents(a), exact, mean);
        append_relative_errors(cumulative_wire_column_currents(a), exact, cumulative);
    }
    const ErrorSummary s = summarize_errors(ours);
    CHECK(s.max < 0.01);
    CHECK(s.median < summarize_errors(mean).median);
    CHECK(s.max < summarize_errors(mean).max);
    // Jeong's first-order model keeps every cell's position: at very weak
    // coupling it is as good (tests/calibrate), here its error grows as (r g N^2)^2.
    CHECK(s.median < summarize_errors(cumulative).median);
    CHECK(s.max < summarize_errors(cumulative).max);
    CHECK_THROWS_AS(AttenuationModel({{1.0, 2.0}}), InputError);
}
