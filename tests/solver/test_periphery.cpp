// The periphery of core/crossbar_array.hpp: driver output resistances, load
// resistors, column bias voltages and floating lines, against closed forms
// and a resistor-by-resistor nodal analysis, both methods agreeing.
#include "core/error.hpp"
#include "crossbar_fixtures.hpp"
#include "resistor_network.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinRel;
using solver::LinearMethod;
using test::relative_max_error;

namespace {

solver::LinearSolveOptions with_method(LinearMethod method) {
    solver::LinearSolveOptions options;
    options.method = method;
    options.relative_tolerance = 1e-12;
    return options;
}

// Random periphery: each line floating with probability p_float, else a
// resistance of 0 (half the time) or up to r_max, and column biases in
// [-0.1, 0.1] V. Row 0 always driven so the array is never all floating.
void randomise_periphery(CrossbarArray& a, double p_float, double r_max, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto draw = [&](bool may_float) {
        LineTermination end;
        end.floating = may_float && unit(rng) < p_float;
        end.resistance = unit(rng) < 0.5 ? 0.0 : r_max * unit(rng);
        return end;
    };
    for (Eigen::Index i = 0; i < a.rows(); ++i) a.row_drivers.push_back(draw(i > 0));
    for (Eigen::Index j = 0; j < a.cols(); ++j) a.column_terminations.push_back(draw(true));
    a.column_bias = Eigen::VectorXd::NullaryExpr(a.cols(), [&] { return 0.2 * unit(rng) - 0.1; });
}

}  // namespace

TEST_CASE("a single cell behind a driver resistance into a biased load", "[solver][periphery][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const double wire = GENERATE(0.0, 3.0);  // 0: ideal wires
    CrossbarArray a;
    a.conductance = RowMajorMatrix::Constant(1, 1, 2.5e-5);
    a.inputs = Eigen::VectorXd::Constant(1, 0.4);
    a.row_wire_resistance = wire;
    a.column_wire_resistance = wire;
    a.row_drivers = {{false, 150.0}};
    a.column_terminations = {{false, 1e4}};
    a.column_bias = Eigen::VectorXd::Constant(1, 0.1);
    const auto s = solver::solve_linear_crossbar(a, with_method(method));
    // Five resistors in series between 0.4 V and 0.1 V.
    const double I = (0.4 - 0.1) / (150.0 + wire + 1.0 / 2.5e-5 + wire + 1e4);
    INFO("method " << to_string(method) << ", wire " << wire);
    CHECK_THAT(s.column_currents[0], WithinRel(I, 1e-12));
    CHECK_THAT(s.row_currents[0], WithinRel(I, 1e-12));
    CHECK_THAT(s.row_voltages(0, 0), WithinRel(0.4 - (150.0 + wire) * I, 1e-12));
    CHECK_THAT(s.column_voltages(0, 0), WithinRel(0.1 + (1e4 + wire) * I, 1e-12));
}

TEST_CASE("random periphery matches a resistor-by-resistor nodal analysis", "[solver][periphery][closed-form]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const auto [rows, cols, p_float] = GENERATE(table<int, int, double>(
        {{1, 1, 0.0}, {1, 6, 0.5}, {6, 1, 0.5}, {3, 5, 0.3}, {7, 9, 0.3}, {8, 8, 0.8}, {9, 4, 0.0}}));
    auto a = test::random_array({.rows = rows,
                                 .cols = cols,
                                 .g_min = 1e-5,
                                 .g_max = 1e-2,
                                 .r_row = 3.0,
                                 .r_col = 0.5,
                                 .v_min = -0.2,
                                 .v_max = 0.3,
                                 .seed = 3});
    randomise_periphery(a, p_float, 500.0, static_cast<std::uint64_t>(rows * 100 + cols));
    const auto s = solver::solve_linear_crossbar(a, with_method(method));
    const auto reference = test::network_currents(a);
    INFO(rows << "x" << cols << " by " << to_string(method) << ", floating fraction " << p_float);
    const double scale = std::max(reference.columns.cwiseAbs().maxCoeff(), reference.rows.cwiseAbs().maxCoeff());
    CHECK((s.column_currents - reference.columns).cwiseAbs().maxCoeff() < 1e-10 * scale);
    CHECK((s.row_currents - reference.rows).cwiseAbs().maxCoeff() < 1e-10 * scale);
}

TEST_CASE("periphery: multigrid PCG agrees with the direct factorization", "[solver][periphery][agreement]") {
    struct Case {
        Eigen::Index rows, cols;
        double r_wire, p_float, r_max;
    };
    const Case c = GENERATE(Case{64, 80, 1.0, 0.0, 1e3}, Case{100, 64, 0.1, 0.3, 100.0}, Case{90, 90, 2.0, 0.9, 1e4},
                            Case{128, 96, 1.0, 0.5, 0.0}, Case{3, 150, 1.0, 0.5, 50.0}, Case{150, 2, 0.5, 0.5, 50.0});
    auto a = test::random_array({.rows = c.rows,
                                 .cols = c.cols,
                                 .g_min = 1e-6,
                                 .g_max = 1e-3,
                                 .r_row = c.r_wire,
                                 .r_col = c.r_wire,
                                 .seed = 4});
    randomise_periphery(a, c.p_float, c.r_max, 9);
    const auto d = solver::solve_linear_crossbar(a, with_method(LinearMethod::direct));
    const auto p = solver::solve_linear_crossbar(a, with_method(LinearMethod::multigrid_pcg));
    INFO(c.rows << "x" << c.cols << ", wire " << c.r_wire << ", floating " << c.p_float << ", R up to " << c.r_max);
    CHECK(p.iterations <= 12);
    const double scale = std::max(d.column_currents.cwiseAbs().maxCoeff(), d.row_currents.cwiseAbs().maxCoeff());
    CHECK((p.column_currents - d.column_currents).cwiseAbs().maxCoeff() < 1e-9 * scale);
    CHECK((p.row_currents - d.row_currents).cwiseAbs().maxCoeff() < 1e-9 * scale);
    CHECK((p.row_voltages - d.row_voltages).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((p.column_voltages - d.column_voltages).cwiseAbs().maxCoeff() < 1e-9);
}

TEST_CASE("the current from the drivers reaches the terminals", "[solver][periphery][physics]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    auto a = test::random_array(
        {.rows = 60, .cols = 50, .g_min = 1e-6, .g_max = 1e-3, .r_row = 2.0, .r_col = 3.0, .seed = 21});
    randomise_periphery(a, 0.3, 200.0, 5);
    const auto s = solver::solve_linear_crossbar(a, with_method(method));
    CHECK(std::abs(s.row_currents.sum() - s.column_currents.sum()) < 1e-9 * s.row_currents.cwiseAbs().sum());
    // Each driven row's current is also the drop across its end segment and
    // driver resistance: not how the solver reports it.
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        const LineTermination end = a.row_driver(i);
        const double by_ohm = end.floating ? 0.0 : (a.inputs[i] - s.row_voltages(i, 0)) / (2.0 + end.resistance);
        CHECK(std::abs(s.row_currents[i] - by_ohm) < 1e-9 * s.row_currents.cwiseAbs().maxCoeff());
    }
}

TEST_CASE("an explicit default periphery changes nothing", "[solver][periphery]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const auto a = test::random_array({.rows = 40, .cols = 30, .seed = 2});
    auto b = a;
    b.row_drivers.assign(40, LineTermination{});
    b.column_terminations.assign(30, LineTermination{});
    b.column_bias = Eigen::VectorXd::Zero(30);
    const auto sa = solver::solve_linear_crossbar(a, with_method(method));
    const auto sb = solver::solve_linear_crossbar(b, with_method(method));
    CHECK(sa.column_currents == sb.column_currents);
    CHECK(sa.iterations == sb.iterations);
    // Row currents with 1 ohm wires: a little below the ideal V_i sum_j G_ij.
    const Eigen::VectorXd ideal_rows = a.conductance.rowwise().sum().cwiseProduct(a.inputs);
    CHECK(relative_max_error(sa.row_currents, ideal_rows) < 5e-2);
    CHECK((sa.row_currents.array() < ideal_rows.array()).all());
}

TEST_CASE("an array with no source at all is singular, not NaN", "[solver][periphery][bad-input]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const double wire = GENERATE(0.0, 1.0);
    auto a = test::random_array({.rows = 5, .cols = 4, .r_row = wire, .r_col = wire});
    a.row_drivers.assign(5, LineTermination{true, 0.0});
    a.column_terminations.assign(4, LineTermination{true, 0.0});
    CHECK_THROWS_WITH(solver::solve_linear_crossbar(a, with_method(method)),
                      ContainsSubstring("singular") && ContainsSubstring("floating"));
    // One terminated line anywhere makes it solvable: everything floats to its potential.
    a.column_terminations[2] = LineTermination{false, 100.0};
    a.column_bias = Eigen::VectorXd::Constant(4, 0.05);
    const auto s = solver::solve_linear_crossbar(a, with_method(method));
    CHECK((s.row_voltages.array() - 0.05).abs().maxCoeff() < 1e-12);
    CHECK(s.column_currents.cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("bad periphery is refused naming the line", "[solver][periphery][bad-input]") {
    auto a = test::random_array({.rows = 4, .cols = 3});
    SECTION("negative driver resistance") {
        a.row_drivers.assign(4, LineTermination{});
        a.row_drivers[2].resistance = -5.0;
        CHECK_THROWS_WITH(a.validate(), ContainsSubstring("row 2") && ContainsSubstring(">= 0"));
    }
    SECTION("negative load resistance") {
        a.column_terminations.assign(3, LineTermination{});
        a.column_terminations[1].resistance = -1.0;
        CHECK_THROWS_WITH(solver::solve_linear_crossbar(a), ContainsSubstring("column 1"));
    }
    SECTION("infinite load resistance") {
        a.column_terminations.assign(3, LineTermination{false, std::numeric_limits<double>::infinity()});
        CHECK_THROWS_AS(a.validate(), InputError);
    }
    SECTION("wrong number of terminations") {
        a.column_terminations.assign(2, LineTermination{});
        CHECK_THROWS_WITH(a.validate(), ContainsSubstring("2 column terminations for 3 columns"));
    }
    SECTION("wrong number of column biases") {
        a.column_bias = Eigen::VectorXd::Zero(4);
        CHECK_THROWS_AS(a.validate(), InputError);
    }
    SECTION("one ideal wire family alone") {
        a.column_wire_resistance = 0.0;
        CHECK_THROWS_WITH(a.validate(), ContainsSubstring("--r-col"));
    }
}
