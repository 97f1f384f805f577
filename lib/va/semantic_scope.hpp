#pragma once
// Name resolution for the semantic check (internal to lib/va): what each name
// of a module is, and whether an expression uses names as what they are.
#include "va/ast.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::va {

// Where an expression or statement sits.
struct Context {
    const AnalogFunction* function = nullptr;  // inside the body of this function
    std::size_t function_index = 0;
    bool initial_step = false;          // inside @(initial_step)
    bool constant = false;              // a parameter default or range bound
    std::size_t parameter_index = 0;    // of that parameter
    bool varying_condition = false;     // under an if or ?: whose condition can change during simulation
};

class Scope {
public:
    // Declares every module-level name, reporting those declared twice.
    Scope(const Module& module, std::vector<Diagnostic>& diagnostics);

    [[nodiscard]] const Module& module() const { return module_; }
    // Inputs and locals must not reuse the function's own name.
    void check_function_declarations(const AnalogFunction& function);
    // Reports every misused name, call or construct in `expression`.
    void expression(const Expression& expression, const Context& context);
    // Whether `expression` depends only on numbers and parameters (and so
    // cannot change during a simulation).
    [[nodiscard]] bool is_constant(const Expression& expression) const;
    // Why `target = ...` is not allowed here, or nullopt.
    [[nodiscard]] std::optional<std::string> assignment_problem(const std::string& target,
                                                                const Context& context) const;

private:
    enum class Kind { port, node, parameter, variable, function };
    struct Declared {
        Kind kind;
        SourceLocation location;
        std::size_t index;
    };

    void declare(const std::string& name, Kind kind, const SourceLocation& location, std::size_t index);
    void error(const SourceLocation& location, std::string message);
    [[nodiscard]] const Declared* find(const std::string& name) const;
    [[nodiscard]] bool is_function_local(const std::string& name, const Context& context) const;
    void identifier(const std::string& name, const SourceLocation& location, const Context& context);
    void constant_identifier(const std::string& name, const Declared& declared, const SourceLocation& location,
                             const Context& context);
    void call(const FunctionCall& call, const SourceLocation& location, const Context& context);
    void user_call(const FunctionCall& call, const Declared& declared, const SourceLocation& location,
                   const Context& context);
    void probe(const Probe& probe, const SourceLocation& location, const Context& context);
    // Probes, ddt and idt: not in functions, not constant.
    void analog_only(std::string_view what, const SourceLocation& location, const Context& context);
    // ddt and idt, which must also run at every time step: not under a varying condition.
    void analog_operator(std::string_view what, const SourceLocation& location, const Context& context);
    void children(const Expression& expression, const Context& context);

    const Module& module_;
    std::vector<Diagnostic>& diagnostics_;
    std::map<std::string, Declared, std::less<>> names_;
};

}  // namespace memcosim::va
