// How the iterative method behaves, beyond its answers: iteration counts on
// typical arrays, progress reports, method selection and its errors.
#include "crossbar_fixtures.hpp"
#include "core/error.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <limits>
#include <string>
#include <vector>

using memcosim::solver::LinearMethod;
using memcosim::solver::LinearSolveOptions;
using memcosim::solver::solve_linear_crossbar;

namespace {

LinearSolveOptions pcg_options() {
    LinearSolveOptions options;
    options.method = LinearMethod::multigrid_pcg;
    return options;
}

}  // namespace

TEST_CASE("PCG converges in a few iterations on typical 256x256 arrays", "[solver][pcg]") {
    struct Wires { double r, g_max; };
    const Wires w = GENERATE(Wires{1.0, 1e-4}, Wires{0.1, 1e-4}, Wires{5.0, 1e-4}, Wires{1.0, 1e-3}, Wires{5.0, 1e-3});
    const auto a = memcosim::test::random_array(
        {.rows = 256, .cols = 256, .g_min = 1e-6, .g_max = w.g_max, .r_row = w.r, .r_col = w.r, .seed = 2});
    std::vector<std::pair<int, double>> reports;
    auto options = pcg_options();
    options.progress = [&](int iteration, double residual) { reports.emplace_back(iteration, residual); };
    const auto s = solve_linear_crossbar(a, options);
    INFO("wires " << w.r << " ohm, G up to " << w.g_max << " S");
    CHECK(s.iterations <= 10);
    CHECK(s.relative_residual <= options.relative_tolerance);
    // One report per iteration, numbered from 1, ending below the tolerance.
    REQUIRE(reports.size() == static_cast<size_t>(s.iterations));
    for (size_t k = 0; k < reports.size(); ++k) CHECK(reports[k].first == int(k) + 1);
    CHECK(reports.back().second <= options.relative_tolerance);
    CHECK(reports.front().second > reports.back().second);
}

TEST_CASE("automatic picks the direct method for small arrays and PCG for large", "[solver][pcg]") {
    const auto small = memcosim::test::random_array({.rows = 16, .cols = 16});
    const auto large = memcosim::test::random_array({.rows = 200, .cols = 200});
    CHECK(solve_linear_crossbar(small).method_used == LinearMethod::direct);
    CHECK(solve_linear_crossbar(large).method_used == LinearMethod::multigrid_pcg);
    CHECK(std::string(to_string(LinearMethod::automatic)) == "automatic");
    CHECK(std::string(to_string(LinearMethod::direct)) == "direct");
    CHECK(std::string(to_string(LinearMethod::multigrid_pcg)) == "multigrid_pcg");
}

TEST_CASE("running out of iterations is an EngineError giving the residual", "[solver][pcg]") {
    const auto a = memcosim::test::random_array({.rows = 64, .cols = 64});
    auto options = pcg_options();
    options.max_iterations = 1;
    options.relative_tolerance = 1e-15;
    std::string message;
    try {
        (void)solve_linear_crossbar(a, options);
    } catch (const memcosim::EngineError& e) {
        message = e.what();
    }
    CHECK_THAT(message, Catch::Matchers::ContainsSubstring("after 1 iterations") &&
                            Catch::Matchers::ContainsSubstring("relative residual"));
}

TEST_CASE("invalid arrays are rejected before solving", "[solver][pcg]") {
    const LinearMethod method = GENERATE(LinearMethod::automatic, LinearMethod::direct, LinearMethod::multigrid_pcg);
    LinearSolveOptions options;
    options.method = method;
    auto a = memcosim::test::random_array({.rows = 10, .cols = 12});
    SECTION("non-positive conductance") {
        a.conductance(3, 4) = 0.0;
        CHECK_THROWS_AS(solve_linear_crossbar(a, options), memcosim::InputError);
    }
    SECTION("NaN conductance") {
        a.conductance(0, 0) = std::numeric_limits<double>::quiet_NaN();
        CHECK_THROWS_AS(solve_linear_crossbar(a, options), memcosim::InputError);
    }
    SECTION("zero wire resistance") {
        a.row_wire_resistance = 0.0;
        CHECK_THROWS_AS(solve_linear_crossbar(a, options), memcosim::InputError);
    }
    SECTION("wrong number of inputs") {
        a.inputs.resize(9);
        CHECK_THROWS_AS(solve_linear_crossbar(a, options), memcosim::InputError);
    }
    SECTION("empty array") {
        a.conductance.resize(0, 0);
        a.inputs.resize(0);
        CHECK_THROWS_AS(solve_linear_crossbar(a, options), memcosim::InputError);
    }
}

TEST_CASE("a residual at the rounding floor counts as converged", "[solver][pcg]") {
    // With 1 mohm wires the node voltages carry rounding errors that the
    // wire conductances amplify: no double-precision answer has a relative
    // residual of 1e-16. PCG must stop there with the right answer, not throw.
    const auto a = memcosim::test::random_array(
        {.rows = 120, .cols = 100, .g_min = 1e-6, .g_max = 1e-3, .r_row = 1e-3, .r_col = 1e-3, .seed = 6});
    auto options = pcg_options();
    options.relative_tolerance = 1e-16;
    const auto s = solve_linear_crossbar(a, options);
    CHECK(s.relative_residual > 1e-16);
    CHECK(s.relative_residual < 1e-11);
    LinearSolveOptions direct;
    direct.method = LinearMethod::direct;
    CHECK(memcosim::test::relative_max_error(s.column_currents, solve_linear_crossbar(a, direct).column_currents) <
          1e-12);
}
