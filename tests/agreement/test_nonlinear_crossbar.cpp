// Newton on a crossbar of nonlinear cells against ngspice on the same
// circuit: the generated 1R netlist with every cell resistor replaced by a
// behavioural source carrying the same I(V).
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/nonlinear_crossbar_solver.hpp"
#include "spice/engine.hpp"
#include "core/error.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>
#include <random>

using namespace memcosim;

spice::Engine& shared_engine();

namespace {

// A selector-like cell: I = a G sinh(v / v0) / ... scaled so small-signal
// conductance is G at v = 0.
constexpr double v0 = 0.25;

void sinh_cells(const RowMajorMatrix& g, const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
    i = (g.array() * v0 * (v.array() / v0).sinh()).matrix();
    di = (g.array() * (v.array() / v0).cosh()).matrix();
}

netlist::Circuit with_sinh_cells(const CrossbarArray& array) {
    auto circuit = generators::build_crossbar_circuit(array);
    for (auto& element : circuit.elements) {
        const auto* r = std::get_if<netlist::Resistor>(&element);
        if (r == nullptr || r->name.rfind("rg", 0) != 0) continue;
        const double g = 1.0 / r->resistance;
        element = netlist::BehavioralSource{"b" + r->name, r->positive, r->negative,
                                            netlist::BehavioralSource::Output::current,
                                            fmt::format("{}*sinh(v({},{})/{})", g * v0, r->positive, r->negative, v0)};
    }
    return circuit;
}

}  // namespace

TEST_CASE("Newton on sinh cells matches ngspice", "[agreement][nonlinear]") {
    CrossbarArray array;
    std::mt19937_64 rng(21);
    std::uniform_real_distribution<double> conductance(1e-6, 1e-4), voltage(0.2, 0.9);
    array.conductance.resize(20, 14);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = conductance(rng);
    array.inputs.resize(20);
    for (auto& v : array.inputs) v = voltage(rng);
    array.row_wire_resistance = 5.0;
    array.column_wire_resistance = 3.0;

    const RowMajorMatrix g = array.conductance;
    const auto evaluator = [&g](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
        sinh_cells(g, v, i, di);
    };
    const auto newton = solver::solve_nonlinear_crossbar(array, evaluator);
    CHECK(newton.newton_iterations > 1);

    const auto result = shared_engine().run(netlist::write_spice_lines(with_sinh_cells(array)));
    Eigen::VectorXd spice(array.cols());
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        spice(j) = result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0);
    }
    const double difference = (spice - newton.solution.column_currents).cwiseAbs().maxCoeff();
    CHECK(difference <= 1e-6 * spice.cwiseAbs().maxCoeff());
    // The nonlinear cells draw more than their small-signal conductance would.
    CHECK((spice.array() > array.ideal_column_currents().array() * 0.5).all());
}

TEST_CASE("linear cells converge in one Newton step to the linear solution", "[nonlinear]") {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(9, 7, 2e-5);
    array.conductance(3, 4) = 9e-5;
    array.inputs = Eigen::VectorXd::LinSpaced(9, 0.1, 0.3);
    array.row_wire_resistance = 2.0;
    array.column_wire_resistance = 2.0;
    const RowMajorMatrix g = array.conductance;
    const auto newton = solver::solve_nonlinear_crossbar(
        array, [&g](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
            i = g.cwiseProduct(v);
            di = g;
        });
    const auto linear = solver::solve_linear_crossbar(array);
    CHECK(newton.newton_iterations <= 2);
    CHECK((newton.solution.column_currents - linear.column_currents).cwiseAbs().maxCoeff() <=
          1e-10 * linear.column_currents.cwiseAbs().maxCoeff());
}

TEST_CASE("a cell model returning NaN is an error, not a result", "[nonlinear][bad-input]") {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(2, 2, 1e-5);
    array.inputs = Eigen::Vector2d(0.1, 0.2);
    array.row_wire_resistance = 1.0;
    array.column_wire_resistance = 1.0;
    CHECK_THROWS_AS(solver::solve_nonlinear_crossbar(array,
                                                     [](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
                                                         i = v * NAN;
                                                         di = v;
                                                     }),
                    EngineError);
}
