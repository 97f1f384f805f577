#pragma once
// Symbolic execution of an analog block (internal to lib/models; elaborate.cpp
// drives it). Each variable holds a node of the expression graph; an
// assignment replaces it (SSA style). After if/else, a variable assigned on
// both paths becomes `condition ? then : else`; one assigned on only one path
// is marked partial, and reading it is refused: its value would come from the
// previous evaluation (hidden memory), which neither engine has. Contributions
// to I(p, n) add up; under if/else each branch's sum becomes a conditional
// term. User analog functions are inlined at each call.
//
// Statements are walked in symbolic_executor.cpp, expressions in
// symbolic_expressions.cpp.
#include "models/expression_graph.hpp"
#include "va/ast.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace memcosim::models::detail {

// What names mean in the module being elaborated.
struct ModelSymbols {
    const va::Module* module = nullptr;
    std::map<std::string, NodeId, std::less<>> parameters;  // localparams map to their folded expression
    std::map<std::string, va::ValueType, std::less<>> parameter_types;
    std::map<std::string, std::uint32_t, std::less<>> states;  // internal node -> state index
    std::string positive, negative;                            // the two ports
};

struct StateContribution {
    NodeId rate = 0, initial = 0;
    std::string initial_parameter;  // when `initial` is a parameter's name
    va::SourceLocation location;
};

struct ExecutionResult {
    NodeId current = 0;
    std::vector<std::optional<StateContribution>> states;  // by state index
};

// Throws VaError naming file:line:column for anything the lowering cannot express.
[[nodiscard]] ExecutionResult execute_analog_block(const ModelSymbols& symbols, ExpressionGraph& graph);

// Throws VaError at `location` with the offending source line when the file can be read.
[[noreturn]] void refuse(const va::SourceLocation& location, const std::string& message);

enum class Status : std::uint8_t { unassigned, assigned, partial };

struct VariableValue {
    NodeId node = 0;
    Status status = Status::unassigned;
    va::ValueType type = va::ValueType::real;
};

struct Environment {
    std::map<std::string, VariableValue, std::less<>> variables;
    NodeId current = 0;  // contributions to I(p, n) made so far on this path
};

// Where a statement or expression sits.
struct Context {
    const va::AnalogFunction* function = nullptr;  // inside an inlined function body
    int conditional_depth = 0;                     // inside if/else
    bool initial_step = false;                     // inside @(initial_step)
};

class SymbolicExecutor {
public:
    SymbolicExecutor(const ModelSymbols& symbols, ExpressionGraph& graph);

    [[nodiscard]] ExecutionResult run(const va::Statement& analog);

    // symbolic_expressions.cpp
    [[nodiscard]] NodeId evaluate(const va::Expression& expression, const Environment& environment,
                                  const Context& context);
    [[nodiscard]] va::ValueType type_of(const va::Expression& expression, const Environment& environment) const;

private:
    friend struct ExpressionLowering;

    void execute(const va::Statement& statement, Environment& environment, const Context& context);
    void assign(const va::Assignment& assignment, const va::SourceLocation& location, Environment& environment,
                const Context& context);
    void branch(const va::IfElse& statement, Environment& environment, const Context& context);
    void merge(NodeId condition, const Environment& if_true, const Environment& if_false, Environment& environment);
    void contribute(const va::Contribution& contribution, const va::SourceLocation& location, Environment& environment,
                    const Context& context);
    void contribute_state(const va::Contribution& contribution, const va::SourceLocation& location,
                          const Environment& environment, const Context& context);
    void check_initial_step_variables(const va::Statement& analog);

    // symbolic_expressions.cpp
    NodeId call_function(const va::FunctionCall& call, const va::SourceLocation& location,
                         const Environment& environment, const Context& context);
    NodeId inline_function(const va::AnalogFunction& function, const std::vector<NodeId>& arguments,
                           const va::SourceLocation& location, const Context& context);
    NodeId probe(const va::Probe& probe, const va::SourceLocation& location);
    NodeId convert(NodeId value, va::ValueType from, va::ValueType to);

    const ModelSymbols& symbols_;
    ExpressionGraph& graph_;
    ExecutionResult result_;
};

}  // namespace memcosim::models::detail
