#include "va/builtins.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

double ln(double x) { return std::log(x); }
double log10(double x) { return std::log10(x); }
double absolute(double x) { return std::fabs(x); }

const std::array<BuiltinFunction, 25> functions{{
    {"exp", 1, false, [](double x) { return std::exp(x); }, nullptr},
    {"limexp", 1, false, [](double x) { return std::exp(x); }, nullptr},
    {"ln", 1, false, ln, nullptr},
    {"log", 1, false, log10, nullptr},
    {"sqrt", 1, false, [](double x) { return std::sqrt(x); }, nullptr},
    {"abs", 1, true, absolute, nullptr},
    {"floor", 1, false, [](double x) { return std::floor(x); }, nullptr},
    {"ceil", 1, false, [](double x) { return std::ceil(x); }, nullptr},
    {"sin", 1, false, [](double x) { return std::sin(x); }, nullptr},
    {"cos", 1, false, [](double x) { return std::cos(x); }, nullptr},
    {"tan", 1, false, [](double x) { return std::tan(x); }, nullptr},
    {"asin", 1, false, [](double x) { return std::asin(x); }, nullptr},
    {"acos", 1, false, [](double x) { return std::acos(x); }, nullptr},
    {"atan", 1, false, [](double x) { return std::atan(x); }, nullptr},
    {"sinh", 1, false, [](double x) { return std::sinh(x); }, nullptr},
    {"cosh", 1, false, [](double x) { return std::cosh(x); }, nullptr},
    {"tanh", 1, false, [](double x) { return std::tanh(x); }, nullptr},
    {"asinh", 1, false, [](double x) { return std::asinh(x); }, nullptr},
    {"acosh", 1, false, [](double x) { return std::acosh(x); }, nullptr},
    {"atanh", 1, false, [](double x) { return std::atanh(x); }, nullptr},
    {"pow", 2, false, nullptr, [](double x, double y) { return std::pow(x, y); }},
    {"min", 2, true, nullptr, [](double x, double y) { return std::min(x, y); }},
    {"max", 2, true, nullptr, [](double x, double y) { return std::max(x, y); }},
    {"atan2", 2, false, nullptr, [](double y, double x) { return std::atan2(y, x); }},
    {"hypot", 2, false, nullptr, [](double x, double y) { return std::hypot(x, y); }},
}};

// The values of the Verilog-AMS constants.vams.
const std::array<PredefinedMacro, 21> constants{{
    {"M_E", "2.7182818284590452354"},
    {"M_LOG2E", "1.4426950408889634074"},
    {"M_LOG10E", "0.43429448190325182765"},
    {"M_LN2", "0.69314718055994530942"},
    {"M_LN10", "2.30258509299404568402"},
    {"M_PI", "3.14159265358979323846"},
    {"M_TWO_PI", "6.28318530717958647652"},
    {"M_PI_2", "1.57079632679489661923"},
    {"M_PI_4", "0.78539816339744830962"},
    {"M_1_PI", "0.31830988618379067154"},
    {"M_2_PI", "0.63661977236758134308"},
    {"M_2_SQRTPI", "1.12837916709551257390"},
    {"M_SQRT2", "1.41421356237309504880"},
    {"M_SQRT1_2", "0.70710678118654752440"},
    {"P_Q", "1.6021918e-19"},
    {"P_C", "2.997924e8"},
    {"P_K", "1.3806226e-23"},
    {"P_H", "6.6260755e-34"},
    {"P_EPS0", "8.85418792394420013968e-12"},
    {"P_U0", "(4.0e-7 * `M_PI)"},
    {"P_CELSIUS0", "273.15"},
}};

constexpr std::array<std::string_view, 5> builtin_includes{"disciplines.vams", "constants.vams", "constants.h",
                                                           "discipline.h", "disciplines.h"};

constexpr std::array<std::string_view, 44> refused_keywords{
    "case", "casex", "casez", "for", "while", "repeat", "forever", "fork", "join", "disable", "wait",
    "genvar", "generate", "branch", "ground", "string", "aliasparam", "analog initial", "final_step",
    "wire", "wreal", "reg", "tri", "supply0", "supply1", "specparam", "defparam", "task", "function",
    "always", "initial", "assign", "paramset", "nature", "discipline", "connectrules", "connect",
    "thermal", "kinematic", "rotational", "magnetic", "time", "realtime", "event"};

constexpr std::array<std::string_view, 40> refused_functions{
    "laplace_nd", "laplace_np", "laplace_zd", "laplace_zp", "zi_nd", "zi_np", "zi_zd", "zi_zp",
    "transition", "slew", "absdelay", "last_crossing", "idtmod", "ddx", "white_noise", "flicker_noise",
    "noise_table", "noise_table_log", "analysis", "cross", "above", "timer", "initial_step",
    "$random", "$rdist_uniform", "$rdist_normal", "$rdist_exponential", "$dist_uniform", "$dist_normal",
    "$table_model", "$simparam", "$param_given", "$port_connected", "$limit", "$mfactor", "$finish",
    "$stop", "$error", "$fatal", "$realtime"};

template <std::size_t size>
bool contains(const std::array<std::string_view, size>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::span<const BuiltinFunction> builtin_functions() { return functions; }

const BuiltinFunction* find_builtin_function(std::string_view name) {
    const auto found = std::find_if(functions.begin(), functions.end(),
                                    [&](const BuiltinFunction& f) { return f.name == name; });
    return found == functions.end() ? nullptr : &*found;
}

double evaluate_builtin(const BuiltinFunction& function, std::span<const double> arguments) {
    if (function.unary && arguments.size() == 1) return function.unary(arguments[0]);
    if (function.binary && arguments.size() == 2) return function.binary(arguments[0], arguments[1]);
    return std::nan("");
}

bool is_builtin_include(std::string_view name) { return contains(builtin_includes, name); }

std::span<const PredefinedMacro> predefined_constants() { return constants; }

const char* ignored_task_reason(std::string_view name) {
    if (name == "$strobe" || name == "$display" || name == "$write" || name == "$monitor" || name == "$debug") {
        return "memcosim does not print from models";
    }
    if (name == "$warning" || name == "$info") return "memcosim does not report model warnings";
    if (name == "$bound_step") return "the simulator chooses its own time step";
    if (name == "$discontinuity") return "a discontinuity hint has no effect here";
    return nullptr;
}

bool is_refused_keyword(std::string_view name) { return contains(refused_keywords, name); }
bool is_refused_function(std::string_view name) { return contains(refused_functions, name); }

std::string unsupported_message(std::string_view construct) {
    return fmt::format("unsupported construct '{}' (memcosim reads the compact-model subset of Verilog-A)", construct);
}

}  // namespace memcosim::va
