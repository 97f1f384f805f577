// Constructs outside the compact-model subset are refused by name, never misread.
#include "va/builtins.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace memcosim::va;
using memcosim::test::error_message;
using memcosim::test::in_module;

namespace {

std::string refusal(const std::string& construct) { return unsupported_message(construct); }

// The message for an analog-block body using the declarations `real x; integer i;`.
std::string statement_error(const std::string& body) {
    return error_message(in_module("    real x;\n    integer i;\n", body));
}

}  // namespace

TEST_CASE("the refusal message names the construct and the subset", "[va][refused]") {
    CHECK(refusal("case") == "unsupported construct 'case' (memcosim reads the compact-model subset of Verilog-A)");
}

TEST_CASE("statements outside the subset", "[va][refused]") {
    CHECK(statement_error("case (i) 0: x = 1; endcase") == refusal("case"));
    CHECK(statement_error("for (i = 0; i < 3; i = i + 1) x = x + 1;") == refusal("for"));
    CHECK(statement_error("while (x < 1) x = x + 1;") == refusal("while"));
    CHECK(statement_error("repeat (3) x = x + 1;") == refusal("repeat"));
    CHECK(statement_error("forever x = 1;") == refusal("forever"));
    CHECK(statement_error("begin real y; end") == refusal("declaration inside a block (declare it at module level)"));
    CHECK(statement_error("foo(x);") == refusal("call of 'foo' as a statement"));
    CHECK(statement_error("V(p, n) : V(p) == 0;") == refusal("indirect branch assignment"));
    CHECK(statement_error("$finish;") == refusal("$finish"));
    CHECK(statement_error("$error(\"bad\");") == refusal("$error"));
}

TEST_CASE("events other than @(initial_step)", "[va][refused]") {
    CHECK(statement_error("@(final_step) x = 1;") == refusal("@(final_step)"));
    CHECK(statement_error("@(cross(V(p), 0)) x = 1;") == refusal("@(cross)"));
    CHECK(statement_error("@(above(V(p))) x = 1;") == refusal("@(above)"));
    CHECK(statement_error("@(timer(1n)) x = 1;") == refusal("@(timer)"));
    CHECK(statement_error("@(initial_step or final_step) x = 1;") == refusal("@(initial_step or ...)"));
    CHECK(statement_error("@(initial_step(\"tran\")) x = 1;") == refusal("initial_step with analysis names"));
}

TEST_CASE("analog operators and system functions outside the subset", "[va][refused]") {
    CHECK(statement_error("x = laplace_nd(V(p), {1}, {1, 1});") == refusal("laplace_nd"));
    CHECK(statement_error("x = laplace_zp(V(p), {1}, {1});") == refusal("laplace_zp"));
    CHECK(statement_error("x = transition(x, 0, 1n);") == refusal("transition"));
    CHECK(statement_error("x = slew(x);") == refusal("slew"));
    CHECK(statement_error("x = absdelay(x, 1n);") == refusal("absdelay"));
    CHECK(statement_error("x = idtmod(x, 0, 1);") == refusal("idtmod"));
    CHECK(statement_error("x = ddx(x, V(p));") == refusal("ddx"));
    CHECK(statement_error("x = white_noise(1);") == refusal("white_noise"));
    CHECK(statement_error("x = $random;") == refusal("$random"));
    CHECK(statement_error("x = $table_model(x, \"t.tbl\");") == refusal("$table_model"));
    CHECK(statement_error("x = $simparam(\"gmin\");") == refusal("$simparam"));
    CHECK(statement_error("x = I(p, n);") == refusal("I(...) as a probe (branch-current probes)"));
    CHECK(statement_error("x = V(<p>);") == refusal("port branch V(<p>)"));
}

TEST_CASE("operators outside the subset", "[va][refused]") {
    CHECK(statement_error("i = i % 2;") == refusal("operator '%'"));
    CHECK(statement_error("i = i & 1;") == refusal("operator '&'"));
    CHECK(statement_error("i = i | 1;") == refusal("operator '|'"));
    CHECK(statement_error("i = i << 1;") == refusal("operator '<<'"));
    CHECK(statement_error("i = ~i;") == refusal("operator '~'"));
    CHECK(statement_error("i = i === 1;") == refusal("operator '==='"));
}

TEST_CASE("declarations outside the subset", "[va][refused]") {
    CHECK(error_message("module m; analog initial begin end endmodule") == refusal("analog initial"));
    CHECK(error_message("module m; genvar k; endmodule") == refusal("genvar"));
    CHECK(error_message("module m(p, n); inout p, n; electrical p, n; branch (p, n) b; endmodule") ==
          refusal("branch"));
    CHECK(error_message("module m(p); inout p; electrical p; ground g; endmodule") == refusal("ground"));
    CHECK(error_message("module m; parameter string s = \"a\"; endmodule") == refusal("string parameter"));
    CHECK(error_message("module m; real a[0:3]; endmodule") == refusal("array"));
    CHECK(error_message("module m; real a = 1; endmodule") ==
          refusal("initializer in a declaration (assign in the analog block)"));
    CHECK(error_message("module m(p); inout [0:3] p; endmodule") == refusal("vector port"));
    CHECK(error_message("module m(p); inout p; electrical [0:3] p; endmodule") == refusal("vector node"));
    CHECK(error_message("module m(p); inout p; thermal p; endmodule") == refusal("thermal"));
    CHECK(error_message("module m; parameter real a = 1 from '{1, 2}; endmodule") ==
          refusal("value set from '{...}"));
    CHECK(error_message("module m #(parameter a = 1); endmodule") == refusal("module parameter port list '#(...)'"));
    CHECK(error_message("module m; analog function real f; output y; endfunction endmodule") ==
          refusal("output argument of an analog function"));
    CHECK(error_message("nature Current; endnature") == refusal("nature"));
    CHECK(error_message("discipline thermal; enddiscipline") == refusal("discipline"));
    CHECK(error_message("module m; always x = 1; endmodule") == refusal("always"));
}
