#include "models/operation.hpp"

#include <algorithm>

namespace memcosim::models {

int arity(Operation operation) {
    if (operation <= Operation::temperature) return 0;
    if (operation <= Operation::atanh) return 1;
    if (operation <= Operation::logical_or) return 2;
    return 3;
}

const char* to_string(Operation operation) {
    static constexpr const char* names[] = {
        "constant",      "parameter",   "voltage",   "state",       "time",       "temperature",
        "negate",        "logical_not", "exp",       "limexp",      "ln",         "log10",
        "sqrt",          "abs",         "floor",     "ceil",        "truncate",   "round_integer",
        "sin",           "cos",         "tan",       "asin",        "acos",       "atan",
        "sinh",          "cosh",        "tanh",      "asinh",       "acosh",      "atanh",
        "add",           "subtract",    "multiply",  "divide",      "power",      "min",
        "max",           "atan2",       "hypot",     "less",        "less_equal", "greater",
        "greater_equal", "equal",       "not_equal", "logical_and", "logical_or", "select"};
    return names[static_cast<int>(operation)];
}

namespace {

double apply_unary(Operation operation, double a) {
    switch (operation) {
        case Operation::negate: return -a;
        case Operation::logical_not: return truth(a == 0.0);
        case Operation::exp: return std::exp(a);
        case Operation::limexp: return limexp_value(a);
        case Operation::ln: return std::log(a);
        case Operation::log10: return std::log10(a);
        case Operation::sqrt: return std::sqrt(a);
        case Operation::abs: return std::fabs(a);
        case Operation::floor: return std::floor(a);
        case Operation::ceil: return std::ceil(a);
        case Operation::truncate: return truncate_value(a);
        case Operation::round_integer: return round_integer_value(a);
        case Operation::sin: return std::sin(a);
        case Operation::cos: return std::cos(a);
        case Operation::tan: return std::tan(a);
        case Operation::asin: return std::asin(a);
        case Operation::acos: return std::acos(a);
        case Operation::atan: return std::atan(a);
        case Operation::sinh: return std::sinh(a);
        case Operation::cosh: return std::cosh(a);
        case Operation::tanh: return std::tanh(a);
        case Operation::asinh: return std::asinh(a);
        case Operation::acosh: return std::acosh(a);
        default: return std::atanh(a);
    }
}

double apply_binary(Operation operation, double a, double b) {
    switch (operation) {
        case Operation::add: return a + b;
        case Operation::subtract: return a - b;
        case Operation::multiply: return a * b;
        case Operation::divide: return a / b;
        case Operation::power: return power_value(a, b);
        case Operation::min: return a <= b ? a : b;
        case Operation::max: return a >= b ? a : b;
        case Operation::atan2: return std::atan2(a, b);
        case Operation::hypot: return std::sqrt(a * a + b * b);
        case Operation::less: return truth(a < b);
        case Operation::less_equal: return truth(a <= b);
        case Operation::greater: return truth(a > b);
        case Operation::greater_equal: return truth(a >= b);
        case Operation::equal: return truth(a == b);
        case Operation::not_equal: return truth(a != b);
        case Operation::logical_and: return truth(a != 0.0 && b != 0.0);
        default: return truth(a != 0.0 || b != 0.0);
    }
}

}  // namespace

double apply_operation(Operation operation, double a, double b, double c) {
    switch (arity(operation)) {
        case 1: return apply_unary(operation, a);
        case 2: return apply_binary(operation, a, b);
        case 3: return a != 0.0 ? b : c;
        default: return std::nan("");
    }
}

}  // namespace memcosim::models
