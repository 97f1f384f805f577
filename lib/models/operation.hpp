#pragma once
// The operations of a device model's expression graph, and what each one
// computes. Both engines use exactly these definitions: the graph folds
// constants with apply_operation(), the tape evaluator's kernels call the
// same inline functions, and the ngspice printer (spice_expression.cpp)
// writes each operation as an ngspice expression with the same value. Where
// Verilog-A leaves a value to the simulator (limexp's limiting, rounding of a
// real assigned to an integer) the choice is made here, once.
#include <cmath>
#include <cstdint>

namespace memcosim::models {

enum class Operation : std::uint8_t {
    // leaves
    constant,
    parameter,
    voltage,
    state,
    time,
    temperature,
    // one argument
    negate,
    logical_not,
    exp,
    limexp,
    ln,
    log10,
    sqrt,
    abs,
    floor,
    ceil,
    truncate,       // toward zero: the result of an integer division
    round_integer,  // a real stored into an integer: nearest, halves away from zero
    sin,
    cos,
    tan,
    asin,
    acos,
    atan,
    sinh,
    cosh,
    tanh,
    asinh,
    acosh,
    atanh,
    // two arguments
    add,
    subtract,
    multiply,
    divide,
    power,
    min,
    max,
    atan2,
    hypot,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    logical_and,
    logical_or,
    // three arguments: condition ? if_true : if_false
    select,
};

// How many arguments the operation takes (0 for leaves).
[[nodiscard]] int arity(Operation operation);
// "add", "limexp", ... for messages and dumps.
[[nodiscard]] const char* to_string(Operation operation);

// limexp(x) is exp(x) up to this argument and the tangent line above it:
// limexp(x) = exp(L) * (1 + x - L) for x > L. ngspice's own exp saturates
// at 1e99 (x > 227.96); this limit keeps both engines on the same formula.
inline constexpr double limexp_limit = 80.0;

[[nodiscard]] inline double limexp_value(double x) {
    return x <= limexp_limit ? std::exp(x) : std::exp(limexp_limit) * (1.0 + (x - limexp_limit));
}

// Verilog-A pow(a, b) and a ** b: a negative base needs a whole exponent
// (then the sign follows its parity, as C's pow does); otherwise NaN.
[[nodiscard]] inline double power_value(double a, double b) { return std::pow(a, b); }

// Verilog-A converts a real to an integer by rounding to the nearest, halves
// away from zero. Written as sign * floor(|a| + 0.5) so that ngspice, which
// has no such rounding function, computes it with the same steps.
[[nodiscard]] inline double round_integer_value(double a) {
    const double magnitude = std::floor(std::fabs(a) + 0.5);
    return a < 0.0 ? -magnitude : magnitude;
}

// Integer division truncates toward zero.
[[nodiscard]] inline double truncate_value(double a) { return a < 0.0 ? std::ceil(a) : std::floor(a); }

[[nodiscard]] inline double truth(bool value) { return value ? 1.0 : 0.0; }

// The value of a non-leaf operation; unused arguments are ignored.
[[nodiscard]] double apply_operation(Operation operation, double a, double b, double c);

}  // namespace memcosim::models
