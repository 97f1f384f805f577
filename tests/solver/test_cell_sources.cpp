// Norton current sources in parallel with the cells (the linearised cells of
// a Newton step): closed form, superposition, and both methods agreeing.
#include "core/error.hpp"
#include "crossbar_fixtures.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace memcosim;
using memcosim::test::random_array;
using memcosim::test::relative_max_error;

namespace {
solver::CrossbarSolution solve(const CrossbarArray& array, solver::LinearMethod method) {
    solver::LinearSolveOptions options;
    options.method = method;
    return solver::solve_linear_crossbar(array, options);
}
}  // namespace

TEST_CASE("a single cell with a Norton source meets its closed form", "[solver][cell-sources]") {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(1, 1, 1e-4);
    array.inputs = Eigen::VectorXd::Constant(1, 0.3);
    array.row_wire_resistance = 40.0;
    array.column_wire_resistance = 60.0;
    array.cell_source_currents = RowMajorMatrix::Constant(1, 1, -2e-6);
    // I = G v + J with v = V - (r_row + r_col) I.
    const double exact = (1e-4 * 0.3 - 2e-6) / (1.0 + 1e-4 * 100.0);
    for (auto method : {solver::LinearMethod::direct, solver::LinearMethod::multigrid_pcg}) {
        const auto solution = solve(array, method);
        CHECK(std::abs(solution.column_currents(0) - exact) <= 1e-12 * exact);
        const double v_cell = solution.row_voltages(0, 0) - solution.column_voltages(0, 0);
        CHECK(std::abs(v_cell - (0.3 - 100.0 * exact)) <= 1e-12);
    }
}

TEST_CASE("cell sources superpose with the driven solution", "[solver][cell-sources]") {
    auto array = random_array({.rows = 70, .cols = 45, .r_row = 2.0, .r_col = 0.5, .seed = 11});
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> current(-1e-6, 1e-6);
    RowMajorMatrix sources(array.rows(), array.cols());
    for (Eigen::Index k = 0; k < sources.size(); ++k) sources.data()[k] = current(rng);

    const auto driven = solve(array, solver::LinearMethod::multigrid_pcg);
    auto sources_only = array;
    sources_only.inputs.setZero();
    sources_only.cell_source_currents = sources;
    const auto from_sources = solve(sources_only, solver::LinearMethod::multigrid_pcg);
    auto both = array;
    both.cell_source_currents = sources;
    const auto combined_pcg = solve(both, solver::LinearMethod::multigrid_pcg);
    const auto combined_direct = solve(both, solver::LinearMethod::direct);

    const Eigen::VectorXd superposed = driven.column_currents + from_sources.column_currents;
    CHECK(relative_max_error(combined_pcg.column_currents, superposed) < 1e-9);
    CHECK(relative_max_error(combined_pcg.column_currents, combined_direct.column_currents) < 1e-9);
    CHECK(relative_max_error(combined_pcg.row_voltages, combined_direct.row_voltages) < 1e-9);
}

TEST_CASE("mis-sized cell sources are refused", "[solver][cell-sources][bad-input]") {
    auto array = random_array({.rows = 4, .cols = 4});
    array.cell_source_currents = RowMajorMatrix::Zero(3, 4);
    CHECK_THROWS_AS(solver::solve_linear_crossbar(array), InputError);
}
