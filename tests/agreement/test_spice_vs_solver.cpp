// The same generated crossbar in ngspice and in the exact solver: they must
// agree to 1e-6 of the largest column current (DESIGN.md, issue 2), and both
// must meet the closed form where one exists.
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <random>

using namespace memcosim;

spice::Engine& shared_engine() {
    static spice::Engine instance;  // one ngspice per process
    return instance;
}

namespace {

spice::Engine& engine() { return shared_engine(); }

Eigen::VectorXd spice_currents(const CrossbarArray& array) {
    const auto circuit = generators::build_crossbar_circuit(array);
    netlist::require_electrical_rules(circuit);
    const auto result = engine().run(netlist::write_spice_lines(circuit));
    Eigen::VectorXd currents(array.cols());
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        currents(j) = result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0);
    }
    return currents;
}

CrossbarArray random_array(Eigen::Index rows, Eigen::Index cols, double r_row, double r_col, unsigned seed) {
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> conductance(1e-6, 1e-4), voltage(0.0, 0.3);
    CrossbarArray array;
    array.conductance.resize(rows, cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = conductance(generator);
    array.inputs.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) array.inputs(i) = voltage(generator);
    array.row_wire_resistance = r_row;
    array.column_wire_resistance = r_col;
    return array;
}

double relative_difference(const Eigen::VectorXd& reference, const Eigen::VectorXd& other) {
    return (reference - other).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("a single cell meets the series closed form in ngspice and in the solver", "[agreement]") {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(1, 1, 2e-5);
    array.inputs = Eigen::VectorXd::Constant(1, 0.25);
    array.row_wire_resistance = 3.0;
    array.column_wire_resistance = 7.0;
    const double exact = 0.25 / (3.0 + 1.0 / 2e-5 + 7.0);
    CHECK(std::abs(spice_currents(array)(0) - exact) <= 1e-9 * exact);
    CHECK(std::abs(solver::solve_linear_crossbar(array).column_currents(0) - exact) <= 1e-12 * exact);
}

TEST_CASE("ngspice and the solver agree on random crossbars", "[agreement]") {
    const auto [rows, cols, r_row, r_col] = GENERATE(table<Eigen::Index, Eigen::Index, double, double>({
        {16, 16, 1.0, 1.0},
        {16, 16, 5.0, 0.1},
        {24, 40, 0.5, 2.0},
        {64, 48, 2.5, 1.5},
    }));
    CAPTURE(rows, cols, r_row, r_col);
    const auto array = random_array(rows, cols, r_row, r_col, static_cast<unsigned>(rows * 131 + cols));
    const Eigen::VectorXd spice = spice_currents(array);
    for (auto method : {solver::LinearMethod::direct, solver::LinearMethod::multigrid_pcg}) {
        solver::LinearSolveOptions options;
        options.method = method;
        const auto solution = solver::solve_linear_crossbar(array, options);
        CAPTURE(solver::to_string(method));
        CHECK(relative_difference(spice, solution.column_currents) <= 1e-6);
    }
    // Wires only ever lose current for positive inputs.
    CHECK((spice.array() < array.ideal_column_currents().array()).all());
}
