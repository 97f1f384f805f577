// Physical laws the solution must obey, checked on arrays too large for
// closed forms: conservation of charge, linearity, the ideal-wire limit and
// the direction of the IR-drop error.
#include "crossbar_fixtures.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

using memcosim::solver::LinearMethod;
using memcosim::solver::LinearSolveOptions;
using memcosim::solver::solve_linear_crossbar;
using memcosim::test::with_method;
using memcosim::test::relative_max_error;


TEST_CASE("current leaving the drivers reaches the sense nodes", "[solver][physics]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const auto a = memcosim::test::random_array(
        {.rows = 60, .cols = 50, .g_min = 1e-6, .g_max = 1e-3, .r_row = 2.0, .r_col = 3.0, .seed = 21});
    const auto s = solve_linear_crossbar(a, with_method(method));
    // Driver currents from the first row segments, sense currents from the
    // last column segments: neither is how the solver reports currents.
    const double from_drivers = ((a.inputs - s.row_voltages.col(0)) / a.row_wire_resistance).sum();
    const double into_senses = (s.column_voltages.row(a.rows() - 1) / a.column_wire_resistance).sum();
    CHECK(std::abs(from_drivers - into_senses) < 1e-9 * into_senses);
    CHECK(std::abs(s.column_currents.sum() - into_senses) < 1e-9 * into_senses);
    // Per column too: the reported current is the last segment's current.
    const Eigen::VectorXd last_segment = s.column_voltages.row(a.rows() - 1).transpose() / a.column_wire_resistance;
    CHECK(relative_max_error(s.column_currents, last_segment) < 1e-9);
}

TEST_CASE("currents are linear in the inputs", "[solver][physics]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    auto a = memcosim::test::random_array({.rows = 80, .cols = 70, .r_row = 1.0, .r_col = 2.0, .seed = 4});
    auto b = memcosim::test::random_array({.rows = 80, .cols = 70, .r_row = 1.0, .r_col = 2.0, .seed = 5});
    b.conductance = a.conductance;
    auto sum = a;
    sum.inputs = 2.0 * a.inputs - 3.0 * b.inputs;
    const auto sa = solve_linear_crossbar(a, with_method(method));
    const auto sb = solve_linear_crossbar(b, with_method(method));
    const auto ss = solve_linear_crossbar(sum, with_method(method));
    const Eigen::VectorXd combined = 2.0 * sa.column_currents - 3.0 * sb.column_currents;
    CHECK(relative_max_error(ss.column_currents, combined) < 1e-9);
}

TEST_CASE("very conductive wires give the ideal currents G^T V", "[solver][physics]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const double r_wire = GENERATE(1e-3, 1e-6, 1e-9);
    const auto a = memcosim::test::random_array(
        {.rows = 70, .cols = 90, .g_min = 1e-5, .g_max = 1e-3, .r_row = r_wire, .r_col = r_wire, .seed = 8});
    const auto s = solve_linear_crossbar(a, with_method(method));
    const Eigen::VectorXd ideal = a.ideal_column_currents();
    // To first order the IR-drop error is proportional to r (about 1.2 r
    // for this array): demand that it shrinks in proportion, down to 1e-9.
    INFO("r_wire " << r_wire << ", method " << to_string(method));
    const double error = relative_max_error(s.column_currents, ideal);
    CHECK(error < 2.0 * r_wire + 1e-12);
    CHECK(error > 0.5 * r_wire);
    CHECK((s.column_currents.array() <= ideal.array() * (1.0 + 1e-12)).all());
}

TEST_CASE("wires only ever reduce the currents of positive inputs", "[solver][physics]") {
    const LinearMethod method = GENERATE(LinearMethod::direct, LinearMethod::multigrid_pcg);
    const auto a = memcosim::test::random_array(
        {.rows = 64, .cols = 64, .g_min = 1e-6, .g_max = 1e-3, .r_row = 2.0, .r_col = 2.0, .v_min = 0.01, .seed = 13});
    const auto s = solve_linear_crossbar(a, with_method(method));
    const Eigen::VectorXd ideal = a.ideal_column_currents();
    CHECK((s.column_currents.array() > 0.0).all());
    CHECK((s.column_currents.array() < ideal.array()).all());
    // Every node sits between the sense (0 V) and the highest drive (maximum
    // principle). Single cells may see reverse voltage: a weakly driven row
    // crossing a column lifted by the others.
    const double v_max = a.inputs.maxCoeff();
    CHECK(s.row_voltages.minCoeff() > 0.0);
    CHECK(s.row_voltages.maxCoeff() < v_max);
    CHECK(s.column_voltages.minCoeff() > 0.0);
    CHECK(s.column_voltages.maxCoeff() < v_max);
}

TEST_CASE("more wire resistance means less current", "[solver][physics]") {
    auto a = memcosim::test::random_array({.rows = 50, .cols = 50, .seed = 17});
    Eigen::VectorXd previous = a.ideal_column_currents();
    for (double r : {0.1, 1.0, 10.0, 100.0}) {
        a.row_wire_resistance = r;
        a.column_wire_resistance = r;
        const auto s = solve_linear_crossbar(a, with_method(LinearMethod::multigrid_pcg));
        INFO("r_wire " << r);
        CHECK((s.column_currents.array() < previous.array()).all());
        previous = s.column_currents;
    }
}
