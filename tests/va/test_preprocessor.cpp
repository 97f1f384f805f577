// `define, `ifdef, `include and the built-in constants.
#include "va/builtins.hpp"
#include "va/printer.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim::va;
using Catch::Matchers::ContainsSubstring;
using memcosim::test::error_message;
using memcosim::test::parse_module;

namespace {

// The default of the first parameter, printed.
std::string first_default(const std::string& text) {
    return print_expression(parse_module(text).parameters.at(0).default_value);
}

}  // namespace

TEST_CASE("object-like and function-like macros expand where they are used", "[va][preprocessor]") {
    CHECK(first_default("`define TWO 2\nmodule m; parameter real a = `TWO * 3; endmodule") == "2 * 3");
    CHECK(first_default("`define SQ(x) ((x) * (x))\nmodule m; parameter real a = `SQ(1 + 2); endmodule") ==
          "(1 + 2) * (1 + 2)");
    CHECK(first_default("`define ADD(a, b) (a + b)\n`define ONE 1\n"
                        "module m; parameter real a = `ADD(`ONE, `ADD(2, 3)); endmodule") == "1 + (2 + 3)");
    CHECK(first_default("`define LONG 1 + \\\n  2\nmodule m; parameter real a = `LONG; endmodule") == "1 + 2");
    CHECK(first_default("`define A 1\n`undef A\n`define A 5\nmodule m; parameter real a = `A; endmodule") == "5");
}

TEST_CASE("a macro's tokens are placed at the macro use", "[va][preprocessor]") {
    const Module module = parse_module("`define V0 1.5\nmodule m;\n  parameter real a = `V0;\nendmodule");
    CHECK(module.parameters[0].default_value.location.line == 3);
    CHECK(module.parameters[0].default_value.location.column == 22);
}

TEST_CASE("`ifdef, `ifndef, `elsif and `else choose text", "[va][preprocessor]") {
    const std::string text = "`define FAST\n"
                             "`ifdef FAST\n`define K 1\n`elsif SLOW\n`define K 2\n`else\n`define K 3\n`endif\n"
                             "`ifndef FAST\n this is skipped `UNDEFINED ( \n`endif\n"
                             "`ifdef NOPE `ifdef FAST skipped `endif `else\n`define J 7\n`endif\n"
                             "module m; parameter real a = `K + `J; endmodule";
    CHECK(first_default(text) == "1 + 7");
    CHECK(error_message("`ifdef A\nmodule m; endmodule") == "`ifdef without a matching `endif");
    CHECK(error_message("`endif\nmodule m; endmodule") == "`endif without a matching `ifdef");
    CHECK(error_message("`ifdef A `else `else `endif") == "`else after `else");
}

TEST_CASE("the built-in headers define the constants of constants.vams", "[va][preprocessor]") {
    for (const char* header : {"disciplines.vams", "constants.vams", "constants.h", "discipline.h"}) {
        const Module module = parse_module(fmt::format(
            "`include \"{}\"\nmodule m; parameter real a = `M_PI + `P_Q + `P_K + `P_EPS0 + `P_U0 + `P_C + `P_H + "
            "`P_CELSIUS0 + `M_E + `M_2_PI; endmodule",
            header));
        CHECK(module.parameters.size() == 1);
    }
    CHECK(first_default("`include \"constants.vams\"\nmodule m; parameter real a = `P_U0; endmodule") ==
          "4e-07 * 3.141592653589793");
    CHECK(error_message("module m; parameter real a = `M_PI; endmodule") == "undefined macro `M_PI");
}

TEST_CASE("a user include is read relative to the including file", "[va][preprocessor]") {
    const ParseResult result = parse_file(MEMCOSIM_TEST_DATA_DIR "/include_main.va");
    REQUIRE(result.modules.size() == 1);
    const Module& module = result.modules[0];
    CHECK(module.name == "with_include");
    REQUIRE(module.parameters.size() == 2);
    CHECK(print_expression(module.parameters[0].default_value) == "42");
    CHECK_THAT(module.parameters[1].location.file, ContainsSubstring("include_sub/shared_parameters.vams"));
    CHECK(module.parameters[1].location.line == 3);
}

TEST_CASE("a file that includes itself stops at the include depth limit", "[va][preprocessor]") {
    try {
        (void)parse_file(MEMCOSIM_TEST_DATA_DIR "/self_include.va");
        FAIL("no error");
    } catch (const VaError& error) {
        CHECK(error.message() == "includes nested more than 16 deep (does a file include itself?)");
        CHECK(error.location().line == 2);
    }
}

TEST_CASE("include and macro errors", "[va][preprocessor]") {
    CHECK_THAT(error_message("`include \"no_such_file.vams\"\nmodule m; endmodule"),
               ContainsSubstring("cannot open include file 'no_such_file.vams'"));
    CHECK(error_message("`define A `A\n") == "macro `A uses itself");
    CHECK(error_message("`define A `B\n`define B `A\nmodule m; parameter real a = `A; endmodule") ==
          "macros nested more than 64 deep");
    CHECK(error_message("`define F(a, b) a\nmodule m; parameter real a = `F(1); endmodule") ==
          "macro `F takes 2 arguments, got 1");
    CHECK(error_message("`define F(a) a\nmodule m; parameter real a = `F; endmodule") ==
          "macro `F needs its arguments: `F(...)");
    CHECK(error_message("`timescale 1ns/1ps\nmodule m; endmodule") == unsupported_message("`timescale"));
}

TEST_CASE("exponential macro expansion stops at a bound with a clear error", "[va][preprocessor]") {
    std::string text = "`define M0 x x\n";
    for (int k = 1; k < 30; ++k) text += fmt::format("`define M{} `M{} `M{}\n", k, k - 1, k - 1);
    text += "module m; analog begin `M29 end endmodule";
    CHECK_THAT(error_message(text), ContainsSubstring("expected '='"));
    const std::string in_skipped_call =
        text.substr(0, text.find("module")) + "`define EAT(x) 1\nmodule m; parameter real a = `EAT(`M29); endmodule";
    CHECK(error_message(in_skipped_call).empty());
    const std::string expanded = text.substr(0, text.find("module")) + "module m; analog $strobe(`M29); endmodule";
    CHECK_THAT(error_message(expanded), ContainsSubstring("macro expansion produced more than"));
}
