#include "models/tape.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <limits>

namespace memcosim::models {
namespace {

// Operations whose derivative is zero wherever it exists: their results
// carry no derivatives even when their arguments do.
bool differentiable(Operation operation) {
    switch (operation) {
        case Operation::logical_not:
        case Operation::floor:
        case Operation::ceil:
        case Operation::truncate:
        case Operation::round_integer:
        case Operation::less:
        case Operation::less_equal:
        case Operation::greater:
        case Operation::greater_equal:
        case Operation::equal:
        case Operation::not_equal:
        case Operation::logical_and:
        case Operation::logical_or: return false;
        default: return true;
    }
}

constexpr std::size_t never = std::numeric_limits<std::size_t>::max();

class TapeBuilder {
public:
    TapeBuilder(const ExpressionGraph& graph, std::size_t state_count) : graph_(graph) {
        tape_.state_count = state_count;
        register_of_.assign(graph.size(), 0);
        active_.assign(graph.size(), false);
        last_use_.assign(graph.size(), 0);
    }

    Tape build(NodeId current, const std::vector<NodeId>& rates) {
        std::vector<NodeId> roots{current};
        roots.insert(roots.end(), rates.begin(), rates.end());
        const std::vector<bool> used = reachable(graph_, roots);
        find_last_uses(used, roots);
        allocate_inputs();
        for (NodeId id = 0; id < graph_.size(); ++id) {
            if (used[id]) compile_node(id);
        }
        tape_.current = register_of_[current];
        tape_.current_active = active_[current];
        for (const NodeId rate : rates) {
            tape_.rates.push_back(register_of_[rate]);
            tape_.rates_active.push_back(active_[rate]);
        }
        tape_.register_count = register_count_;
        return std::move(tape_);
    }

private:
    void find_last_uses(const std::vector<bool>& used, const std::vector<NodeId>& roots) {
        for (NodeId id = 0; id < graph_.size(); ++id) {
            if (!used[id]) continue;
            const ExpressionNode& node = graph_.node(id);
            for (int k = 0; k < arity(node.operation); ++k) last_use_[node.arguments[k]] = id;
        }
        for (const NodeId root : roots) last_use_[root] = never;  // outputs are read after the last instruction
    }

    // Inputs and constants keep their registers for the whole run (their
    // values and derivative seeds are written once per chunk or once ever).
    void allocate_inputs() {
        tape_.voltage = new_register();
        for (std::size_t k = 0; k < tape_.state_count; ++k) tape_.states.push_back(new_register());
        tape_.time = new_register();
    }

    Register new_register() {
        if (register_count_ >= std::numeric_limits<Register>::max()) {
            throw EngineError("device model too large for the evaluator (more than 65535 live values)");
        }
        return static_cast<Register>(register_count_++);
    }

    // A register for a computed value: a free one if any. Every register has
    // derivative storage; whether it is meaningful is known per use (the
    // instruction's active flags), so a register may change roles.
    Register take_register() {
        if (free_.empty()) return new_register();
        const Register reg = free_.back();
        free_.pop_back();
        return reg;
    }

    void compile_leaf(NodeId id, const ExpressionNode& node) {
        switch (node.operation) {
            case Operation::constant:
                register_of_[id] = new_register();
                tape_.constants.emplace_back(register_of_[id], node.value);
                break;
            case Operation::voltage:
                register_of_[id] = tape_.voltage;
                active_[id] = true;
                break;
            case Operation::state:
                register_of_[id] = tape_.states.at(node.index);
                active_[id] = true;
                break;
            case Operation::time: register_of_[id] = tape_.time; break;
            default: throw std::logic_error("compile_tape: unbound parameter or temperature");
        }
    }

    void compile_node(NodeId id) {
        const ExpressionNode& node = graph_.node(id);
        const int count = arity(node.operation);
        if (count == 0) return compile_leaf(id, node);
        TapeInstruction instruction;
        instruction.operation = node.operation;
        bool any_active = false;
        for (int k = 0; k < count; ++k) {
            const NodeId argument = node.arguments[k];
            instruction.arguments[k] = register_of_[argument];
            // A select's condition only chooses; it is never differentiated.
            instruction.active_arguments[k] = active_[argument] && !(node.operation == Operation::select && k == 0);
            any_active = any_active || instruction.active_arguments[k];
        }
        instruction.active = any_active && differentiable(node.operation);
        active_[id] = instruction.active;
        instruction.result = take_register();
        register_of_[id] = instruction.result;
        tape_.instructions.push_back(instruction);
        for (int k = 0; k < count; ++k) release(node.arguments[k], id);
    }

    void release(NodeId argument, NodeId user) {
        const Operation operation = graph_.node(argument).operation;
        if (arity(operation) == 0 || last_use_[argument] != user) return;
        // An argument used twice by this node is released once.
        const Register reg = register_of_[argument];
        for (const Register free : free_) {
            if (free == reg) return;
        }
        free_.push_back(reg);
    }

    const ExpressionGraph& graph_;
    Tape tape_;
    std::vector<Register> register_of_;
    std::vector<bool> active_;
    std::vector<std::size_t> last_use_;
    std::size_t register_count_ = 0;
    std::vector<Register> free_;
};

}  // namespace

Tape compile_tape(const DeviceModel& model, const Binding& binding) {
    if (binding.parameters.size() != model.parameters().size()) {
        throw std::invalid_argument(fmt::format("compile_tape: model '{}' has {} parameters, {} values given",
                                                model.name(), model.parameters().size(), binding.parameters.size()));
    }
    std::vector<NodeId> roots{model.current()};
    for (const auto& state : model.states()) roots.push_back(state.rate);
    for (const auto& state : model.states()) roots.push_back(state.initial);
    ExpressionGraph bound;
    const std::vector<NodeId> mapped = bind_parameters(model.graph(), roots, binding, bound);

    const std::size_t states = model.state_count();
    const std::vector<NodeId> rates(mapped.begin() + 1, mapped.begin() + 1 + static_cast<std::ptrdiff_t>(states));
    Tape tape = TapeBuilder(bound, states).build(mapped[0], rates);
    for (std::size_t k = 0; k < states; ++k) tape.initial_states.push_back(bound.node(mapped[1 + states + k]).value);
    return tape;
}

}  // namespace memcosim::models
