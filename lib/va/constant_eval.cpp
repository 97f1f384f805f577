#include "va/constant_eval.hpp"

#include "va/builtins.hpp"
#include "va/printer.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace memcosim::va {
namespace {

[[noreturn]] void not_constant(const SourceLocation& location, const std::string& what) {
    throw VaError(location, fmt::format("{} is not a constant", what));
}

ConstantValue integer_result(double value, const SourceLocation& location) {
    if (!std::isfinite(value) || std::fabs(value) > std::numeric_limits<int>::max()) {
        throw VaError(location, "integer value out of range in a constant expression");
    }
    return {std::trunc(value), ValueType::integer};
}

ConstantValue arithmetic(BinaryOperator op, ConstantValue a, ConstantValue b, const SourceLocation& location) {
    const bool integer = a.type == ValueType::integer && b.type == ValueType::integer;
    double result = 0.0;
    switch (op) {
        case BinaryOperator::add: result = a.value + b.value; break;
        case BinaryOperator::subtract: result = a.value - b.value; break;
        case BinaryOperator::multiply: result = a.value * b.value; break;
        case BinaryOperator::divide:
            if (integer && b.value == 0.0) throw VaError(location, "integer division by zero");
            result = a.value / b.value;
            break;
        default: result = std::pow(a.value, b.value); break;
    }
    return integer ? integer_result(result, location) : ConstantValue{result, ValueType::real};
}

bool comparison(BinaryOperator op, double a, double b) {
    switch (op) {
        case BinaryOperator::less: return a < b;
        case BinaryOperator::less_equal: return a <= b;
        case BinaryOperator::greater: return a > b;
        case BinaryOperator::greater_equal: return a >= b;
        case BinaryOperator::equal: return a == b;
        default: return a != b;
    }
}

ConstantValue truth(bool value) { return {value ? 1.0 : 0.0, ValueType::integer}; }

struct Evaluator {
    const ParameterValues& values;
    const SourceLocation& location;

    ConstantValue evaluate(const Expression& e) const { return evaluate_constant(e, values); }

    ConstantValue operator()(const Number& n) const {
        return {n.value, n.integer ? ValueType::integer : ValueType::real};
    }
    ConstantValue operator()(const Identifier& id) const {
        const auto found = values.find(id.name);
        if (found == values.end()) not_constant(location, fmt::format("'{}'", id.name));
        return found->second;
    }
    ConstantValue operator()(const Probe&) const { not_constant(location, "a probe V(...)"); }
    ConstantValue operator()(const SystemCall& call) const {
        not_constant(location, fmt::format("'{}'", to_string(call.function)));
    }
    ConstantValue operator()(const TimeDerivative&) const { not_constant(location, "'ddt'"); }
    ConstantValue operator()(const TimeIntegral&) const { not_constant(location, "'idt'"); }
    ConstantValue operator()(const FunctionCall& call) const {
        const BuiltinFunction* function = find_builtin_function(call.name);
        if (!function) not_constant(location, fmt::format("a call of user function '{}'", call.name));
        if (static_cast<int>(call.arguments.size()) != function->arguments) {
            throw VaError(location, fmt::format("'{}' takes {} argument{}, got {}", call.name, function->arguments,
                                                function->arguments == 1 ? "" : "s", call.arguments.size()));
        }
        std::vector<double> arguments;
        bool all_integer = true;
        for (const auto& argument : call.arguments) {
            const ConstantValue value = evaluate(argument);
            all_integer = all_integer && value.type == ValueType::integer;
            arguments.push_back(value.value);
        }
        const double result = evaluate_builtin(*function, arguments);
        return {result, function->keeps_integer && all_integer ? ValueType::integer : ValueType::real};
    }
    ConstantValue operator()(const Unary& u) const {
        const ConstantValue operand = evaluate(*u.operand);
        if (u.op == UnaryOperator::logical_not) return truth(operand.value == 0.0);
        return {u.op == UnaryOperator::minus ? -operand.value : operand.value, operand.type};
    }
    ConstantValue operator()(const Binary& b) const {
        const ConstantValue left = evaluate(*b.left);
        if (b.op == BinaryOperator::logical_and && left.value == 0.0) return truth(false);
        if (b.op == BinaryOperator::logical_or && left.value != 0.0) return truth(true);
        const ConstantValue right = evaluate(*b.right);
        switch (b.op) {
            case BinaryOperator::add: case BinaryOperator::subtract: case BinaryOperator::multiply:
            case BinaryOperator::divide: case BinaryOperator::power:
                return arithmetic(b.op, left, right, location);
            case BinaryOperator::logical_and: case BinaryOperator::logical_or: return truth(right.value != 0.0);
            default: return truth(comparison(b.op, left.value, right.value));
        }
    }
    ConstantValue operator()(const Conditional& c) const {
        const bool condition = evaluate(*c.condition).value != 0.0;
        const ConstantValue chosen = evaluate(condition ? *c.if_true : *c.if_false);
        const ConstantValue other_type = {0.0, expression_type(condition ? *c.if_false : *c.if_true, [&](auto name) {
                                              const auto found = values.find(name);
                                              return found == values.end() ? std::optional<ValueType>{}
                                                                           : std::optional{found->second.type};
                                          })};
        const bool integer = chosen.type == ValueType::integer && other_type.type == ValueType::integer;
        return {chosen.value, integer ? ValueType::integer : ValueType::real};
    }
};

}  // namespace

ConstantValue evaluate_constant(const Expression& expression, const ParameterValues& values) {
    return std::visit(Evaluator{values, expression.location}, expression.node);
}

namespace {

ValueType both(ValueType a, ValueType b) {
    return a == ValueType::integer && b == ValueType::integer ? ValueType::integer : ValueType::real;
}

struct Typer {
    const TypeLookup& lookup;

    ValueType type(const Expression& e) const { return expression_type(e, lookup); }
    ValueType named(std::string_view name) const { return lookup(name).value_or(ValueType::real); }

    ValueType operator()(const Number& n) const { return n.integer ? ValueType::integer : ValueType::real; }
    ValueType operator()(const Identifier& id) const { return named(id.name); }
    ValueType operator()(const Probe&) const { return ValueType::real; }
    ValueType operator()(const SystemCall&) const { return ValueType::real; }
    ValueType operator()(const TimeDerivative&) const { return ValueType::real; }
    ValueType operator()(const TimeIntegral&) const { return ValueType::real; }
    ValueType operator()(const FunctionCall& call) const {
        const BuiltinFunction* function = find_builtin_function(call.name);
        if (!function) return named(call.name);
        ValueType result = function->keeps_integer ? ValueType::integer : ValueType::real;
        for (const auto& argument : call.arguments) result = both(result, type(argument));
        return result;
    }
    ValueType operator()(const Unary& u) const {
        return u.op == UnaryOperator::logical_not ? ValueType::integer : type(*u.operand);
    }
    ValueType operator()(const Binary& b) const {
        switch (b.op) {
            case BinaryOperator::add: case BinaryOperator::subtract: case BinaryOperator::multiply:
            case BinaryOperator::divide: case BinaryOperator::power:
                return both(type(*b.left), type(*b.right));
            default: return ValueType::integer;
        }
    }
    ValueType operator()(const Conditional& c) const { return both(type(*c.if_true), type(*c.if_false)); }
};

}  // namespace

ValueType expression_type(const Expression& expression, const TypeLookup& lookup) {
    return std::visit(Typer{lookup}, expression.node);
}

}  // namespace memcosim::va
