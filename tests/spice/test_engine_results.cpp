// Results of good runs, checked against closed-form circuit solutions.
#include "shared_engine.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <numbers>

using namespace memcosim::spice;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Linear interpolation of y(x) on an increasing x grid.
double interpolate(const std::vector<double>& x, const std::vector<double>& y, double at) {
    const auto upper = std::lower_bound(x.begin(), x.end(), at);
    REQUIRE(upper != x.begin());
    REQUIRE(upper != x.end());
    const auto i = static_cast<std::size_t>(upper - x.begin());
    const double fraction = (at - x[i - 1]) / (x[i] - x[i - 1]);
    return y[i - 1] + fraction * (y[i] - y[i - 1]);
}

}  // namespace

TEST_CASE("resistive divider .op matches V*R2/(R1+R2) and the source current", "[spice]") {
    using namespace memcosim::spice::test;
    const auto result = shared_engine().run(divider_netlist());

    CHECK(result.plot_type == "op");
    CHECK(result.plot_name.starts_with("op"));
    CHECK_THAT(result.vector("out").real.at(0), WithinAbs(divider_v * divider_r2 / (divider_r1 + divider_r2), 1e-9));
    CHECK_THAT(result.vector("in").real.at(0), WithinAbs(divider_v, 1e-12));
    // ngspice's branch current flows from + through the source to -: a
    // source delivering power has a negative current.
    CHECK_THAT(result.vector("v1#branch").real.at(0), WithinAbs(-divider_v / (divider_r1 + divider_r2), 1e-12));
    CHECK(result.seconds > 0.0);
    CHECK_FALSE(result.log.empty());
}

TEST_CASE("vector lookup is case-insensitive and knows v() and i() names", "[spice]") {
    const auto result = test::shared_engine().run(test::divider_netlist());
    const double out = result.vector("out").real.at(0);
    CHECK(result.vector("OUT").real.at(0) == out);
    CHECK(result.vector("v(out)").real.at(0) == out);
    CHECK(result.vector("V(Out)").real.at(0) == out);
    CHECK(result.vector("i(v1)").real.at(0) == result.vector("V1#BRANCH").real.at(0));
    CHECK(result.has_vector("in"));
    CHECK_FALSE(result.has_vector("nowhere"));
    CHECK_THROWS_AS(result.vector("nowhere"), std::out_of_range);
    CHECK_THROWS_WITH(result.vector("nowhere"), Catch::Matchers::ContainsSubstring("nowhere"));
}

TEST_CASE("RC charging .tran follows 1-exp(-t/RC)", "[spice]") {
    // R = 1k, C = 1u: RC = 1 ms. The step rises in 1 ps, so it is a step at
    // t = 0 for this purpose; the 5 us maximum step keeps interpolation
    // between points well under the 1 % tolerance.
    const std::vector<std::string> netlist = {
        "rc step", "V1 in 0 PULSE(0 1 0 1p 1p 1 2)", "R1 in out 1k", "C1 out 0 1u", ".options klu", ".tran 5u 5m 0 5u",
    };
    const auto result = test::shared_engine().run(netlist);
    CHECK(result.plot_type == "tran");
    REQUIRE(result.has_vector("time"));
    const auto& time = result.vector("time").real;
    const auto& out = result.vector("out").real;
    REQUIRE(time.size() == out.size());
    REQUIRE(time.size() > 100);
    CHECK_THAT(time.front(), WithinAbs(0.0, 1e-15));
    CHECK_THAT(time.back(), WithinRel(5e-3, 1e-9));
    constexpr double rc = 1e-3;
    for (const double t : {0.2e-3, 0.5e-3, 1e-3, 2e-3, 3e-3, 4.5e-3}) {
        INFO("t = " << t);
        CHECK_THAT(interpolate(time, out, t), WithinRel(1.0 - std::exp(-t / rc), 0.01));
    }
}

TEST_CASE(".dc sweep has one point per step and is linear", "[spice]") {
    const std::vector<std::string> netlist = {
        "dc sweep", "V1 in 0 0", "R1 in out 2k", "R2 out 0 6k", ".options klu", ".dc V1 -1 4 0.5",
    };
    const auto result = test::shared_engine().run(netlist);
    CHECK(result.plot_type == "dc");
    const auto& sweep = result.vector("v-sweep").real;
    const auto& out = result.vector("out").real;
    REQUIRE(sweep.size() == 11);
    for (const auto& vector : result.vectors) {
        CHECK(vector.real.size() == 11);
    }
    for (std::size_t i = 0; i < sweep.size(); ++i) {
        CHECK_THAT(sweep[i], WithinAbs(-1.0 + 0.5 * static_cast<double>(i), 1e-12));
        CHECK_THAT(out[i], WithinAbs(sweep[i] * 6.0 / 8.0, 1e-9));
        CHECK_THAT(result.vector("i(v1)").real[i], WithinAbs(-sweep[i] / 8e3, 1e-12));
    }
}

TEST_CASE(".ac vectors are complex: RC low-pass is 1/(1+jwRC)", "[spice]") {
    const std::vector<std::string> netlist = {
        "rc lowpass", "V1 in 0 DC 0 AC 1", "R1 in out 1k", "C1 out 0 1u", ".options klu", ".ac dec 10 10 100k",
    };
    const auto result = test::shared_engine().run(netlist);
    CHECK(result.plot_type == "ac");
    const auto& frequency = result.vector("frequency");
    const auto& out = result.vector("out");
    REQUIRE(out.is_complex());
    REQUIRE(out.real.size() == frequency.real.size());
    REQUIRE(out.real.size() == 41);
    for (std::size_t i = 0; i < out.real.size(); i += 5) {
        const double wrc = 2.0 * std::numbers::pi * frequency.real[i] * 1e-3;
        const double denominator = 1.0 + wrc * wrc;
        CHECK_THAT(out.real[i], WithinAbs(1.0 / denominator, 1e-9));
        CHECK_THAT(out.imag[i], WithinAbs(-wrc / denominator, 1e-9));
    }
}

TEST_CASE("subcircuit node vectors (names with dots) are read", "[spice]") {
    const std::vector<std::string> netlist = {
        "subckt", "V1 in 0 2", "X1 in 0 half", ".subckt half a b", "R1 a m 1k", "R2 m b 1k", ".ends", ".op",
    };
    const auto result = test::shared_engine().run(netlist);
    CHECK_THAT(result.vector("x1.m").real.at(0), WithinAbs(1.0, 1e-12));
}

TEST_CASE("a netlist given as one multi-line string without .end runs", "[spice]") {
    const auto result = test::shared_engine().run({"joined\r\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op"});
    CHECK_THAT(result.vector("b").real.at(0), WithinAbs(0.5, 1e-12));
}

TEST_CASE("with .op and .tran the last analysis's plot is returned", "[spice]") {
    const std::vector<std::string> netlist = {
        "two", "V1 in 0 1", "R1 in out 1k", "C1 out 0 1n", ".options klu", ".op", ".tran 1u 10u",
    };
    const auto result = test::shared_engine().run(netlist);
    CHECK(result.plot_type == "tran");
    CHECK(result.has_vector("time"));
}

TEST_CASE("version is ngspice's", "[spice]") {
    const auto version = test::shared_engine().version();
    REQUIRE_FALSE(version.empty());
    CHECK(std::stoi(version) >= 46);
}
