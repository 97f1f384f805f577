// Crossbar transients with wire R and C and pulsed rows: ngspice (trap,
// largest step STEP) and the solver (trap on fixed steps STEP aligned to the
// pulse corners) on the same generated circuits. Column currents must agree
// within 1% of the peak current at every output time and the settling
// delays within 2%.
#include "experiments/crossbar_transient_run.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <random>

using namespace memcosim;
using experiments::RowPulse;

namespace {

spice::Engine& engine() {
    static spice::Engine instance;  // one ngspice per process
    return instance;
}

CrossbarArray random_array(Eigen::Index n, double r_wire, double c_wire, unsigned seed) {
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> g(1e-5, 1e-4), v(0.1, 0.3);
    CrossbarArray array;
    array.conductance.resize(n, n);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = g(generator);
    array.inputs.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) array.inputs(i) = v(generator);
    array.row_wire_resistance = r_wire;
    array.column_wire_resistance = r_wire;
    array.wire_capacitance = c_wire;
    return array;
}

struct Agreement {
    double largest_difference;  // relative to the peak ngspice current
    double largest_delay_difference;
    double shortest_delay;
};

Agreement compare(const CrossbarArray& array, const RowPulse& pulse, double step, double stop) {
    const auto spice_raw = experiments::crossbar_transient_spice(engine(), array, pulse, step, stop);
    solver::TransientSettings settings;
    settings.step = step;
    settings.stop = stop;
    const auto solver_raw = experiments::crossbar_transient_solver(array, pulse, settings);
    REQUIRE(spice_raw.names == solver_raw.names);
    const auto a = experiments::on_output_grid(spice_raw, step, stop);
    const auto b = experiments::on_output_grid(solver_raw, step, stop);
    REQUIRE(a.times == b.times);
    const double peak = a.values.cwiseAbs().maxCoeff();
    REQUIRE(peak > 0.0);
    Agreement result{(a.values - b.values).cwiseAbs().maxCoeff() / peak, 0.0, stop};
    const auto spice_delays = experiments::settling_delays(spice_raw, pulse.delay);
    const auto solver_delays = experiments::settling_delays(solver_raw, pulse.delay);
    for (std::size_t k = 0; k < spice_delays.size(); ++k) {
        result.largest_delay_difference = std::max(
            result.largest_delay_difference, std::abs(spice_delays[k] - solver_delays[k]) / spice_delays[k]);
        result.shortest_delay = std::min(result.shortest_delay, spice_delays[k]);
    }
    return result;
}

}  // namespace

// Wire RC and cell loading both matter: the lines' n^2 r C and the nodes'
// C / G are within an order of magnitude of each other.
CrossbarArray case_array(Eigen::Index n) {
    const double r_wire = n == 8 ? 20.0 : (n == 16 ? 10.0 : 5.0);
    const double c_wire = n == 8 ? 2e-13 : 1e-13;
    return random_array(n, r_wire, c_wire, unsigned(n));
}

TEST_CASE("transient agrees with ngspice: a step that stays on", "[agreement][transient]") {
    const Eigen::Index n = GENERATE(8, 16, 32);
    INFO(n << "x" << n);
    const auto agreement = compare(case_array(n), RowPulse{2e-10, 2e-10, 1e-8, 2e-10}, 2e-11, 8e-9);
    CHECK(agreement.largest_difference < 0.01);
    CHECK(agreement.largest_delay_difference < 0.02);
    CHECK(agreement.shortest_delay > 5e-10);  // the delays are well resolved by the step
}

TEST_CASE("transient agrees with ngspice: a pulse that rises, holds and falls back", "[agreement][transient]") {
    const Eigen::Index n = GENERATE(8, 16, 32);
    INFO(n << "x" << n);
    const auto agreement = compare(case_array(n), RowPulse{1.5e-10, 3e-10, 3e-9, 1e-10}, 2.5e-11, 8e-9);
    CHECK(agreement.largest_difference < 0.01);
    CHECK(agreement.largest_delay_difference < 0.02);
    CHECK(agreement.shortest_delay > 3e-9);  // measured after the fall
}

TEST_CASE("without a pulse the transient stays at the DC operating point in both engines", "[agreement][transient]") {
    const CrossbarArray array = random_array(8, 5.0, 1e-13, 11);
    const auto spice_raw = experiments::crossbar_transient_spice(engine(), array, std::nullopt, 1e-11, 1e-9);
    solver::TransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 1e-9;
    const auto solver_raw = experiments::crossbar_transient_solver(array, std::nullopt, settings);
    const auto dc = solver::solve_linear_crossbar(array);
    const double peak = dc.column_currents.cwiseAbs().maxCoeff();
    for (const auto* run : {&spice_raw, &solver_raw}) {
        for (Eigen::Index n = 0; n < run->values.rows(); ++n) {
            CHECK((run->values.row(n).transpose() - dc.column_currents).cwiseAbs().maxCoeff() < 1e-6 * peak);
        }
    }
}
