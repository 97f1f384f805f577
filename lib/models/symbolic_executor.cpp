#include "models/symbolic_executor.hpp"


#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace memcosim::models::detail {

void refuse(const va::SourceLocation& location, const std::string& message) {
    // The parser's SourceFiles are not kept after parsing; read the file
    // again so that the message shows the line and a caret (STYLE.md 6).
    va::SourceFiles sources;
    std::ifstream file(location.file);
    if (file) {
        std::ostringstream text;
        text << file.rdbuf();
        sources.add(location.file, text.str());
    }
    throw va::VaError(location, message, &sources);
}

SymbolicExecutor::SymbolicExecutor(const ModelSymbols& symbols, ExpressionGraph& graph)
    : symbols_(symbols), graph_(graph) {
    result_.states.resize(symbols.states.size());
}

ExecutionResult execute_analog_block(const ModelSymbols& symbols, ExpressionGraph& graph) {
    SymbolicExecutor executor(symbols, graph);
    if (!symbols.module->analog) {
        ExecutionResult empty;
        empty.current = graph.constant(0.0);
        empty.states.resize(symbols.states.size());
        return empty;
    }
    return executor.run(*symbols.module->analog);
}

ExecutionResult SymbolicExecutor::run(const va::Statement& analog) {
    check_initial_step_variables(analog);
    Environment environment;
    for (const auto& variable : symbols_.module->variables) {
        environment.variables[variable.name] = VariableValue{0, Status::unassigned, variable.type};
    }
    environment.current = graph_.constant(0.0);
    execute(analog, environment, Context{});
    result_.current = environment.current;
    return result_;
}

void SymbolicExecutor::execute(const va::Statement& statement, Environment& environment, const Context& context) {
    const va::SourceLocation& location = statement.location;
    if (const auto* block = std::get_if<va::Block>(&statement.node)) {
        for (const auto& inner : block->statements) execute(inner, environment, context);
    } else if (const auto* assignment = std::get_if<va::Assignment>(&statement.node)) {
        assign(*assignment, location, environment, context);
    } else if (const auto* contribution = std::get_if<va::Contribution>(&statement.node)) {
        contribute(*contribution, location, environment, context);
    } else if (const auto* if_else = std::get_if<va::IfElse>(&statement.node)) {
        branch(*if_else, environment, context);
    } else if (const auto* initial = std::get_if<va::InitialStep>(&statement.node)) {
        Context inner = context;
        inner.initial_step = true;
        execute(*initial->body, environment, inner);
    }
    // IgnoredTask ($strobe, $bound_step, ...): nothing to compute.
}

void SymbolicExecutor::assign(const va::Assignment& assignment, const va::SourceLocation& location,
                              Environment& environment, const Context& context) {
    const auto found = environment.variables.find(assignment.target);
    if (found == environment.variables.end()) {
        refuse(location, fmt::format("assignment to '{}', which is not a variable here", assignment.target));
    }
    const NodeId value = convert(evaluate(assignment.value, environment, context),
                                 type_of(assignment.value, environment), found->second.type);
    if (context.initial_step && (graph_.node(value).dependencies & varying_dependencies) != 0) {
        // @(initial_step) runs once; its results are kept as if computed at
        // every point, which is right only for values that never change.
        refuse(location, fmt::format("'{}' is set in @(initial_step) from a value that changes during the "
                                     "simulation (a probe or $abstime); only parameters and constants can be "
                                     "computed once",
                                     assignment.target));
    }
    found->second.node = value;
    found->second.status = Status::assigned;
}

void SymbolicExecutor::branch(const va::IfElse& statement, Environment& environment, const Context& context) {
    const NodeId condition = evaluate(statement.condition, environment, context);
    if (graph_.is_constant(condition)) {
        // A literal condition: only the branch taken exists.
        if (graph_.node(condition).value != 0.0) {
            execute(*statement.then_branch, environment, context);
        } else if (statement.else_branch) {
            execute(**statement.else_branch, environment, context);
        }
        return;
    }
    Context inner = context;
    ++inner.conditional_depth;
    Environment if_true = environment, if_false = environment;
    if_true.current = if_false.current = graph_.constant(0.0);
    execute(*statement.then_branch, if_true, inner);
    if (statement.else_branch) execute(**statement.else_branch, if_false, inner);
    merge(condition, if_true, if_false, environment);
}

void SymbolicExecutor::merge(NodeId condition, const Environment& if_true, const Environment& if_false,
                             Environment& environment) {
    for (auto& [name, value] : environment.variables) {
        const VariableValue& a = if_true.variables.at(name);
        const VariableValue& b = if_false.variables.at(name);
        if (a.status == Status::assigned && b.status == Status::assigned) {
            value.node = graph_.select(condition, a.node, b.node);
            value.status = Status::assigned;
        } else if (a.status == Status::unassigned && b.status == Status::unassigned) {
            value.status = Status::unassigned;
        } else {
            value.status = Status::partial;
        }
    }
    // Each branch summed its own contributions from zero.
    environment.current =
        graph_.binary(Operation::add, environment.current, graph_.select(condition, if_true.current, if_false.current));
}

void SymbolicExecutor::contribute(const va::Contribution& contribution, const va::SourceLocation& location,
                                  Environment& environment, const Context& context) {
    if (contribution.nature == va::Nature::potential && symbols_.states.count(contribution.positive) != 0) {
        contribute_state(contribution, location, environment, context);
        return;
    }
    const bool forward = contribution.positive == symbols_.positive && contribution.negative == symbols_.negative;
    const bool backward = contribution.positive == symbols_.negative && contribution.negative == symbols_.positive;
    const std::string branch_text = contribution.negative.empty()
                                        ? contribution.positive
                                        : fmt::format("{}, {}", contribution.positive, contribution.negative);
    if (contribution.nature == va::Nature::potential) {
        refuse(location, fmt::format("potential contribution V({}) <+ ...: only a state node's "
                                     "V(x) <+ idt(rate, initial) is supported",
                                     branch_text));
    }
    if (!forward && !backward) {
        refuse(location, fmt::format("current contribution I({}) <+ ...: a two-terminal device model may "
                                     "contribute only between its ports, I({}, {})",
                                     branch_text, symbols_.positive, symbols_.negative));
    }
    const NodeId value = evaluate(contribution.value, environment, context);
    environment.current = graph_.binary(forward ? Operation::add : Operation::subtract, environment.current, value);
}

void SymbolicExecutor::contribute_state(const va::Contribution& contribution, const va::SourceLocation& location,
                                        const Environment& environment, const Context& context) {
    const std::string& node = contribution.positive;
    const auto* integral = std::get_if<va::TimeIntegral>(&contribution.value.node);
    if (!integral || !contribution.negative.empty()) {
        refuse(location, fmt::format("state node '{}' must be given as V({}) <+ idt(rate, initial)", node, node));
    }
    if (context.conditional_depth > 0) {
        refuse(location, fmt::format("the idt() contribution to state '{}' sits under if/else; a state needs "
                                     "exactly one unconditional V({}) <+ idt(rate, initial) (put the "
                                     "condition inside the rate)",
                                     node, node));
    }
    auto& slot = result_.states.at(symbols_.states.at(node));
    if (slot) {
        refuse(location, fmt::format("second idt() contribution to state '{}' (the first is at {}); a state "
                                     "has exactly one V({}) <+ idt(rate, initial)",
                                     node, va::to_string(slot->location), node));
    }
    if (!integral->initial) {
        refuse(location,
               fmt::format("idt() for state '{}' needs an initial value: V({}) <+ idt(rate, initial)", node, node));
    }
    StateContribution state;
    state.location = location;
    state.rate = evaluate(*integral->integrand, environment, context);
    state.initial = evaluate(**integral->initial, environment, context);
    if ((graph_.node(state.initial).dependencies & varying_dependencies) != 0) {
        refuse((*integral->initial)->location,
               fmt::format("the initial value of state '{}' must depend only on parameters and constants", node));
    }
    if (const auto* name = std::get_if<va::Identifier>(&(*integral->initial)->node)) {
        const va::Parameter* parameter = va::find_parameter(*symbols_.module, name->name);
        if (parameter && !parameter->local) state.initial_parameter = name->name;
    }
    slot = state;
}

namespace {

// Every variable assigned in `statement`, with where, split by inside/outside @(initial_step).
void collect_assignments(const va::Statement& statement, bool initial_step,
                         std::map<std::string, va::SourceLocation>& inside,
                         std::map<std::string, va::SourceLocation>& outside) {
    if (const auto* assignment = std::get_if<va::Assignment>(&statement.node)) {
        (initial_step ? inside : outside).try_emplace(assignment->target, statement.location);
    }
    const bool nested = initial_step || std::holds_alternative<va::InitialStep>(statement.node);
    va::for_each_statement(statement,
                           [&](const va::Statement& inner) { collect_assignments(inner, nested, inside, outside); });
}

}  // namespace

// A variable set in @(initial_step) keeps that value between evaluations, so
// setting it anywhere else as well makes the block depend on its own past.
void SymbolicExecutor::check_initial_step_variables(const va::Statement& analog) {
    std::map<std::string, va::SourceLocation> inside, outside;
    collect_assignments(analog, false, inside, outside);
    for (const auto& [name, location] : outside) {
        const auto found = inside.find(name);
        if (found == inside.end()) continue;
        refuse(location, fmt::format("variable '{}' is set in @(initial_step) (at {}) and again here; it would "
                                     "carry its value from one time point to the next (hidden memory), which "
                                     "the lowering does not support",
                                     name, va::to_string(found->second)));
    }
}

}  // namespace memcosim::models::detail
