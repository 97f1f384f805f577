// Expressions and numbers as Verilog-A text (see va/printer.hpp).
#include "va/printer.hpp"

#include <cctype>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

// Higher binds tighter; all binary operators associate to the left.
constexpr int conditional_precedence = 1;
constexpr int unary_precedence = 20;
constexpr int atom_precedence = 30;

int precedence(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::logical_or: return 2;
        case BinaryOperator::logical_and: return 3;
        case BinaryOperator::equal: case BinaryOperator::not_equal: return 4;
        case BinaryOperator::less: case BinaryOperator::less_equal:
        case BinaryOperator::greater: case BinaryOperator::greater_equal: return 5;
        case BinaryOperator::add: case BinaryOperator::subtract: return 6;
        case BinaryOperator::multiply: case BinaryOperator::divide: return 7;
        case BinaryOperator::power: return 8;
    }
    return 0;
}

int precedence(const Expression& expression) {
    if (const auto* binary = std::get_if<Binary>(&expression.node)) return precedence(binary->op);
    if (std::holds_alternative<Unary>(expression.node)) return unary_precedence;
    if (std::holds_alternative<Conditional>(expression.node)) return conditional_precedence;
    return atom_precedence;
}

std::string parenthesized(const Expression& expression, bool parentheses) {
    const std::string text = print_expression(expression);
    return parentheses ? fmt::format("({})", text) : text;
}

std::string argument_list(const std::vector<Expression>& arguments) {
    std::string text;
    for (const auto& argument : arguments) {
        if (!text.empty()) text += ", ";
        text += print_expression(argument);
    }
    return text;
}

struct ExpressionPrinter {
    std::string operator()(const Number& n) const { return print_number(n); }
    std::string operator()(const Identifier& id) const { return id.name; }
    std::string operator()(const Probe& p) const {
        return p.negative.empty() ? fmt::format("V({})", p.positive) : fmt::format("V({}, {})", p.positive, p.negative);
    }
    std::string operator()(const SystemCall& call) const {
        if (call.arguments.empty()) return to_string(call.function);
        return fmt::format("{}({})", to_string(call.function), argument_list(call.arguments));
    }
    std::string operator()(const FunctionCall& call) const {
        return fmt::format("{}({})", call.name, argument_list(call.arguments));
    }
    std::string operator()(const TimeDerivative& d) const {
        return fmt::format("ddt({})", print_expression(*d.operand));
    }
    std::string operator()(const TimeIntegral& i) const {
        if (!i.initial) return fmt::format("idt({})", print_expression(*i.integrand));
        return fmt::format("idt({}, {})", print_expression(*i.integrand), print_expression(**i.initial));
    }
    std::string operator()(const Unary& u) const {
        const bool parentheses = precedence(*u.operand) < unary_precedence;
        return fmt::format("{}{}", to_string(u.op), parenthesized(*u.operand, parentheses));
    }
    std::string operator()(const Binary& b) const {
        const int own = precedence(b.op);
        return fmt::format("{} {} {}", parenthesized(*b.left, precedence(*b.left) < own), to_string(b.op),
                           parenthesized(*b.right, precedence(*b.right) <= own));
    }
    // A nested conditional needs no parentheses in either branch; they are printed for the reader.
    std::string operator()(const Conditional& c) const {
        const auto operand = [](const Expression& e) {
            return parenthesized(e, precedence(e) <= conditional_precedence);
        };
        return fmt::format("{} ? {} : {}", operand(*c.condition), operand(*c.if_true), operand(*c.if_false));
    }
};

// A bound that prints as `inf ...` or `-inf ...` would read back as infinite.
std::string bound_text(const Bound& bound, const char* infinite) {
    if (!bound.value) return infinite;
    const std::string text = print_expression(*bound.value);
    const std::string_view rest = std::string_view(text).substr(!text.empty() && text.front() == '-' ? 1 : 0);
    const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
    const bool reads_as_inf = rest.substr(0, 3) == "inf" && (rest.size() == 3 || !word_char(rest[3]));
    return reads_as_inf ? fmt::format("({})", text) : text;
}

}  // namespace

std::string print_number(const Number& number) {
    if (number.integer) return fmt::format("{}", static_cast<long long>(number.value));
    std::string text = fmt::format("{}", number.value);
    if (text.find_first_of(".eEni") == std::string::npos) text += ".0";
    return text;
}

std::string print_expression(const Expression& expression) {
    return std::visit(ExpressionPrinter{}, expression.node);
}

std::string print_range(const RangeClause& range) {
    const char* keyword = range.kind == RangeKind::from ? "from" : "exclude";
    if (const auto* value = std::get_if<Expression>(&range.values)) {
        // `exclude (a + b) * 2` would read as `exclude (a + b)` followed by junk.
        const std::string text = print_expression(*value);
        return !text.empty() && text.front() == '(' ? fmt::format("{} ({})", keyword, text) : fmt::format("{} {}", keyword, text);
    }
    const auto& interval = std::get<Interval>(range.values);
    const std::string lower = bound_text(interval.lower, "-inf");
    const std::string upper = bound_text(interval.upper, "inf");
    return fmt::format("{} {}{}:{}{}", keyword, interval.lower.inclusive ? '[' : '(', lower, upper,
                       interval.upper.inclusive ? ']' : ')');
}

}  // namespace memcosim::va
