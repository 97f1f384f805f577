#pragma once
// The expressions of an elaborated device model as one DAG: every node is
// created once (hash-consing), so a subexpression written once and used in
// the current, in several rates and under both branches of an if is one node.
// Parameters stay symbolic (the ngspice lowering prints their names); bind_parameters()
// replaces them by values for the C++ evaluator and folds what becomes
// constant. Nodes are appended, never changed: a NodeId stays valid and every
// argument has a smaller id than its user, so id order is a topological order.
#include "models/operation.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace memcosim::models {

using NodeId = std::uint32_t;

// What a node's value depends on, as bits; a node depends on what its arguments do.
enum Dependency : std::uint8_t {
    depends_on_parameters = 1,
    depends_on_voltage = 2,
    depends_on_states = 4,
    depends_on_time = 8,
    depends_on_temperature = 16,
};
// Values that change during a simulation (as opposed to once per instance).
inline constexpr std::uint8_t varying_dependencies = depends_on_voltage | depends_on_states | depends_on_time;

struct ExpressionNode {
    Operation operation = Operation::constant;
    std::array<NodeId, 3> arguments{};
    double value = 0.0;       // constant only
    std::uint32_t index = 0;  // parameter or state index
    std::uint8_t dependencies = 0;
};

class ExpressionGraph {
public:
    [[nodiscard]] NodeId constant(double value);
    [[nodiscard]] NodeId parameter(std::uint32_t index);
    [[nodiscard]] NodeId state(std::uint32_t index);
    [[nodiscard]] NodeId voltage();      // V(p, n)
    [[nodiscard]] NodeId time();         // seconds since the start of the transient
    [[nodiscard]] NodeId temperature();  // kelvin

    // Folds constant arguments and the identities below; otherwise finds or adds the node.
    [[nodiscard]] NodeId unary(Operation operation, NodeId a);
    [[nodiscard]] NodeId binary(Operation operation, NodeId a, NodeId b);
    [[nodiscard]] NodeId select(NodeId condition, NodeId if_true, NodeId if_false);
    // Any non-leaf operation, by its arity.
    [[nodiscard]] NodeId apply(Operation operation, std::span<const NodeId> arguments);

    [[nodiscard]] const ExpressionNode& node(NodeId id) const { return nodes_[id]; }
    [[nodiscard]] std::size_t size() const { return nodes_.size(); }
    [[nodiscard]] bool is_constant(NodeId id) const { return nodes_[id].operation == Operation::constant; }
    // Whether the node is the constant `value` (bitwise equal).
    [[nodiscard]] bool is_constant(NodeId id, double value) const;

private:
    struct Key {
        Operation operation;
        std::array<NodeId, 3> arguments;
        std::uint64_t bits;  // the constant's bit pattern, or the leaf index
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& key) const;
    };

    NodeId add(ExpressionNode node);
    NodeId leaf(Operation operation, std::uint32_t index, std::uint8_t dependencies);
    [[nodiscard]] std::uint8_t dependencies_of(std::span<const NodeId> arguments) const;
    [[nodiscard]] std::optional<NodeId> simplify(Operation operation, NodeId a, NodeId b) const;

    std::vector<ExpressionNode> nodes_;
    std::unordered_map<Key, NodeId, KeyHash> index_;
};

// The values that make a graph numeric: one per parameter index, and the temperature.
struct Binding {
    std::vector<double> parameters;
    double temperature = 300.15;
};

// Copies the nodes that `roots` reach into `target` with parameters and the
// temperature replaced by their values (folding what becomes constant);
// returns the new ids of `roots`, in order.
[[nodiscard]] std::vector<NodeId> bind_parameters(const ExpressionGraph& source, std::span<const NodeId> roots,
                                                  const Binding& binding, ExpressionGraph& target);

// For each node, whether `roots` reach it (ids below source.size()).
[[nodiscard]] std::vector<bool> reachable(const ExpressionGraph& graph, std::span<const NodeId> roots);

}  // namespace memcosim::models
