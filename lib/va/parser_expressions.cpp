// Expressions: precedence climbing over Verilog-A's operator table.
#include "va/builtins.hpp"
#include "va/parser.hpp"

#include <fmt/format.h>

namespace memcosim::va {
namespace {

struct OperatorInfo {
    std::string_view text;
    BinaryOperator op;
    int precedence;  // higher binds tighter; all associate to the left
};

constexpr OperatorInfo binary_operators[] = {
    {"||", BinaryOperator::logical_or, 1},   {"&&", BinaryOperator::logical_and, 2},
    {"==", BinaryOperator::equal, 3},        {"!=", BinaryOperator::not_equal, 3},
    {"<", BinaryOperator::less, 4},          {"<=", BinaryOperator::less_equal, 4},
    {">", BinaryOperator::greater, 4},       {">=", BinaryOperator::greater_equal, 4},
    {"+", BinaryOperator::add, 5},           {"-", BinaryOperator::subtract, 5},
    {"*", BinaryOperator::multiply, 6},      {"/", BinaryOperator::divide, 6},
    {"**", BinaryOperator::power, 7},
};

// Verilog operators outside the subset: refused by name rather than misread.
constexpr std::string_view refused_operators[] = {"%", "&", "|", "^", "~", "<<", ">>", "===", "!==", "->"};

const OperatorInfo* binary_operator(const Token& token) {
    if (token.kind != TokenKind::symbol) return nullptr;
    for (const auto& info : binary_operators) {
        if (info.text == token.text) return &info;
    }
    return nullptr;
}

bool is_refused_operator(const Token& token) {
    if (token.kind != TokenKind::symbol) return false;
    for (const auto text : refused_operators) {
        if (text == token.text) return true;
    }
    return false;
}

}  // namespace

Expression Parser::parse_expression() {
    const DepthGuard guard(*this, peek().location);
    return parse_conditional();
}

Expression Parser::parse_conditional() {
    Expression condition = parse_binary(1);
    if (!at_symbol("?")) return condition;
    const Token question = take();
    const DepthGuard guard(*this, question.location);
    Expression if_true = parse_expression();
    expect_symbol(":", "in 'condition ? a : b'");
    Expression if_false = parse_conditional();
    return Expression{Conditional{std::move(condition), std::move(if_true), std::move(if_false)}, question.location};
}

// A chain a + b + c is built in a loop, into a tree as deep as the chain is
// long; links are counted (along with those of enclosing chains) so that the
// passes walking the tree recursively stay within the stack.
Expression Parser::parse_binary(int min_precedence) {
    Expression left = parse_unary();
    int links = 0;
    for (;;) {
        if (is_refused_operator(peek())) unsupported(peek().location, fmt::format("operator '{}'", peek().text));
        const OperatorInfo* info = binary_operator(peek());
        if (!info || info->precedence < min_precedence) break;
        const Token op = take();
        if (++chain_links_ > max_chain_links) {
            chain_links_ -= links + 1;
            fail(op.location, fmt::format("expression with more than {} operators in a chain", max_chain_links));
        }
        ++links;
        Expression right = parse_binary(info->precedence + 1);
        left = Expression{Binary{info->op, std::move(left), std::move(right)}, op.location};
    }
    chain_links_ -= links;
    return left;
}

Expression Parser::parse_unary() {
    const Token& token = peek();
    if (token.kind == TokenKind::symbol && (token.text == "-" || token.text == "+" || token.text == "!")) {
        const Token op = take();
        const DepthGuard guard(*this, op.location);
        const UnaryOperator kind = op.text == "-"   ? UnaryOperator::minus
                                   : op.text == "+" ? UnaryOperator::plus
                                                    : UnaryOperator::logical_not;
        return Expression{Unary{kind, parse_unary()}, op.location};
    }
    if (token.kind == TokenKind::symbol && token.text == "~") unsupported(token.location, "operator '~'");
    return parse_primary();
}

Expression Parser::parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
        case TokenKind::number: {
            const Token number = take();
            return Expression{Number{number.value, number.integer}, number.location};
        }
        case TokenKind::identifier: return parse_name(take());
        case TokenKind::system_name: return parse_system_call(take());
        case TokenKind::string: fail(token.location, "a string cannot be used in an expression");
        default: break;
    }
    if (accept_symbol("(")) {
        Expression inner = parse_expression();
        expect_symbol(")", "to close '('");
        return inner;
    }
    if (at_symbol("'")) unsupported(token.location, "array literal '{...}");
    fail_expected("an expression");
}

Expression Parser::parse_name(const Token& name) {
    const bool call = at_symbol("(");
    if (call && is_refused_function(name.text)) unsupported(name.location, name.text);
    if (!call) return Expression{Identifier{name.text}, name.location};
    if (name.text == "V") return parse_probe(name);
    if (name.text == "I") unsupported(name.location, "I(...) as a probe (branch-current probes)");
    if (name.text == "ddt" || name.text == "idt") return parse_analog_operator(name);
    return Expression{FunctionCall{name.text, parse_arguments(name)}, name.location};
}

Expression Parser::parse_probe(const Token& access) {
    take();
    Probe probe;
    if (at_symbol("<")) unsupported(peek().location, "port branch V(<p>)");
    probe.positive = expect_identifier("a node name in V(...)").text;
    if (accept_symbol(",")) probe.negative = expect_identifier("a node name in V(..., ...)").text;
    expect_symbol(")", "to close V(...)");
    return Expression{std::move(probe), access.location};
}

Expression Parser::parse_analog_operator(const Token& name) {
    auto arguments = parse_arguments(name);
    const bool integral = name.text == "idt";
    const std::size_t most = integral ? 2 : 1;
    if (arguments.empty() || arguments.size() > most) {
        fail(name.location, fmt::format("'{}' takes {} argument{}, got {}", name.text,
                                        integral ? "1 or 2" : "1", integral ? "s" : "", arguments.size()));
    }
    if (!integral) return Expression{TimeDerivative{std::move(arguments[0])}, name.location};
    TimeIntegral integral_node{std::move(arguments[0]), std::nullopt};
    if (arguments.size() == 2) integral_node.initial = std::move(arguments[1]);
    return Expression{std::move(integral_node), name.location};
}

Expression Parser::parse_system_call(const Token& name) {
    if (ignored_task_reason(name.text)) {
        fail(name.location, fmt::format("system task '{}' cannot be used in an expression", name.text));
    }
    SystemFunction function = SystemFunction::abstime;
    if (name.text == "$temperature") {
        function = SystemFunction::temperature;
    } else if (name.text == "$vt") {
        function = SystemFunction::vt;
    } else if (name.text != "$abstime") {
        unsupported(name.location, name.text);
    }
    std::vector<Expression> arguments;
    if (at_symbol("(")) arguments = parse_arguments(name);
    const std::size_t most = function == SystemFunction::vt ? 1 : 0;
    if (arguments.size() > most) {
        fail(name.location, fmt::format("'{}' takes {} argument{}, got {}", name.text,
                                        most == 1 ? "at most 1" : "no", most == 1 ? "" : "s", arguments.size()));
    }
    return Expression{SystemCall{function, std::move(arguments)}, name.location};
}

std::vector<Expression> Parser::parse_arguments(const Token& name) {
    expect_symbol("(", fmt::format("after '{}'", name.text));
    std::vector<Expression> arguments;
    if (accept_symbol(")")) return arguments;
    do {
        arguments.push_back(parse_expression());
    } while (accept_symbol(","));
    expect_symbol(")", fmt::format("to close the arguments of '{}'", name.text));
    return arguments;
}

}  // namespace memcosim::va
