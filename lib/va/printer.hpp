#pragma once
// Verilog-A text from the tree of va/ast.hpp: the writer paired with the
// parser, so that parse -> print -> parse gives the same tree. Numbers are
// printed so that they read back to the same double (integers without a '.').
// Parentheses are printed only where precedence needs them.
#include "va/ast.hpp"

#include <string>

namespace memcosim::va {

// A whole module, starting with `include "disciplines.vams"`.
[[nodiscard]] std::string print_module(const Module& module);
[[nodiscard]] std::string print_expression(const Expression& expression);
// Indented by `indent` levels of four spaces; ends with a line break.
[[nodiscard]] std::string print_statement(const Statement& statement, int indent);
// "from [0:inf)", "exclude 0", "exclude (1:2)"
[[nodiscard]] std::string print_range(const RangeClause& range);
// A number as Verilog-A text: 1e-09, 0.5, 3.0 (real), 3 (integer).
[[nodiscard]] std::string print_number(const Number& number);

}  // namespace memcosim::va
