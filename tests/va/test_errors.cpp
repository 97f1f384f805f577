// Golden error messages: file:line:column, the source line and a caret.
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace memcosim::va;
using memcosim::test::error_message;
using memcosim::test::in_module;
using memcosim::test::parse_error;

TEST_CASE("a missing semicolon is reported right after the statement that lacks it", "[va][errors]") {
    const std::string text = "module m(p, n);\n"
                             "    inout p, n;\n"
                             "    electrical p, n;\n"
                             "    real x;\n"
                             "    analog begin\n"
                             "        x = V(p, n)\n"
                             "        I(p, n) <+ x;\n"
                             "    end\n"
                             "endmodule\n";
    CHECK(parse_error(text) == "test.va:6:20: error: expected ';' after the assignment to 'x', found 'I'\n"
                               " 6 |         x = V(p, n)\n"
                               "   |                    ^");
}

TEST_CASE("unbalanced begin / end", "[va][errors]") {
    const std::string missing_end = "module m(p, n);\n"
                                    "    inout p, n;\n"
                                    "    electrical p, n;\n"
                                    "    analog begin\n"
                                    "        if (V(p) > 0) begin\n"
                                    "            I(p, n) <+ 1;\n"
                                    "    end\n"
                                    "endmodule\n";
    CHECK(parse_error(missing_end) ==
          "test.va:8:1: error: expected 'end' to close the 'begin' at line 4, found 'endmodule'\n"
          " 8 | endmodule\n"
          "   | ^");
    const std::string extra_end = "module m(p, n);\n"
                                  "    inout p, n;\n"
                                  "    electrical p, n;\n"
                                  "    analog begin\n"
                                  "        I(p, n) <+ 1;\n"
                                  "    end\n"
                                  "    end\n"
                                  "endmodule\n";
    CHECK(parse_error(extra_end) == "test.va:7:5: error: 'end' without a matching 'begin'\n"
                                    " 7 |     end\n"
                                    "   |     ^");
}

TEST_CASE("semantic errors are collected, the first five shown, then a count", "[va][errors]") {
    const std::string text = "module m(p, n);\n"
                             "    inout p, n;\n"
                             "    electrical p, n;\n"
                             "    parameter real r = 1k;\n"
                             "    real x;\n"
                             "    analog begin\n"
                             "        x = y + foo(1) + pow(2) + exp(1, 2);\n"
                             "        r = 2;\n"
                             "        I(p, q) <+ x / r + V(z);\n"
                             "        zz = 1;\n"
                             "    end\n"
                             "endmodule\n";
    CHECK(parse_error(text) == "test.va:7:13: error: unknown identifier 'y'\n"
                               " 7 |         x = y + foo(1) + pow(2) + exp(1, 2);\n"
                               "   |             ^\n"
                               "test.va:7:17: error: unknown function 'foo'\n"
                               " 7 |         x = y + foo(1) + pow(2) + exp(1, 2);\n"
                               "   |                 ^\n"
                               "test.va:7:26: error: 'pow' takes 2 arguments, got 1\n"
                               " 7 |         x = y + foo(1) + pow(2) + exp(1, 2);\n"
                               "   |                          ^\n"
                               "test.va:7:35: error: 'exp' takes 1 argument, got 2\n"
                               " 7 |         x = y + foo(1) + pow(2) + exp(1, 2);\n"
                               "   |                                   ^\n"
                               "test.va:8:9: error: cannot assign to parameter 'r'\n"
                               " 8 |         r = 2;\n"
                               "   |         ^\n"
                               "(and 3 more errors)");
    try {
        (void)parse_source(text, "test.va");
        FAIL("no error");
    } catch (const VaError& error) {
        REQUIRE(error.diagnostics().size() == 8);
        CHECK(error.diagnostics()[5].message == "probe of undeclared node 'z'");
        CHECK(error.diagnostics()[6].message == "contribution to undeclared node 'q'");
        CHECK(error.diagnostics()[7].message == "assignment to undeclared variable 'zz'");
        CHECK(error.location().line == 7);
        CHECK(error.location().column == 13);
        CHECK(error.location().file == "test.va");
    }
}

TEST_CASE("a default outside its range names the parameter and the range", "[va][errors]") {
    const std::string text = "module m(p, n);\n"
                             "    inout p, n;\n"
                             "    electrical p, n;\n"
                             "    (* units=\"Ohm\" *) parameter real r = -1 from (0:inf);\n"
                             "    parameter integer k = 5 from [0:10] exclude 5;\n"
                             "    analog I(p, n) <+ V(p, n) / r;\n"
                             "endmodule\n";
    CHECK(parse_error(text) ==
          "test.va:4:38: error: default value not allowed: parameter 'r' = -1 is outside its range from (0:inf)\n"
          " 4 |     (* units=\"Ohm\" *) parameter real r = -1 from (0:inf);\n"
          "   |                                      ^\n"
          "test.va:5:23: error: default value not allowed: parameter 'k' = 5 is excluded by its range from [0:10] "
          "exclude 5\n"
          " 5 |     parameter integer k = 5 from [0:10] exclude 5;\n"
          "   |                       ^");
}

TEST_CASE("names used as what they are not", "[va][errors]") {
    const std::string declarations = "    parameter real r = 1;\n    real x;\n    electrical inner;\n"
                                     "    analog function real f; input a; f = a; endfunction\n";
    const auto message = [&](const std::string& body) { return error_message(in_module(declarations, body)); };
    CHECK(message("x = p;") == "node 'p' used as a value (probe it with V(p))");
    CHECK(message("x = f;") == "function 'f' used without arguments");
    CHECK(message("x = r(1);") == "'r' is not a function");
    CHECK(message("x = f(1, 2);") == "'f' takes 1 argument, got 2");
    CHECK(message("inner = 1;") == "cannot assign to node 'inner' (contribute to it: V(inner) <+ ...)");
    CHECK(message("f = 1;") == "cannot assign to function 'f' outside its body");
    CHECK(message("I(p, nowhere) <+ 1;") == "contribution to undeclared node 'nowhere'");
    CHECK(message("@(initial_step) I(p, n) <+ 1;") == "a contribution cannot be made inside @(initial_step)");
    CHECK(message("x = V(p) = 1;") == "expected ';' after the assignment to 'x', found '='");
    CHECK(message("V(p) = 1;") == "use '<+' to contribute to V(...), not '='");
    CHECK(message("x = \"text\";") == "a string cannot be used in an expression");
    CHECK(message("x = $strobe(1);") == "system task '$strobe' cannot be used in an expression");
}

TEST_CASE("analog functions may not reach outside themselves", "[va][errors]") {
    const auto message = [](const std::string& function) {
        return error_message(in_module(fmt::format("    real v;\n{}\n", function), "v = 0;"));
    };
    CHECK(message("analog function real f; input a; f = V(p); endfunction") ==
          "a probe V(...) cannot be used inside analog function 'f'");
    CHECK(message("analog function real f; input a; f = ddt(a); endfunction") ==
          "'ddt' cannot be used inside analog function 'f'");
    CHECK(message("analog function real f; input a; f = v; endfunction") ==
          "analog function 'f' cannot use module variable 'v' (pass it as an input)");
    CHECK(message("analog function real f; input a; a = 1; endfunction") ==
          "cannot assign to input 'a' of function 'f'");
    CHECK(message("analog function real f; input a; f = f(a); endfunction") ==
          "function 'f' is called before it is declared (recursion is not allowed)");
    CHECK(message("analog function real f; input a; I(p) <+ a; endfunction") ==
          "a contribution cannot be made inside analog function 'f'");
    CHECK(message("analog function real f; input a, a; f = a; endfunction") ==
          "'a' is declared an input twice in this function");
}

TEST_CASE("ddt and idt must run at every time step: not under a varying condition", "[va][errors]") {
    const std::string declarations = "    parameter real r = 1;\n    real x;\n";
    const auto message = [&](const std::string& body) { return error_message(in_module(declarations, body)); };
    const std::string reason = "cannot be used under a condition that changes during simulation (analog operators "
                               "must run at every time step; move it out of the if or ?:)";
    CHECK(message("if (V(p) > 0) x = idt(V(p));") == "'idt' " + reason);
    CHECK(message("x = V(p) > 0 ? 1 : ddt(V(p));") == "'ddt' " + reason);
    CHECK(message("if (r > 0) x = ddt(V(p)); else x = r > 1 ? idt(V(p), 0) : 0;").empty());  // parameters only
    CHECK(message("x = $abstime > 0 && r > 0 ? 1 : 0; if (x > 0) I(p, n) <+ V(p);").empty());
}

TEST_CASE("declarations: duplicates, ports, parameter order", "[va][errors]") {
    CHECK(error_message("module m; real x; integer x; endmodule") == "'x' is already declared at test.va:1:16");
    CHECK(error_message("module m(p); electrical p; endmodule") ==
          "port 'p' has no direction (declare it 'inout')");
    CHECK(error_message("module m(p); inout p; endmodule") == "port 'p' has no discipline (declare it 'electrical')");
    CHECK(error_message("module m(p); inout p, q; electrical p; endmodule") ==
          "'q' is declared 'inout' but is not in the port list of module 'm'");
    CHECK(error_message("module m; parameter real a = b; parameter real b = 1; endmodule") ==
          "parameter 'a' uses 'b', which is declared after it");
    CHECK(error_message("module m; parameter real a = a; endmodule") == "parameter 'a' uses itself");
    CHECK(error_message("module m; real v; parameter real a = v; endmodule") ==
          "parameter 'a' cannot use 'v': only numbers, earlier parameters and math functions are constant");
    CHECK(error_message("module m; parameter real a = $abstime; endmodule") ==
          "'$abstime' cannot be used in parameter 'a': it is not constant");
    CHECK(error_message("module m; parameter integer a = 1 / 0; endmodule") == "integer division by zero");
    CHECK(error_message("module m; parameter real a = 1.0 / 0; endmodule") ==
          "the default of parameter 'a' is not a finite number (inf)");
    CHECK(error_message("module m; endmodule module m; endmodule") == "module 'm' is already declared at test.va:1:1");
    CHECK(error_message("") == "no module in the file");
    CHECK(error_message("module m; analog I(p) <+ 1; analog I(p) <+ 1; endmodule") ==
          "a second analog block (memcosim reads one per module)");
}

TEST_CASE("lexical errors", "[va][errors]") {
    CHECK(error_message("module m; /* never closed") == "unterminated comment '/*'");
    CHECK(error_message("module m; analog $strobe(\"open\n\"); endmodule") == "unterminated string");
    CHECK(error_message("module m; real x#; endmodule") == "expected ';' after the declaration, found '#'");
    CHECK(error_message("module m; real \\x ; endmodule") == "escaped identifiers ('\\name') are not supported");
    CHECK(error_message(std::string("module m;\x01 endmodule")) == "unexpected character 0x01");
}

TEST_CASE("parse_file names a file it cannot open", "[va][errors]") {
    try {
        (void)parse_file("/no/such/model.va");
        FAIL("no error");
    } catch (const memcosim::InputError& error) {
        CHECK(std::string(error.what()) == "/no/such/model.va: cannot open the Verilog-A file");
    }
}
