// The periphery (driver output resistances, load-resistor sensing, column
// bias voltages, floating lines) in ngspice and in both solver methods, on
// the same generated circuit: column currents and row driver currents agree
// to 1e-6 of the largest current.
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/bias_scheme.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <random>

using namespace memcosim;

spice::Engine& shared_engine();

namespace {

struct LineCurrents {
    Eigen::VectorXd columns, rows;
};

// Floating lines have no source and report 0, as the solver does.
LineCurrents spice_line_currents(const CrossbarArray& array) {
    const auto circuit = generators::build_crossbar_circuit(array);
    netlist::require_electrical_rules(circuit);
    const auto result = shared_engine().run(netlist::write_spice_lines(circuit));
    LineCurrents out{Eigen::VectorXd::Zero(array.cols()), Eigen::VectorXd::Zero(array.rows())};
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        if (array.column_termination(j).floating) continue;
        out.columns(j) = result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0);
    }
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        if (array.row_driver(i).floating) continue;
        out.rows(i) = -result.vector(generators::CrossbarNames::driver_current_vector(i)).real.at(0);
    }
    return out;
}

struct PeripheryCase {
    Eigen::Index rows, cols;
    double r_wire;
    double driver_r_max, load_r_max, bias_max, p_float;
};

CrossbarArray random_array(const PeripheryCase& c, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CrossbarArray array;
    array.conductance = RowMajorMatrix::NullaryExpr(c.rows, c.cols, [&] { return 1e-6 + 1e-4 * unit(rng); });
    array.inputs = Eigen::VectorXd::NullaryExpr(c.rows, [&] { return 0.3 * unit(rng); });
    array.row_wire_resistance = c.r_wire;
    array.column_wire_resistance = 0.7 * c.r_wire;
    for (Eigen::Index i = 0; i < c.rows; ++i) {
        array.row_drivers.push_back({i > 0 && unit(rng) < c.p_float, c.driver_r_max * unit(rng)});
    }
    for (Eigen::Index j = 0; j < c.cols; ++j) {
        array.column_terminations.push_back({unit(rng) < c.p_float, c.load_r_max * unit(rng)});
    }
    array.column_bias = Eigen::VectorXd::NullaryExpr(c.cols, [&] { return c.bias_max * unit(rng); });
    return array;
}

double largest(const LineCurrents& c) {
    return std::max(c.columns.cwiseAbs().maxCoeff(), c.rows.cwiseAbs().maxCoeff());
}

}  // namespace

TEST_CASE("ngspice and the solver agree on crossbars with periphery", "[agreement][periphery]") {
    const PeripheryCase c = GENERATE(PeripheryCase{16, 16, 1.0, 500.0, 0.0, 0.0, 0.0},    // driver output resistance
                                     PeripheryCase{20, 12, 2.0, 0.0, 2e4, 0.0, 0.0},      // load-resistor sensing
                                     PeripheryCase{12, 24, 0.5, 0.0, 0.0, 0.15, 0.0},     // column bias voltages
                                     PeripheryCase{24, 20, 1.0, 0.0, 0.0, 0.0, 0.4},      // floating lines
                                     PeripheryCase{48, 40, 1.5, 200.0, 5e3, 0.2, 0.25});  // all at once
    CAPTURE(c.rows, c.cols, c.driver_r_max, c.load_r_max, c.bias_max, c.p_float);
    const auto array = random_array(c, static_cast<unsigned>(c.rows * 97 + c.cols));
    const LineCurrents spice = spice_line_currents(array);
    for (auto method : {solver::LinearMethod::direct, solver::LinearMethod::multigrid_pcg}) {
        solver::LinearSolveOptions options;
        options.method = method;
        const auto solution = solver::solve_linear_crossbar(array, options);
        CAPTURE(solver::to_string(method));
        CHECK((spice.columns - solution.column_currents).cwiseAbs().maxCoeff() <= 1e-6 * largest(spice));
        CHECK((spice.rows - solution.row_currents).cwiseAbs().maxCoeff() <= 1e-6 * largest(spice));
    }
}

TEST_CASE("ngspice and the solver agree on single-cell bias schemes", "[agreement][periphery][bias]") {
    const auto scheme = GENERATE(solver::BiasScheme::half_voltage, solver::BiasScheme::third_voltage,
                                 solver::BiasScheme::floating_lines);
    CAPTURE(solver::to_string(scheme));
    auto array = random_array({32, 24, 2.0, 0.0, 0.0, 0.0, 0.0}, 5);
    array.row_drivers.assign(32, LineTermination{false, 50.0});  // real drivers, kept by the scheme
    array.column_terminations.clear();
    array.column_bias.resize(0);
    const solver::SelectedCell cell{3, 17};
    auto biased = array;
    solver::apply_bias_scheme(biased, scheme, cell, 0.4);
    const LineCurrents spice = spice_line_currents(biased);
    for (auto method : {solver::LinearMethod::direct, solver::LinearMethod::multigrid_pcg}) {
        solver::LinearSolveOptions options;
        options.method = method;
        const auto access = solver::access_cell(array, scheme, cell, 0.4, options);
        CAPTURE(solver::to_string(method));
        CHECK(std::abs(access.sensed_current - spice.columns(cell.column)) <= 1e-6 * largest(spice));
        CHECK((spice.rows - access.solution.row_currents).cwiseAbs().maxCoeff() <= 1e-6 * largest(spice));
    }
}
