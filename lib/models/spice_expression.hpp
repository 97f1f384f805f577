#pragma once
// Expression DAG -> ngspice B-source expressions, with the same values as
// models/operation.hpp computes:
//  - Verilog-A log (base 10) -> log10; ln -> ln (ngspice's `log` is natural).
//  - pow(a, b): ngspice's pow is |a|^b and pwr is sign(a)|a|^b; a whole
//    exponent picks pow (even) or pwr (odd), so a negative base gets C's sign.
//    A symbolic exponent picks by parity at run time.
//  - limexp: the explicit tangent above models::limexp_limit.
//  - && and || as ?: (ngspice evaluates both sides of && and ||, and a domain
//    error on the side Verilog-A skips would stop the run; ?: is lazy).
//  - integer division and rounding with floor/ceil, $temperature as
//    (temper + 273.15), $abstime as time.
// Printing is fully parenthesised. A shared subexpression is printed inline
// while small; a larger one used more than once becomes an auxiliary node
// (a B voltage source), so the text grows linearly with the DAG.
// Known differences: ngspice adds 1e-32 to a divisor's magnitude, saturates
// exp() at 1e99, and evaluates auxiliary nodes even on an untaken ?: branch.
#include "models/expression_graph.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace memcosim::models {

// What the leaves print as. ngspice's numparam substitutes a parameter's
// value into the expression text with an error of about one ulp (3 arrives
// as 3.0000000000000004), so integer parameters are printed rounded,
// floor(name + 0.5), and whole-number tests allow for that error.
struct SpiceSymbols {
    std::vector<std::string> parameters;   // by parameter index
    std::vector<bool> integer_parameters;  // by parameter index; missing means real
    std::vector<std::string> states;       // by state index, e.g. "v(x)"
    std::string voltage = "v(p,n)";
};

struct SpiceExpressionOptions {
    std::size_t shared_limit = 24;    // a subexpression used twice is inlined up to this many tokens
    std::size_t inline_limit = 4000;  // any subexpression larger than this gets its own node
    std::string auxiliary_prefix = "aux";
    bool allow_auxiliaries = true;  // false: parameter defaults, which cannot use nodes
};

struct SpiceExpressions {
    std::vector<std::string> roots;  // one expression per requested root
    // Auxiliary nodes in dependency order: (node name, expression of its voltage).
    std::vector<std::pair<std::string, std::string>> auxiliaries;
};

// Throws EngineError for a constant that ngspice cannot read (inf, NaN).
[[nodiscard]] SpiceExpressions print_spice_expressions(const ExpressionGraph& graph, std::span<const NodeId> roots,
                                                       const SpiceSymbols& symbols,
                                                       const SpiceExpressionOptions& options = {});

}  // namespace memcosim::models
