// The two methods share nothing but the problem description: the direct one
// assembles and factors the nodal matrix, the iterative one never forms it.
// Agreement to near rounding on varied arrays checks both.
#include "crossbar_fixtures.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

using memcosim::solver::LinearMethod;
using memcosim::solver::LinearSolveOptions;
using memcosim::solver::solve_linear_crossbar;
using memcosim::test::relative_max_error;

namespace {

struct Case {
    Eigen::Index rows, cols;
    double r_row, r_col, g_min, g_max;
};

void check_agreement(const memcosim::CrossbarArray& a, int coarse_spacing) {
    LinearSolveOptions direct;
    direct.method = LinearMethod::direct;
    LinearSolveOptions pcg;
    pcg.method = LinearMethod::multigrid_pcg;
    pcg.relative_tolerance = 1e-12;
    pcg.coarse_spacing = coarse_spacing;
    const auto d = solve_linear_crossbar(a, direct);
    const auto p = solve_linear_crossbar(a, pcg);
    CHECK(d.method_used == LinearMethod::direct);
    CHECK(p.method_used == LinearMethod::multigrid_pcg);
    CHECK(p.iterations > 0);
    CHECK(p.relative_residual <= 1e-12);
    CHECK(relative_max_error(p.column_currents, d.column_currents) < 1e-9);
    const double v_max = a.inputs.cwiseAbs().maxCoeff();
    CHECK((p.row_voltages - d.row_voltages).cwiseAbs().maxCoeff() < 1e-9 * v_max);
    CHECK((p.column_voltages - d.column_voltages).cwiseAbs().maxCoeff() < 1e-9 * v_max);
}

}  // namespace

TEST_CASE("multigrid PCG agrees with the direct factorization", "[solver][agreement]") {
    const Case c = GENERATE(Case{37, 53, 1.0, 1.0, 1e-6, 1e-4}, Case{100, 64, 0.1, 2.5, 1e-6, 1e-3},
                            Case{64, 100, 5.0, 0.3, 1e-5, 1e-3}, Case{128, 96, 2.0, 2.0, 1e-6, 1e-4},
                            Case{3, 150, 1.0, 1.0, 1e-6, 1e-3}, Case{150, 2, 0.5, 4.0, 1e-6, 1e-3},
                            Case{90, 90, 5.0, 5.0, 1e-4, 1e-3});
    const auto seed = GENERATE(1u, 2u);
    const auto a = memcosim::test::random_array({.rows = c.rows, .cols = c.cols, .g_min = c.g_min,
                                                 .g_max = c.g_max, .r_row = c.r_row, .r_col = c.r_col, .seed = seed});
    INFO(c.rows << "x" << c.cols << ", r_row " << c.r_row << ", r_col " << c.r_col << ", G up to " << c.g_max);
    check_agreement(a, 0);
}

TEST_CASE("any coarse spacing gives the same answer", "[solver][agreement]") {
    // 1 makes the coarse space the whole space; large ones leave 1-2 coarse
    // points per direction; odd ones leave uneven last intervals.
    const int spacing = GENERATE(1, 2, 3, 7, 16, 64, 1000);
    const auto a = memcosim::test::random_array(
        {.rows = 45, .cols = 31, .g_min = 1e-6, .g_max = 1e-3, .r_row = 2.0, .r_col = 0.5, .seed = 5});
    INFO("coarse spacing " << spacing);
    check_agreement(a, spacing);
}

TEST_CASE("mixed-sign inputs", "[solver][agreement]") {
    const auto a = memcosim::test::random_array(
        {.rows = 70, .cols = 40, .g_min = 1e-6, .g_max = 1e-4, .v_min = -0.5, .v_max = 0.5, .seed = 9});
    check_agreement(a, 0);
}
