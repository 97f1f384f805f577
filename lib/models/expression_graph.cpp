#include "models/expression_graph.hpp"

#include <bit>
#include <stdexcept>

namespace memcosim::models {

std::size_t ExpressionGraph::KeyHash::operator()(const Key& key) const {
    std::uint64_t hash = static_cast<std::uint64_t>(key.operation) * 0x9e3779b97f4a7c15ULL;
    for (const NodeId argument : key.arguments) hash = (hash ^ argument) * 0x100000001b3ULL;
    hash ^= key.bits + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
    return static_cast<std::size_t>(hash);
}

NodeId ExpressionGraph::add(ExpressionNode node) {
    const std::uint64_t bits =
        node.operation == Operation::constant ? std::bit_cast<std::uint64_t>(node.value) : node.index;
    const Key key{node.operation, node.arguments, bits};
    const auto [found, inserted] = index_.try_emplace(key, static_cast<NodeId>(nodes_.size()));
    if (inserted) nodes_.push_back(node);
    return found->second;
}

NodeId ExpressionGraph::leaf(Operation operation, std::uint32_t index, std::uint8_t dependencies) {
    ExpressionNode node;
    node.operation = operation;
    node.index = index;
    node.dependencies = dependencies;
    return add(node);
}

NodeId ExpressionGraph::constant(double value) {
    ExpressionNode node;
    node.value = value;
    return add(node);
}
NodeId ExpressionGraph::parameter(std::uint32_t index) {
    return leaf(Operation::parameter, index, depends_on_parameters);
}
NodeId ExpressionGraph::state(std::uint32_t index) { return leaf(Operation::state, index, depends_on_states); }
NodeId ExpressionGraph::voltage() { return leaf(Operation::voltage, 0, depends_on_voltage); }
NodeId ExpressionGraph::time() { return leaf(Operation::time, 0, depends_on_time); }
NodeId ExpressionGraph::temperature() { return leaf(Operation::temperature, 0, depends_on_temperature); }

bool ExpressionGraph::is_constant(NodeId id, double value) const {
    return is_constant(id) && std::bit_cast<std::uint64_t>(nodes_[id].value) == std::bit_cast<std::uint64_t>(value);
}

std::uint8_t ExpressionGraph::dependencies_of(std::span<const NodeId> arguments) const {
    std::uint8_t dependencies = 0;
    for (const NodeId argument : arguments) dependencies |= nodes_[argument].dependencies;
    return dependencies;
}

// Identities that are exact for every finite and infinite value: x + 0,
// x - 0, x * 1, x / 1, --x. (x * 0 is not folded: inf * 0 is NaN.)
std::optional<NodeId> ExpressionGraph::simplify(Operation operation, NodeId a, NodeId b) const {
    switch (operation) {
        case Operation::add:
            if (is_constant(b, 0.0)) return a;
            if (is_constant(a, 0.0)) return b;
            break;
        case Operation::subtract:
            if (is_constant(b, 0.0)) return a;
            break;
        case Operation::multiply:
            if (is_constant(b, 1.0)) return a;
            if (is_constant(a, 1.0)) return b;
            break;
        case Operation::divide:
            if (is_constant(b, 1.0)) return a;
            break;
        case Operation::negate:
            if (nodes_[a].operation == Operation::negate) return nodes_[a].arguments[0];
            break;
        default: break;
    }
    return std::nullopt;
}

NodeId ExpressionGraph::apply(Operation operation, std::span<const NodeId> arguments) {
    const int count = arity(operation);
    if (count == 0 || static_cast<int>(arguments.size()) != count) {
        throw std::logic_error("ExpressionGraph::apply: wrong number of arguments");
    }
    if (count == 3) {
        if (is_constant(arguments[0])) return nodes_[arguments[0]].value != 0.0 ? arguments[1] : arguments[2];
        if (arguments[1] == arguments[2]) return arguments[1];
    }
    if (const auto simpler = simplify(operation, arguments[0], count > 1 ? arguments[1] : 0)) return *simpler;
    ExpressionNode node;
    node.operation = operation;
    bool all_constant = true;
    std::array<double, 3> values{};
    for (int k = 0; k < count; ++k) {
        node.arguments[k] = arguments[k];
        all_constant = all_constant && is_constant(arguments[k]);
        values[k] = nodes_[arguments[k]].value;
    }
    if (all_constant) return constant(apply_operation(operation, values[0], values[1], values[2]));
    node.dependencies = dependencies_of(arguments);
    return add(node);
}

NodeId ExpressionGraph::unary(Operation operation, NodeId a) { return apply(operation, std::array{a}); }
NodeId ExpressionGraph::binary(Operation operation, NodeId a, NodeId b) { return apply(operation, std::array{a, b}); }
NodeId ExpressionGraph::select(NodeId condition, NodeId if_true, NodeId if_false) {
    return apply(Operation::select, std::array{condition, if_true, if_false});
}

std::vector<bool> reachable(const ExpressionGraph& graph, std::span<const NodeId> roots) {
    std::vector<bool> reached(graph.size(), false);
    for (const NodeId root : roots) reached[root] = true;
    // Arguments have smaller ids than their users: one backward sweep suffices.
    for (std::size_t id = graph.size(); id-- > 0;) {
        if (!reached[id]) continue;
        const ExpressionNode& node = graph.node(static_cast<NodeId>(id));
        for (int k = 0; k < arity(node.operation); ++k) reached[node.arguments[k]] = true;
    }
    return reached;
}

namespace {

NodeId bind_leaf(const ExpressionNode& node, const Binding& binding, ExpressionGraph& target) {
    switch (node.operation) {
        case Operation::constant: return target.constant(node.value);
        case Operation::parameter: return target.constant(binding.parameters.at(node.index));
        case Operation::state: return target.state(node.index);
        case Operation::voltage: return target.voltage();
        case Operation::time: return target.time();
        default: return target.constant(binding.temperature);
    }
}

}  // namespace

std::vector<NodeId> bind_parameters(const ExpressionGraph& source, std::span<const NodeId> roots,
                                    const Binding& binding, ExpressionGraph& target) {
    const std::vector<bool> reached = reachable(source, roots);
    std::vector<NodeId> mapped(source.size(), 0);
    for (std::size_t id = 0; id < source.size(); ++id) {
        if (!reached[id]) continue;
        const ExpressionNode& node = source.node(static_cast<NodeId>(id));
        const int count = arity(node.operation);
        if (count == 0) {
            mapped[id] = bind_leaf(node, binding, target);
            continue;
        }
        std::array<NodeId, 3> arguments{};
        for (int k = 0; k < count; ++k) arguments[k] = mapped[node.arguments[k]];
        mapped[id] = target.apply(node.operation, std::span<const NodeId>(arguments.data(), count));
    }
    std::vector<NodeId> result;
    result.reserve(roots.size());
    for (const NodeId root : roots) result.push_back(mapped[root]);
    return result;
}

}  // namespace memcosim::models
