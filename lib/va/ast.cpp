#include "va/ast.hpp"

#include <algorithm>

namespace memcosim::va {
namespace {

template <class Item>
const Item* find_named(const std::vector<Item>& items, std::string_view name) {
    const auto found = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.name == name; });
    return found == items.end() ? nullptr : &*found;
}

}  // namespace

const Parameter* find_parameter(const Module& module, std::string_view name) {
    return find_named(module.parameters, name);
}
const Variable* find_variable(const Module& module, std::string_view name) {
    return find_named(module.variables, name);
}
const AnalogFunction* find_function(const Module& module, std::string_view name) {
    return find_named(module.functions, name);
}
bool is_node(const Module& module, std::string_view name) {
    return find_named(module.ports, name) != nullptr || find_named(module.internal_nodes, name) != nullptr;
}

void for_each_child(const Expression& expression, const std::function<void(const Expression&)>& visit) {
    std::visit(
        [&](const auto& node) {
            using Node = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<Node, FunctionCall> || std::is_same_v<Node, SystemCall>) {
                for (const auto& argument : node.arguments) visit(argument);
            } else if constexpr (std::is_same_v<Node, TimeDerivative> || std::is_same_v<Node, Unary>) {
                visit(*node.operand);
            } else if constexpr (std::is_same_v<Node, TimeIntegral>) {
                visit(*node.integrand);
                if (node.initial) visit(**node.initial);
            } else if constexpr (std::is_same_v<Node, Binary>) {
                visit(*node.left);
                visit(*node.right);
            } else if constexpr (std::is_same_v<Node, Conditional>) {
                visit(*node.condition);
                visit(*node.if_true);
                visit(*node.if_false);
            }
        },
        expression.node);
}

void for_each_expression(const Statement& statement, const std::function<void(const Expression&)>& visit) {
    if (const auto* assignment = std::get_if<Assignment>(&statement.node)) visit(assignment->value);
    if (const auto* contribution = std::get_if<Contribution>(&statement.node)) visit(contribution->value);
    if (const auto* branch = std::get_if<IfElse>(&statement.node)) visit(branch->condition);
}

void for_each_statement(const Statement& statement, const std::function<void(const Statement&)>& visit) {
    if (const auto* block = std::get_if<Block>(&statement.node)) {
        for (const auto& inner : block->statements) visit(inner);
    } else if (const auto* branch = std::get_if<IfElse>(&statement.node)) {
        visit(*branch->then_branch);
        if (branch->else_branch) visit(**branch->else_branch);
    } else if (const auto* event = std::get_if<InitialStep>(&statement.node)) {
        visit(*event->body);
    }
}

Expression make_number(double value, bool integer, SourceLocation location) {
    return Expression{Number{value, integer}, std::move(location)};
}
Expression make_identifier(std::string name, SourceLocation location) {
    return Expression{Identifier{std::move(name)}, std::move(location)};
}
Expression make_binary(BinaryOperator op, Expression left, Expression right, SourceLocation location) {
    return Expression{Binary{op, std::move(left), std::move(right)}, std::move(location)};
}

const char* to_string(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::add: return "+";
        case BinaryOperator::subtract: return "-";
        case BinaryOperator::multiply: return "*";
        case BinaryOperator::divide: return "/";
        case BinaryOperator::power: return "**";
        case BinaryOperator::less: return "<";
        case BinaryOperator::less_equal: return "<=";
        case BinaryOperator::greater: return ">";
        case BinaryOperator::greater_equal: return ">=";
        case BinaryOperator::equal: return "==";
        case BinaryOperator::not_equal: return "!=";
        case BinaryOperator::logical_and: return "&&";
        case BinaryOperator::logical_or: return "||";
    }
    return "?";
}

const char* to_string(UnaryOperator op) {
    switch (op) {
        case UnaryOperator::plus: return "+";
        case UnaryOperator::minus: return "-";
        case UnaryOperator::logical_not: return "!";
    }
    return "?";
}

const char* to_string(ValueType type) { return type == ValueType::integer ? "integer" : "real"; }

const char* to_string(PortDirection direction) {
    switch (direction) {
        case PortDirection::inout: return "inout";
        case PortDirection::input: return "input";
        case PortDirection::output: return "output";
    }
    return "?";
}

const char* to_string(SystemFunction function) {
    switch (function) {
        case SystemFunction::abstime: return "$abstime";
        case SystemFunction::temperature: return "$temperature";
        case SystemFunction::vt: return "$vt";
    }
    return "?";
}

}  // namespace memcosim::va
