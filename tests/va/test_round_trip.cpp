// The printer and the parser are a pair: parse -> print -> parse gives the same tree.
#include "va/printer.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

using namespace memcosim::va;
using memcosim::test::in_module;
using memcosim::test::parse_module;

namespace {

// Parses `text`, prints it, parses the print: both trees must be equal, and
// printing is a fixed point after the first pass.
void require_round_trip(const std::string& text) {
    const Module first = parse_module(text);
    const std::string printed = print_module(first);
    INFO(printed);
    const Module second = parse_module(printed);
    CHECK(print_module(second) == printed);
    CHECK(second == first);
}

}  // namespace

TEST_CASE("the two memristor models survive a round trip", "[va][round-trip]") {
    require_round_trip(memcosim::test::vteam_model);
    require_round_trip(memcosim::test::hp_joglekar_model);
}

TEST_CASE("expressions keep operator precedence and associativity through printing", "[va][round-trip]") {
    const auto expression = GENERATE(as<std::string>{}, "a - (b - c)", "(a - b) - c", "a / (b * c)", "a ** b ** c",
                                     "a ** (b ** c)", "-a ** 2", "-(a ** 2)", "!(a < b) || a && b", "(a || b) && c",
                                     "a ? b : c ? a : b", "(a ? b : c) ? a : b", "a + (a ? b : c)", "a < +b",
                                     "- -a", "1 / 2", "1.0 / 2", "2.5e-7 + 1e30 + 0.1 + 3", "a == b != (c == a)",
                                     "pow(a, 2) + exp(-a) + min(a, b) + $vt + $vt(300) + $abstime",
                                     "V(p) - V(p, n) + ddt(a) + idt(b) + idt(b, 0.5) + limexp(a)");
    require_round_trip(in_module("    real a, b, c;\n", fmt::format("        a = {};", expression)));
}

TEST_CASE("statements keep their shape through printing", "[va][round-trip]") {
    const auto body = GENERATE(as<std::string>{}, "if (a > 0) b = 1; else if (a < 0) b = -1; else b = 0;",
                               "if (a > 0) begin b = 1; c = 2; end else begin end", "if (a) if (b) c = 1; else c = 2;",
                               "if (a) begin if (b) c = 1; end else c = 2;", "begin : named a = 1; end ;",
                               "@(initial_step) a = 0;", "@(initial_step) begin a = 0; $display(\"x=%g\\n\", a); end",
                               "$strobe;", "I(p, n) <+ V(p, n) / 1k; V(p) <+ 0;");
    require_round_trip(in_module("    real a, b, c;\n", body));
}

TEST_CASE("declarations keep their attributes, ranges and types through printing", "[va][round-trip]") {
    require_round_trip(R"(module m(a, b);
        input a; output b; electrical a, b;
        electrical i1, i2;
        (* desc="with \"quotes\" and \\", units="m/s", type="instance", hidden *) parameter real r = 1 from [0:inf);
        parameter integer n = 3 from [1:10] exclude 5 exclude (7:9];
        localparam g = 2 * n;
        parameter real low = -1.5 from (-inf:0) exclude (-1) exclude ((2 + 3) * 2) exclude (0:1e-9];
        parameter real inf = 5;  // a legal name, though it reads like the range bound
        parameter real q = 5 from [(inf):(-inf) + 10];
        integer i; real x;
        analog function integer twice; input k; integer k; twice = 2 * k; endfunction
        analog function real f; input u, v; real w; begin w = u * v; f = w + twice(1); end endfunction
        analog I(a, b) <+ f(V(a), r);
    endmodule)");
}

TEST_CASE("printed numbers read back to the same double and keep integer-ness", "[va][round-trip]") {
    CHECK(print_number(Number{3.0, false}) == "3.0");
    CHECK(print_number(Number{3.0, true}) == "3");
    CHECK(print_number(Number{1e-9, false}) == "1e-09");
    CHECK(print_number(Number{0.1, false}) == "0.1");
    CHECK(print_number(Number{2.5e-6, false}) == "2.5e-06");
}
