#pragma once
// The checks that need the whole module (internal to lib/va; parse_source runs
// them): every name declared once and used as what it is, calls with the right
// number of arguments, assignments only to variables, contributions and probes
// only on declared nodes, nothing analog inside analog functions, parameter
// defaults constant and inside their ranges.
#include "va/ast.hpp"

#include <vector>

namespace memcosim::va {

// Every problem found, roughly in source order; empty if the module is fine.
[[nodiscard]] std::vector<Diagnostic> check_module(const Module& module);

}  // namespace memcosim::va
