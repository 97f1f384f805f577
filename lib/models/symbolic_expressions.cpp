// Expressions of the analog block as nodes of the expression graph (see
// symbolic_executor.hpp). Integer arithmetic is resolved here, from the
// static types: an integer division or power is truncated, a real stored
// into an integer is rounded, so the graph needs no types.
#include "models/symbolic_executor.hpp"

#include "va/builtins.hpp"
#include "va/constant_eval.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace memcosim::models::detail {
namespace {

// Boltzmann constant over the elementary charge (SI 2019, exact), for $vt.
constexpr double boltzmann_over_charge = 1.380649e-23 / 1.602176634e-19;

struct NamedOperation {
    std::string_view name;
    Operation operation;
};

// Verilog-A math functions by name. Note: Verilog-A `log` is base 10.
constexpr std::array<NamedOperation, 25> builtin_operations{{
    {"exp", Operation::exp},     {"limexp", Operation::limexp}, {"ln", Operation::ln},
    {"log", Operation::log10},   {"sqrt", Operation::sqrt},     {"abs", Operation::abs},
    {"floor", Operation::floor}, {"ceil", Operation::ceil},     {"sin", Operation::sin},
    {"cos", Operation::cos},     {"tan", Operation::tan},       {"asin", Operation::asin},
    {"acos", Operation::acos},   {"atan", Operation::atan},     {"sinh", Operation::sinh},
    {"cosh", Operation::cosh},   {"tanh", Operation::tanh},     {"asinh", Operation::asinh},
    {"acosh", Operation::acosh}, {"atanh", Operation::atanh},   {"pow", Operation::power},
    {"min", Operation::min},     {"max", Operation::max},       {"atan2", Operation::atan2},
    {"hypot", Operation::hypot},
}};

Operation binary_operation(va::BinaryOperator op) {
    switch (op) {
        case va::BinaryOperator::add: return Operation::add;
        case va::BinaryOperator::subtract: return Operation::subtract;
        case va::BinaryOperator::multiply: return Operation::multiply;
        case va::BinaryOperator::divide: return Operation::divide;
        case va::BinaryOperator::power: return Operation::power;
        case va::BinaryOperator::less: return Operation::less;
        case va::BinaryOperator::less_equal: return Operation::less_equal;
        case va::BinaryOperator::greater: return Operation::greater;
        case va::BinaryOperator::greater_equal: return Operation::greater_equal;
        case va::BinaryOperator::equal: return Operation::equal;
        case va::BinaryOperator::not_equal: return Operation::not_equal;
        case va::BinaryOperator::logical_and: return Operation::logical_and;
        default: return Operation::logical_or;
    }
}

}  // namespace

struct ExpressionLowering {
    SymbolicExecutor& executor;
    const Environment& environment;
    const Context& context;
    const va::SourceLocation& location;

    ExpressionGraph& graph() const { return executor.graph_; }
    NodeId lower(const va::Expression& e) const { return executor.evaluate(e, environment, context); }

    NodeId operator()(const va::Number& number) const { return graph().constant(number.value); }

    NodeId operator()(const va::Identifier& identifier) const {
        const auto variable = environment.variables.find(identifier.name);
        if (variable != environment.variables.end()) {
            if (variable->second.status == Status::assigned) return variable->second.node;
            const bool partial = variable->second.status == Status::partial;
            refuse(location,
                   fmt::format(
                       "variable '{}' is read here {}; it would keep its value from the previous "
                       "evaluation (hidden memory), which the lowering does not support: assign it on "
                       "every path before this use",
                       identifier.name,
                       partial ? "but some path reaches this point without assigning it" : "before it is assigned"));
        }
        const auto parameter = executor.symbols_.parameters.find(identifier.name);
        if (parameter != executor.symbols_.parameters.end()) return parameter->second;
        refuse(location, fmt::format("'{}' has no value here", identifier.name));
    }

    NodeId operator()(const va::Probe& probe) const { return executor.probe(probe, location); }

    NodeId operator()(const va::SystemCall& call) const {
        switch (call.function) {
            case va::SystemFunction::abstime: return graph().time();
            case va::SystemFunction::temperature: return graph().temperature();
            default: {
                const NodeId temperature = call.arguments.empty() ? graph().temperature() : lower(call.arguments[0]);
                return graph().binary(Operation::multiply, graph().constant(boltzmann_over_charge), temperature);
            }
        }
    }

    NodeId operator()(const va::FunctionCall& call) const {
        return executor.call_function(call, location, environment, context);
    }

    [[noreturn]] NodeId operator()(const va::TimeDerivative&) const {
        refuse(location,
               "ddt() is not supported by the lowering yet (a state is written as "
               "V(x) <+ idt(rate, initial); a capacitance has no lowering)");
    }

    [[noreturn]] NodeId operator()(const va::TimeIntegral&) const {
        refuse(location,
               "idt() is supported only as the whole right side of a state contribution "
               "V(x) <+ idt(rate, initial)");
    }

    NodeId operator()(const va::Unary& unary) const {
        const NodeId operand = lower(*unary.operand);
        switch (unary.op) {
            case va::UnaryOperator::plus: return operand;
            case va::UnaryOperator::minus: return graph().unary(Operation::negate, operand);
            default: return graph().unary(Operation::logical_not, operand);
        }
    }

    NodeId operator()(const va::Binary& binary) const {
        const NodeId left = lower(*binary.left), right = lower(*binary.right);
        const Operation operation = binary_operation(binary.op);
        const NodeId result = graph().binary(operation, left, right);
        const bool integer_result = (operation == Operation::divide || operation == Operation::power) &&
                                    executor.type_of(*binary.left, environment) == va::ValueType::integer &&
                                    executor.type_of(*binary.right, environment) == va::ValueType::integer;
        if (integer_result && operation == Operation::divide && graph().is_constant(right, 0.0)) {
            refuse(location, "integer division by zero");
        }
        return integer_result ? graph().unary(Operation::truncate, result) : result;
    }

    NodeId operator()(const va::Conditional& conditional) const {
        return graph().select(lower(*conditional.condition), lower(*conditional.if_true), lower(*conditional.if_false));
    }
};

NodeId SymbolicExecutor::evaluate(const va::Expression& expression, const Environment& environment,
                                  const Context& context) {
    return std::visit(ExpressionLowering{*this, environment, context, expression.location}, expression.node);
}

va::ValueType SymbolicExecutor::type_of(const va::Expression& expression, const Environment& environment) const {
    return va::expression_type(expression, [&](std::string_view name) -> std::optional<va::ValueType> {
        if (const auto found = environment.variables.find(name); found != environment.variables.end()) {
            return found->second.type;
        }
        if (const auto found = symbols_.parameter_types.find(name); found != symbols_.parameter_types.end()) {
            return found->second;
        }
        if (const va::AnalogFunction* function = va::find_function(*symbols_.module, name)) {
            return function->return_type;
        }
        return std::nullopt;
    });
}

NodeId SymbolicExecutor::convert(NodeId value, va::ValueType from, va::ValueType to) {
    if (from == va::ValueType::real && to == va::ValueType::integer) {
        return graph_.unary(Operation::round_integer, value);
    }
    return value;
}

NodeId SymbolicExecutor::probe(const va::Probe& probe, const va::SourceLocation& location) {
    const auto node_value = [&](const std::string& node) -> std::optional<NodeId> {
        if (node.empty()) return graph_.constant(0.0);
        const auto state = symbols_.states.find(node);
        if (state == symbols_.states.end()) return std::nullopt;
        return graph_.state(state->second);
    };
    if (probe.positive == symbols_.positive && probe.negative == symbols_.negative) return graph_.voltage();
    if (probe.positive == symbols_.negative && probe.negative == symbols_.positive) {
        return graph_.unary(Operation::negate, graph_.voltage());
    }
    const auto positive = node_value(probe.positive), negative = node_value(probe.negative);
    if (positive && negative) return graph_.binary(Operation::subtract, *positive, *negative);
    const std::string text =
        probe.negative.empty() ? probe.positive : fmt::format("{}, {}", probe.positive, probe.negative);
    refuse(location, fmt::format("probe V({}): a two-terminal device model may read only V({}, {}) across its "
                                 "ports and V(x) of its state nodes",
                                 text, symbols_.positive, symbols_.negative));
}

NodeId SymbolicExecutor::call_function(const va::FunctionCall& call, const va::SourceLocation& location,
                                       const Environment& environment, const Context& context) {
    std::vector<NodeId> arguments;
    for (const auto& argument : call.arguments) arguments.push_back(evaluate(argument, environment, context));
    const auto builtin = std::find_if(builtin_operations.begin(), builtin_operations.end(),
                                      [&](const NamedOperation& named) { return named.name == call.name; });
    if (builtin != builtin_operations.end()) {
        if (static_cast<int>(arguments.size()) != arity(builtin->operation)) {
            refuse(location, fmt::format("'{}' takes {} argument(s), got {}", call.name, arity(builtin->operation),
                                         arguments.size()));
        }
        return graph_.apply(builtin->operation, arguments);
    }
    const va::AnalogFunction* function = va::find_function(*symbols_.module, call.name);
    if (!function) refuse(location, fmt::format("unknown function '{}'", call.name));
    for (std::size_t k = 0; k < arguments.size() && k < function->inputs.size(); ++k) {
        arguments[k] = convert(arguments[k], type_of(call.arguments[k], environment), function->inputs[k].type);
    }
    return inline_function(*function, arguments, location, context);
}

// The function body runs in its own environment: inputs bound to the
// argument values, locals and the result unassigned.
NodeId SymbolicExecutor::inline_function(const va::AnalogFunction& function, const std::vector<NodeId>& arguments,
                                         const va::SourceLocation& location, const Context& context) {
    if (arguments.size() != function.inputs.size()) {
        refuse(location, fmt::format("'{}' takes {} argument(s), got {}", function.name, function.inputs.size(),
                                     arguments.size()));
    }
    Environment inner;
    inner.current = graph_.constant(0.0);
    for (std::size_t k = 0; k < arguments.size(); ++k) {
        inner.variables[function.inputs[k].name] =
            VariableValue{arguments[k], Status::assigned, function.inputs[k].type};
    }
    for (const auto& local : function.locals) {
        inner.variables.try_emplace(local.name, VariableValue{0, Status::unassigned, local.type});
    }
    inner.variables[function.name] = VariableValue{0, Status::unassigned, function.return_type};
    Context body = context;
    body.function = &function;
    body.initial_step = false;  // the caller checks what it stores
    execute(function.body, inner, body);
    const VariableValue& result = inner.variables.at(function.name);
    if (result.status != Status::assigned) {
        refuse(location, fmt::format("analog function '{}' (declared at {}) does not assign its result '{}' on "
                                     "every path",
                                     function.name, va::to_string(function.location), function.name));
    }
    return result.node;
}

}  // namespace memcosim::models::detail
