#pragma once
// Constant evaluation: parameter defaults (which may use numbers, earlier
// parameters, the constants of constants.vams and math functions), range
// checks of parameter values, and the static type (real or integer) of an
// expression, which decides how `/` divides.
#include "va/ast.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace memcosim::va {

struct ConstantValue {
    double value = 0.0;
    ValueType type = ValueType::real;  // integer values are whole numbers
};
using ParameterValues = std::map<std::string, ConstantValue, std::less<>>;

// The value of a constant expression, with Verilog-A's integer arithmetic
// (7/2 is 3). Identifiers are looked up in `values`. Throws VaError naming the
// first part that is not constant (a probe, a variable, $abstime, ddt...).
[[nodiscard]] ConstantValue evaluate_constant(const Expression& expression, const ParameterValues& values);

// Every parameter of `module` in declaration order: its default, or the
// override given by name (SI number). Throws VaError for a default that is not
// constant or outside its range, InputError for an override that names no
// parameter, sets a localparam, or is outside its range.
[[nodiscard]] ParameterValues evaluate_parameters(const Module& module,
                                                  const std::map<std::string, double, std::less<>>& overrides);
[[nodiscard]] ParameterValues evaluate_parameters(const Module& module);

// Whether `value` is allowed for `parameter`: nullopt if so, else a message
// naming the parameter and its range, e.g. "parameter 'Roff' = -5 is outside
// its range from (0:inf)". Range bounds may use the parameters in `values`.
[[nodiscard]] std::optional<std::string> check_parameter_value(const Parameter& parameter, double value,
                                                               const ParameterValues& values);
// For ranges whose bounds are plain numbers.
[[nodiscard]] std::optional<std::string> check_parameter_value(const Parameter& parameter, double value);

// The ranges as written, e.g. "from [0:inf) exclude 0"; empty without ranges.
[[nodiscard]] std::string range_text(const Parameter& parameter);

// Asked for each identifier and user-function name; nullopt counts as real.
using TypeLookup = std::function<std::optional<ValueType>(std::string_view name)>;
// Verilog-A typing: integer literals, integer names and integer-returning
// functions are integer; + - * / ** of integers are integer, comparisons and
// logical operators are integer; anything touching a real is real.
[[nodiscard]] ValueType expression_type(const Expression& expression, const TypeLookup& lookup);

}  // namespace memcosim::va
