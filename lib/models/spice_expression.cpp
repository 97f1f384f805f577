#include "models/spice_expression.hpp"

#include "core/error.hpp"
#include "netlist/spice_writer.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace memcosim::models {
namespace {

std::string number_text(double value) {
    if (!std::isfinite(value)) {
        throw EngineError(
            fmt::format("a device model expression has the constant {}, which ngspice cannot read", value));
    }
    const std::string text = netlist::spice_number(value);
    return value < 0.0 || std::signbit(value) ? fmt::format("({})", text) : text;
}

// A constant exponent that is a whole number: 0 if even, 1 if odd; -1 otherwise.
int exponent_parity(const ExpressionGraph& graph, NodeId exponent) {
    if (!graph.is_constant(exponent)) return -1;
    const double value = graph.node(exponent).value;
    if (value != std::trunc(value) || std::fabs(value) > 9007199254740992.0) return -1;
    return std::fmod(std::fabs(value), 2.0) == 1.0 ? 1 : 0;
}

// How many times an operation's printed form repeats argument k.
std::size_t repeats(const ExpressionGraph& graph, const ExpressionNode& node, int k) {
    switch (node.operation) {
        case Operation::truncate:
        case Operation::round_integer:
        case Operation::hypot: return 2;
        case Operation::limexp: return 3;
        case Operation::atan2: return k == 0 ? 6 : 5;
        case Operation::power: return exponent_parity(graph, node.arguments[1]) >= 0 ? 1 : (k == 0 ? 2 : 4);
        default: return 1;
    }
}

const char* infix(Operation operation) {
    switch (operation) {
        case Operation::add: return "+";
        case Operation::subtract: return "-";
        case Operation::multiply: return "*";
        case Operation::divide: return "/";
        case Operation::less: return "<";
        case Operation::less_equal: return "<=";
        case Operation::greater: return ">";
        case Operation::greater_equal: return ">=";
        case Operation::equal: return "==";
        case Operation::not_equal: return "!=";
        default: return nullptr;
    }
}

// ngspice function names of the one-argument operations that map directly.
const char* function_name(Operation operation) {
    switch (operation) {
        case Operation::exp: return "exp";
        case Operation::ln: return "ln";
        case Operation::log10: return "log10";
        case Operation::sqrt: return "sqrt";
        case Operation::abs: return "abs";
        case Operation::floor: return "floor";
        case Operation::ceil: return "ceil";
        case Operation::sin: return "sin";
        case Operation::cos: return "cos";
        case Operation::tan: return "tan";
        case Operation::asin: return "asin";
        case Operation::acos: return "acos";
        case Operation::atan: return "atan";
        case Operation::sinh: return "sinh";
        case Operation::cosh: return "cosh";
        case Operation::tanh: return "tanh";
        case Operation::asinh: return "asinh";
        case Operation::acosh: return "acosh";
        case Operation::atanh: return "atanh";
        case Operation::min: return "min";
        case Operation::max: return "max";
        default: return nullptr;
    }
}

std::string atan2_text(const std::string& y, const std::string& x) {
    const std::string pi = netlist::spice_number(std::numbers::pi),
                      half_pi = netlist::spice_number(std::numbers::pi / 2);
    return fmt::format(
        "({x} > 0 ? atan({y} / {x}) : ({x} < 0 ? ({y} >= 0 ? atan({y} / {x}) + {pi} : "
        "atan({y} / {x}) - {pi}) : ({y} > 0 ? {h} : ({y} < 0 ? (-{h}) : 0))))",
        fmt::arg("x", x), fmt::arg("y", y), fmt::arg("pi", pi), fmt::arg("h", half_pi));
}

class SpicePrinter {
public:
    SpicePrinter(const ExpressionGraph& graph, const SpiceSymbols& symbols, const SpiceExpressionOptions& options)
        : graph_(graph), symbols_(symbols), options_(options), text_(graph.size()), auxiliary_(graph.size(), false) {}

    SpiceExpressions print(std::span<const NodeId> roots) {
        const std::vector<bool> used = reachable(graph_, roots);
        choose_auxiliaries(used, roots);
        SpiceExpressions result;
        for (NodeId id = 0; id < graph_.size(); ++id) {
            if (!used[id]) continue;
            const std::string own = format(id);
            if (!auxiliary_[id]) {
                text_[id] = own;
                continue;
            }
            const std::string node = fmt::format("{}{}", options_.auxiliary_prefix, result.auxiliaries.size() + 1);
            result.auxiliaries.emplace_back(node, own);
            text_[id] = fmt::format("v({})", node);
        }
        for (const NodeId root : roots) result.roots.push_back(text_[root]);
        return result;
    }

private:
    // In topological order: a node's printed size is its own token plus its
    // arguments' sizes (times their repeats); a shared node past the limit,
    // or any node past the inline limit, is printed once as its own node.
    void choose_auxiliaries(const std::vector<bool>& used, std::span<const NodeId> roots) {
        std::vector<std::size_t> uses(graph_.size(), 0), size(graph_.size(), 1);
        for (const NodeId root : roots) ++uses[root];
        for (NodeId id = 0; id < graph_.size(); ++id) {
            if (!used[id]) continue;
            const ExpressionNode& node = graph_.node(id);
            for (int k = 0; k < arity(node.operation); ++k) uses[node.arguments[k]] += repeats(graph_, node, k);
        }
        for (NodeId id = 0; id < graph_.size(); ++id) {
            const ExpressionNode& node = graph_.node(id);
            if (!used[id] || arity(node.operation) == 0) continue;
            for (int k = 0; k < arity(node.operation); ++k) {
                size[id] += repeats(graph_, node, k) * size[node.arguments[k]];
            }
            const bool shared_and_large = uses[id] > 1 && size[id] > options_.shared_limit;
            if (options_.allow_auxiliaries && (shared_and_large || size[id] > options_.inline_limit)) {
                auxiliary_[id] = true;
                size[id] = 1;
            }
        }
    }

    std::string leaf(const ExpressionNode& node) const {
        switch (node.operation) {
            case Operation::constant: return number_text(node.value);
            case Operation::parameter: {
                const std::string& name = symbols_.parameters.at(node.index);
                const bool integer =
                    node.index < symbols_.integer_parameters.size() && symbols_.integer_parameters[node.index];
                return integer ? fmt::format("floor({} + 0.5)", name) : name;
            }
            case Operation::state: return symbols_.states.at(node.index);
            case Operation::voltage: return symbols_.voltage;
            case Operation::time: return "time";
            default: return "(temper + 273.15)";
        }
    }

    std::string format(NodeId id) const {
        const ExpressionNode& node = graph_.node(id);
        if (arity(node.operation) == 0) return leaf(node);
        const std::string& a = text_[node.arguments[0]];
        if (const char* name = function_name(node.operation)) {
            return arity(node.operation) == 1 ? fmt::format("{}({})", name, a)
                                              : fmt::format("{}({}, {})", name, a, text_[node.arguments[1]]);
        }
        if (const char* op = infix(node.operation)) return fmt::format("({} {} {})", a, op, text_[node.arguments[1]]);
        return special(node, a);
    }

    std::string special(const ExpressionNode& node, const std::string& a) const {
        const std::string& b = arity(node.operation) > 1 ? text_[node.arguments[1]] : a;
        switch (node.operation) {
            case Operation::negate: return fmt::format("(-{})", a);
            case Operation::logical_not: return fmt::format("(!{})", a);
            case Operation::limexp:
                return fmt::format("({0} <= {1} ? exp({0}) : {2} * (1 + ({0} - {1})))", a, number_text(limexp_limit),
                                   number_text(std::exp(limexp_limit)));
            case Operation::truncate: return fmt::format("(sgn({0}) * floor(abs({0})))", a);
            case Operation::round_integer: return fmt::format("(sgn({0}) * floor(abs({0}) + 0.5))", a);
            case Operation::power: return power(node, a, b);
            case Operation::atan2: return atan2_text(a, b);
            case Operation::hypot: return fmt::format("sqrt({0} * {0} + {1} * {1})", a, b);
            case Operation::logical_and: return fmt::format("({} != 0 ? ({} != 0) : 0)", a, b);
            case Operation::logical_or: return fmt::format("({} != 0 ? 1 : ({} != 0))", a, b);
            default: return fmt::format("({} ? {} : {})", a, b, text_[node.arguments[2]]);  // select
        }
    }

    std::string power(const ExpressionNode& node, const std::string& a, const std::string& b) const {
        switch (exponent_parity(graph_, node.arguments[1])) {
            case 0: return fmt::format("pow({}, {})", a, b);
            case 1: return fmt::format("pwr({}, {})", a, b);
            default:
                return fmt::format("(abs(({1} - 2 * floor({1} / 2)) - 1) < 0.5 ? pwr({0}, {1}) : pow({0}, {1}))", a, b);
        }
    }

    const ExpressionGraph& graph_;
    const SpiceSymbols& symbols_;
    const SpiceExpressionOptions& options_;
    std::vector<std::string> text_;
    std::vector<bool> auxiliary_;
};

}  // namespace

SpiceExpressions print_spice_expressions(const ExpressionGraph& graph, std::span<const NodeId> roots,
                                         const SpiceSymbols& symbols, const SpiceExpressionOptions& options) {
    return SpicePrinter(graph, symbols, options).print(roots);
}

}  // namespace memcosim::models
