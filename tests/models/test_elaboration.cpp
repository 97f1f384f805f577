// Elaboration: what it accepts (SSA merge of if/else, conditional
// contributions, inlined functions) checked against closed forms, and what it
// refuses, each with the message and the file:line:column of the construct.
#include "model_test_support.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

namespace memcosim::models::test {

using Catch::Matchers::ContainsSubstring;

TEST_CASE("if/else assignments merge and conditional contributions add up", "[models][elaboration]") {
    const auto model = elaborate_text(in_module("    real y, z;\n",
                                                R"(        z = 3;
        if (V(p, n) > 0.5) y = 2 * V(p, n);
        else begin
            y = -V(p, n);
            z = 4;
        end
        if (V(p, n) < 0) I(p, n) <+ 1e-3 * V(p, n);
        else I(n, p) <+ -2e-3 * V(p, n);
        I(p, n) <+ 1e-6 * y * z;
        if (V(p, n) > 1) I(p, n) <+ 1e-9;)"));
    Evaluator evaluator(model, model.default_values());
    const auto closed_form = [](double v) {
        const double y = v > 0.5 ? 2 * v : -v, z = v > 0.5 ? 3 : 4;
        return (v < 0 ? 1e-3 * v : 2e-3 * v) + 1e-6 * y * z + (v > 1 ? 1e-9 : 0.0);
    };
    for (const double v : {-1.0, -0.2, 0.3, 0.8, 1.5}) {
        INFO("V = " << v);
        const Evaluation e = evaluator.evaluate(v, {});
        CHECK(e.current == Catch::Approx(closed_form(v)).epsilon(1e-14));
        const double slope = (v < 0 ? 1e-3 : 2e-3) + 1e-6 * (v > 0.5 ? 2 * 3 : -4);
        CHECK(e.dcurrent_dv == Catch::Approx(slope).epsilon(1e-14));
    }
}

TEST_CASE("a variable assigned on every path after a partial assignment is fine", "[models][elaboration]") {
    const auto model = elaborate_text(in_module("    real y;\n", R"(        if (V(p, n) > 0) y = 1;
        y = 2;
        I(p, n) <+ y * V(p, n);)"));
    Evaluator evaluator(model, model.default_values());
    CHECK(evaluator.evaluate(0.5, {}).current == 1.0);
}

TEST_CASE("elaboration keeps the parameter table and the states", "[models][elaboration]") {
    const auto model = elaborate_text(threshold_model);
    CHECK(model.name() == "threshold");
    REQUIRE(model.state_count() == 1);
    CHECK(model.states()[0].name == "x");
    CHECK(model.states()[0].initial_parameter == "x0");
    CHECK_FALSE(model.find_parameter("span"));  // a localparam is folded in, not settable
    const auto r_off = model.find_parameter("R_off");
    REQUIRE(r_off);
    CHECK(model.parameters()[*r_off].units == "ohm");
    CHECK(model.parameters()[*r_off].range == "from (0:inf)");
    CHECK(model.parameters()[*model.find_parameter("p_window")].integer);
    // Integer arithmetic resolved at elaboration: 7/2 + 3/2 = 4 in the coverage model's m.
    const auto coverage = elaborate_text(coverage_model);
    CHECK(coverage.parameters()[*coverage.find_parameter("k")].default_value == 1.5);
}

TEST_CASE("a localparam follows the parameters an instance sets", "[models][elaboration]") {
    const auto model = elaborate_text(threshold_model);
    std::vector<double> values = resolve_parameters(model, {{"R_off", 2e5}, {"i_s", 0.0}});
    Evaluator evaluator(model, values);
    // r = R_on + (R_off - R_on) * w with w = 1: V / R_off.
    CHECK(evaluator.evaluate(0.1, std::vector<double>{1.0}).current == Catch::Approx(0.1 / 2e5).epsilon(1e-12));
}

TEST_CASE("refused constructs name the construct and its location", "[models][elaboration][errors]") {
    SECTION("hidden memory: read before any assignment") {
        const auto message =
            elaboration_error(in_module("    real y;\n", "        I(p, n) <+ y;\n        y = V(p, n);"));
        CHECK_THAT(message, ContainsSubstring("test.va:6:20") && ContainsSubstring("variable 'y'") &&
                                ContainsSubstring("hidden memory"));
    }
    SECTION("hidden memory: assigned on one path only") {
        const auto message = elaboration_error(
            in_module("    real y;\n", "        if (V(p, n) > 0) y = 1;\n        I(p, n) <+ y * V(p, n);"));
        CHECK_THAT(message, ContainsSubstring("test.va:7:20") &&
                                ContainsSubstring("some path reaches this point without assigning it"));
    }
    SECTION("a module with three ports") {
        const auto message = elaboration_error(
            "module three(a, b, c);\n  inout a, b, c;\n  electrical a, b, c;\n  analog I(a, b) <+ V(a, "
            "b);\nendmodule\n");
        CHECK_THAT(message, ContainsSubstring("test.va:1:") && ContainsSubstring("has 3 ports (a, b, c)") &&
                                ContainsSubstring("exactly two"));
    }
    SECTION("two idt contributions to one state") {
        const auto message = elaboration_error(in_module("    electrical x;\n",
                                                         "        V(x) <+ idt(1, 0);\n        V(x) <+ idt(2, 0);\n"
                                                         "        I(p, n) <+ V(p, n);"));
        CHECK_THAT(message, ContainsSubstring("test.va:7:") && ContainsSubstring("second idt() contribution") &&
                                ContainsSubstring("test.va:6:"));
    }
    SECTION("idt outside the state idiom") {
        const auto message = elaboration_error(in_module("", "        I(p, n) <+ idt(V(p, n), 0);"));
        CHECK_THAT(message, ContainsSubstring("test.va:5:20") && ContainsSubstring("idt() is supported only"));
        const auto scaled = elaboration_error(
            in_module("    electrical x;\n", "        V(x) <+ 2 * idt(V(p, n), 0);\n        I(p, n) <+ V(x);"));
        CHECK_THAT(scaled, ContainsSubstring("test.va:6:") && ContainsSubstring("V(x) <+ idt(rate, initial)"));
    }
    SECTION("idt without an initial value, and one that changes") {
        CHECK_THAT(elaboration_error(
                       in_module("    electrical x;\n", "        V(x) <+ idt(V(p, n));\n        I(p, n) <+ V(x);")),
                   ContainsSubstring("needs an initial value"));
        CHECK_THAT(elaboration_error(
                       in_module("    electrical x;\n", "        V(x) <+ idt(1, V(p, n));\n        I(p, n) <+ V(x);")),
                   ContainsSubstring("test.va:6:24") && ContainsSubstring("only on parameters and constants"));
    }
    SECTION("an internal node that is not a state") {
        CHECK_THAT(elaboration_error(in_module("    electrical y;\n", "        I(p, n) <+ V(p, n);")),
                   ContainsSubstring("test.va:4:") && ContainsSubstring("internal node 'y' is not a state"));
    }
    SECTION("ddt is not lowered yet") {
        CHECK_THAT(
            elaboration_error(in_module("", "        I(p, n) <+ ddt(1e-12 * V(p, n));")),
            ContainsSubstring("test.va:5:20") && ContainsSubstring("ddt() is not supported by the lowering yet"));
    }
    SECTION("a probe of one port against ground") {
        CHECK_THAT(elaboration_error(in_module("", "        I(p, n) <+ V(p) * 1e-3;")),
                   ContainsSubstring("test.va:5:20") && ContainsSubstring("probe V(p)"));
    }
    SECTION("a contribution to ground") {
        CHECK_THAT(elaboration_error(in_module("", "        I(p) <+ V(p, n) * 1e-3;")),
                   ContainsSubstring("test.va:5:9") && ContainsSubstring("only between its ports"));
    }
    SECTION("@(initial_step) from a probe, or also set elsewhere") {
        CHECK_THAT(elaboration_error(
                       in_module("    real y;\n", "        @(initial_step) y = V(p, n);\n        I(p, n) <+ y;")),
                   ContainsSubstring("test.va:6:") && ContainsSubstring("changes during the simulation"));
        CHECK_THAT(elaboration_error(in_module(
                       "    real y;\n", "        @(initial_step) y = 1;\n        y = 2;\n        I(p, n) <+ y;")),
                   ContainsSubstring("test.va:7:9") && ContainsSubstring("hidden memory"));
    }
    SECTION("a function that does not always set its result") {
        const auto message =
            elaboration_error(in_module("    analog function real f;\n        input a;\n        real a;\n        if (a "
                                        "> 0) f = a;\n    endfunction\n",
                                        "        I(p, n) <+ f(V(p, n));"));
        CHECK_THAT(message, ContainsSubstring("test.va:10:20") && ContainsSubstring("does not assign its result 'f'"));
    }
}

TEST_CASE("parameter overrides are checked by name and range", "[models][elaboration][errors]") {
    const auto model = elaborate_text(threshold_model);
    const auto error_of = [&](const ParameterOverrides& overrides) -> std::string {
        try {
            (void)resolve_parameters(model, overrides);
        } catch (const InputError& error) {
            return error.what();
        }
        return "";
    };
    CHECK_THAT(error_of({{"Rof", 1.0}}), ContainsSubstring("model 'threshold' has no parameter 'Rof'") &&
                                             ContainsSubstring("did you mean") && ContainsSubstring("'R_off'"));
    CHECK_THAT(error_of({{"nothing_like_it", 1.0}}), ContainsSubstring("its parameters are 'k_off'"));
    CHECK_THAT(error_of({{"x0", 2.0}}), ContainsSubstring("'x0' = 2 is outside its range from [0:1]"));
    CHECK_THAT(error_of({{"p_window", 2.5}}), ContainsSubstring("is an integer"));
    CHECK_THAT(error_of({{"span", 1.0}}), ContainsSubstring("localparam"));
    // Case-insensitive match when unambiguous.
    CHECK(resolve_parameters(model, {{"r_off", 3e5}})[*model.find_parameter("R_off")] == 3e5);
    CHECK(parse_override("R_off=2e5").value == 2e5);
    CHECK_THROWS_AS(parse_override("R_off=2k"), InputError);
    CHECK_THROWS_AS(parse_override("R_off"), InputError);
}

}  // namespace memcosim::models::test
