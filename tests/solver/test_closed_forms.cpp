// The solvers against answers derived independently of their assembly:
// series/parallel reductions of ladders, and a generic resistor-network
// solver built from a list of resistors (as a netlist would be;
// resistor_network.hpp).
#include "crossbar_fixtures.hpp"
#include "resistor_network.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <Eigen/Dense>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <vector>

using memcosim::CrossbarArray;
using memcosim::solver::LinearMethod;
using memcosim::solver::LinearSolveOptions;
using memcosim::solver::solve_linear_crossbar;
using memcosim::test::with_method;
using Catch::Matchers::WithinRel;

namespace {


// One row driving C cells, each into its own one-segment column: a ladder of
// series r_row and shunt branches (1/G_j + r_col). Reduced from the far end,
// then the node voltages are walked back out from the driver.
Eigen::VectorXd ladder_row_currents(const CrossbarArray& a) {
    const Eigen::Index C = a.cols();
    const double r = a.row_wire_resistance;
    std::vector<double> branch(C), beyond(C);  // beyond[j]: resistance seen from node j into the rest
    for (Eigen::Index j = 0; j < C; ++j) branch[j] = 1.0 / a.conductance(0, j) + a.column_wire_resistance;
    beyond[C - 1] = branch[C - 1];
    for (Eigen::Index j = C - 2; j >= 0; --j) beyond[j] = 1.0 / (1.0 / branch[j] + 1.0 / (r + beyond[j + 1]));
    Eigen::VectorXd currents(C);
    double v = a.inputs[0] * beyond[0] / (r + beyond[0]);  // divider: driver, first segment, the rest
    for (Eigen::Index j = 0; j < C; ++j) {
        currents[j] = v / branch[j];
        if (j + 1 < C) v = v * beyond[j + 1] / (r + beyond[j + 1]);
    }
    return currents;
}

// One column fed by R rows, each a source V_i behind r_row + 1/G_i. Walking
// down from the free top end, the network above each node is a Thevenin
// source (E, Z), merged with the next row's branch by Millman's theorem.
double ladder_column_current(const CrossbarArray& a) {
    double E = 0.0, Z = 0.0;
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        const double branch = a.row_wire_resistance + 1.0 / a.conductance(i, 0);
        if (i == 0) {
            E = a.inputs[0];
            Z = branch;
            continue;
        }
        const double Z_above = Z + a.column_wire_resistance;
        const double Y = 1.0 / Z_above + 1.0 / branch;
        E = (E / Z_above + a.inputs[i] / branch) / Y;
        Z = 1.0 / Y;
    }
    return E / (Z + a.column_wire_resistance);
}

}  // namespace

TEST_CASE("a single cell is three resistors in series", "[solver][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg, LinearMethod::automatic);
    CrossbarArray a;
    a.conductance.resize(1, 1);
    a.conductance(0, 0) = 2.5e-5;
    a.inputs = Eigen::VectorXd::Constant(1, 0.3);
    a.row_wire_resistance = 3.0;
    a.column_wire_resistance = 7.0;
    const auto s = solve_linear_crossbar(a, with_method(method));
    const double I = 0.3 / (3.0 + 1.0 / 2.5e-5 + 7.0);
    REQUIRE(s.column_currents.size() == 1);
    CHECK_THAT(s.column_currents[0], WithinRel(I, 1e-12));
    CHECK_THAT(s.row_voltages(0, 0), WithinRel(0.3 - 3.0 * I, 1e-12));
    CHECK_THAT(s.column_voltages(0, 0), WithinRel(7.0 * I, 1e-12));
    CHECK_THAT(s.cell_voltages()(0, 0), WithinRel(I / 2.5e-5, 1e-12));
}

TEST_CASE("one row is a resistor ladder", "[solver][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const double r_row = GENERATE(0.1, 2.0, 50.0);
    const auto a = memcosim::test::random_array(
        {.rows = 1, .cols = 97, .g_min = 1e-6, .g_max = 1e-3, .r_row = r_row, .r_col = 1.5, .seed = 7});
    const Eigen::VectorXd expected = ladder_row_currents(a);
    const auto s = solve_linear_crossbar(a, with_method(method));
    INFO("method " << to_string(method) << ", r_row " << r_row);
    CHECK(memcosim::test::relative_max_error(s.column_currents, expected) < 1e-12);
    // Each current also fixes its column node: w = r_col * I.
    CHECK(memcosim::test::relative_max_error(Eigen::VectorXd(s.column_voltages.row(0).transpose()),
                                             Eigen::VectorXd(1.5 * expected)) < 1e-11);
}

TEST_CASE("one column sums Thevenin sources", "[solver][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const double r_col = GENERATE(0.1, 2.0, 50.0);
    const auto a = memcosim::test::random_array(
        {.rows = 83, .cols = 1, .g_min = 1e-6, .g_max = 1e-3, .r_row = 0.7, .r_col = r_col, .seed = 11});
    const auto s = solve_linear_crossbar(a, with_method(method));
    INFO("method " << to_string(method) << ", r_col " << r_col);
    CHECK_THAT(s.column_currents[0], WithinRel(ladder_column_current(a), 1e-12));
}

TEST_CASE("small arrays match a resistor-by-resistor nodal analysis", "[solver][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const auto [rows, cols] = GENERATE(std::pair{2, 2}, std::pair{3, 5}, std::pair{6, 4}, std::pair{7, 9});
    const auto a = memcosim::test::random_array({.rows = rows, .cols = cols, .g_min = 1e-5, .g_max = 1e-2,
                                                 .r_row = 3.0, .r_col = 0.5, .v_min = -0.2, .v_max = 0.3, .seed = 3});
    const auto s = solve_linear_crossbar(a, with_method(method));
    INFO(rows << "x" << cols << " by " << to_string(method));
    CHECK(memcosim::test::relative_max_error(s.column_currents, memcosim::test::network_currents(a).columns) < 1e-10);
}

TEST_CASE("zero inputs give zero currents and voltages", "[solver][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    auto a = memcosim::test::random_array({.rows = 5, .cols = 6});
    a.inputs.setZero();
    const auto s = solve_linear_crossbar(a, with_method(method));
    CHECK(s.column_currents.isZero(0.0));
    CHECK(s.row_voltages.isZero(0.0));
    CHECK(s.column_voltages.isZero(0.0));
}
