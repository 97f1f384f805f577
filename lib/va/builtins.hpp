#pragma once
// What Verilog-A provides without a declaration: the math functions of the
// subset, the constants of constants.vams, the system tasks that are read and
// ignored, and the constructs refused by name.
#include <span>
#include <string>
#include <string_view>

namespace memcosim::va {

struct BuiltinFunction {
    std::string_view name;
    int arguments = 1;              // 1 or 2
    bool keeps_integer = false;     // abs, min, max of integers are integers
    double (*unary)(double) = nullptr;
    double (*binary)(double, double) = nullptr;
};

// exp, ln, log (base 10), sqrt, pow, abs, min, max, sin ... hypot, floor, ceil,
// limexp (the value of exp; its step limiting is the simulator's business).
[[nodiscard]] std::span<const BuiltinFunction> builtin_functions();
[[nodiscard]] const BuiltinFunction* find_builtin_function(std::string_view name);
[[nodiscard]] double evaluate_builtin(const BuiltinFunction& function, std::span<const double> arguments);

// `include names answered from memory: disciplines.vams, constants.vams,
// constants.h, discipline.h (and disciplines.h). Including one defines the constants below.
[[nodiscard]] bool is_builtin_include(std::string_view name);

struct PredefinedMacro {
    std::string_view name;  // used as `name
    std::string_view body;  // Verilog-A text, as in constants.vams
};
// M_PI, M_E, M_2_PI, ..., P_Q, P_K, P_EPS0, P_U0, P_C, P_H, P_CELSIUS0 with the
// values of the Verilog-AMS constants.vams.
[[nodiscard]] std::span<const PredefinedMacro> predefined_constants();

// The reason a system task is ignored, or nullptr if it is not one we ignore.
[[nodiscard]] const char* ignored_task_reason(std::string_view name);

// Names that Verilog-A has and this subset refuses: statement and module-item
// keywords (case, for, genvar, branch...), analog operators and functions
// (laplace_nd, transition, cross...), system functions ($random, $table_model...).
[[nodiscard]] bool is_refused_keyword(std::string_view name);
[[nodiscard]] bool is_refused_function(std::string_view name);

// "unsupported construct 'case' (memcosim reads the compact-model subset of Verilog-A)"
[[nodiscard]] std::string unsupported_message(std::string_view construct);

}  // namespace memcosim::va
