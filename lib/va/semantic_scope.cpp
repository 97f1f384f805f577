#include "va/semantic_scope.hpp"

#include "va/builtins.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::va {

Scope::Scope(const Module& module, std::vector<Diagnostic>& diagnostics)
    : module_(module), diagnostics_(diagnostics) {
    for (std::size_t k = 0; k < module.ports.size(); ++k)
        declare(module.ports[k].name, Kind::port, module.ports[k].location, k);
    for (std::size_t k = 0; k < module.internal_nodes.size(); ++k) {
        declare(module.internal_nodes[k].name, Kind::node, module.internal_nodes[k].location, k);
    }
    for (std::size_t k = 0; k < module.parameters.size(); ++k) {
        declare(module.parameters[k].name, Kind::parameter, module.parameters[k].location, k);
    }
    for (std::size_t k = 0; k < module.variables.size(); ++k) {
        declare(module.variables[k].name, Kind::variable, module.variables[k].location, k);
    }
    for (std::size_t k = 0; k < module.functions.size(); ++k) {
        declare(module.functions[k].name, Kind::function, module.functions[k].location, k);
    }
}

void Scope::error(const SourceLocation& location, std::string message) {
    diagnostics_.push_back(Diagnostic{location, std::move(message)});
}

void Scope::declare(const std::string& name, Kind kind, const SourceLocation& location, std::size_t index) {
    const auto [found, inserted] = names_.try_emplace(name, Declared{kind, location, index});
    if (!inserted) {
        error(location, fmt::format("'{}' is already declared at {}", name, to_string(found->second.location)));
    }
}

const Scope::Declared* Scope::find(const std::string& name) const {
    const auto found = names_.find(name);
    return found == names_.end() ? nullptr : &found->second;
}

void Scope::check_function_declarations(const AnalogFunction& function) {
    for (const auto& input : function.inputs) {
        if (input.name == function.name)
            error(input.location, fmt::format("input '{}' has the name of its function", input.name));
    }
    for (const auto& local : function.locals) {
        if (local.name == function.name) {
            error(local.location,
                  fmt::format("'{}' is the result of its function and needs no declaration", local.name));
        }
    }
}

bool Scope::is_function_local(const std::string& name, const Context& context) const {
    const AnalogFunction* function = context.function;
    if (!function) return false;
    const auto named = [&](const auto& item) { return item.name == name; };
    return name == function->name || std::any_of(function->inputs.begin(), function->inputs.end(), named) ||
           std::any_of(function->locals.begin(), function->locals.end(), named);
}

std::optional<std::string> Scope::assignment_problem(const std::string& target, const Context& context) const {
    if (const AnalogFunction* function = context.function) {
        const auto input = std::find_if(function->inputs.begin(), function->inputs.end(),
                                        [&](const auto& item) { return item.name == target; });
        if (input != function->inputs.end()) {
            return fmt::format("cannot assign to input '{}' of function '{}'", target, function->name);
        }
        if (is_function_local(target, context)) return std::nullopt;
    }
    const Declared* declared = find(target);
    if (!declared) return fmt::format("assignment to undeclared variable '{}'", target);
    switch (declared->kind) {
        case Kind::variable:
            if (!context.function) return std::nullopt;
            return fmt::format("analog function '{}' cannot assign to module variable '{}'", context.function->name,
                               target);
        case Kind::parameter: return fmt::format("cannot assign to parameter '{}'", target);
        case Kind::function: return fmt::format("cannot assign to function '{}' outside its body", target);
        default: return fmt::format("cannot assign to node '{}' (contribute to it: V({}) <+ ...)", target, target);
    }
}

void Scope::identifier(const std::string& name, const SourceLocation& location, const Context& context) {
    if (is_function_local(name, context)) return;
    const Declared* declared = find(name);
    if (!declared) return error(location, fmt::format("unknown identifier '{}'", name));
    if (context.constant) return constant_identifier(name, *declared, location, context);
    switch (declared->kind) {
        case Kind::parameter: return;
        case Kind::variable:
            if (!context.function) return;
            return error(location,
                         fmt::format("analog function '{}' cannot use module variable '{}' (pass it as an input)",
                                     context.function->name, name));
        case Kind::function: return error(location, fmt::format("function '{}' used without arguments", name));
        default: return error(location, fmt::format("node '{}' used as a value (probe it with V({}))", name, name));
    }
}

void Scope::constant_identifier(const std::string& name, const Declared& declared, const SourceLocation& location,
                                const Context& context) {
    const std::string& parameter = module_.parameters[context.parameter_index].name;
    if (declared.kind == Kind::parameter) {
        if (declared.index == context.parameter_index) {
            return error(location, fmt::format("parameter '{}' uses itself", name));
        }
        if (declared.index > context.parameter_index) {
            return error(location,
                         fmt::format("parameter '{}' uses '{}', which is declared after it", parameter, name));
        }
        return;
    }
    error(location, fmt::format("parameter '{}' cannot use '{}': only numbers, earlier parameters and math "
                                "functions are constant",
                                parameter, name));
}

void Scope::analog_only(std::string_view what, const SourceLocation& location, const Context& context) {
    if (context.function) {
        error(location, fmt::format("{} cannot be used inside analog function '{}'", what, context.function->name));
    } else if (context.constant) {
        error(location, fmt::format("{} cannot be used in parameter '{}': it is not constant", what,
                                    module_.parameters[context.parameter_index].name));
    }
}

void Scope::probe(const Probe& probe, const SourceLocation& location, const Context& context) {
    analog_only("a probe V(...)", location, context);
    for (const std::string* node : {&probe.positive, &probe.negative}) {
        if (!node->empty() && !is_node(module_, *node)) {
            error(location, fmt::format("probe of undeclared node '{}'", *node));
        }
    }
}

void Scope::call(const FunctionCall& call, const SourceLocation& location, const Context& context) {
    if (const BuiltinFunction* builtin = find_builtin_function(call.name)) {
        if (call.arguments.size() != static_cast<std::size_t>(builtin->arguments)) {
            error(location, fmt::format("'{}' takes {} argument{}, got {}", call.name, builtin->arguments,
                                        builtin->arguments == 1 ? "" : "s", call.arguments.size()));
        }
        return;
    }
    const Declared* declared = find(call.name);
    if (!declared) return error(location, fmt::format("unknown function '{}'", call.name));
    if (declared->kind != Kind::function) return error(location, fmt::format("'{}' is not a function", call.name));
    user_call(call, *declared, location, context);
}

void Scope::user_call(const FunctionCall& call, const Declared& declared, const SourceLocation& location,
                      const Context& context) {
    const AnalogFunction& function = module_.functions[declared.index];
    if (context.constant) {
        return error(location, fmt::format("function '{}' cannot be used in parameter '{}': it is not constant",
                                           call.name, module_.parameters[context.parameter_index].name));
    }
    if (context.function && declared.index >= context.function_index) {
        return error(location, fmt::format("function '{}' is called before it is declared (recursion is not allowed)",
                                           call.name));
    }
    if (call.arguments.size() != function.inputs.size()) {
        error(location, fmt::format("'{}' takes {} argument{}, got {}", call.name, function.inputs.size(),
                                    function.inputs.size() == 1 ? "" : "s", call.arguments.size()));
    }
}

void Scope::analog_operator(std::string_view what, const SourceLocation& location, const Context& context) {
    analog_only(what, location, context);
    if (context.varying_condition && !context.function) {
        error(location, fmt::format("{} cannot be used under a condition that changes during simulation "
                                    "(analog operators must run at every time step; move it out of the if or ?:)",
                                    what));
    }
}

void Scope::expression(const Expression& expression, const Context& context) {
    const SourceLocation& location = expression.location;
    if (const auto* id = std::get_if<Identifier>(&expression.node)) {
        identifier(id->name, location, context);
    } else if (const auto* p = std::get_if<Probe>(&expression.node)) {
        probe(*p, location, context);
    } else if (const auto* c = std::get_if<FunctionCall>(&expression.node)) {
        call(*c, location, context);
    } else if (const auto* s = std::get_if<SystemCall>(&expression.node); s && context.constant) {
        analog_only(fmt::format("'{}'", to_string(s->function)), location, context);
    } else if (std::holds_alternative<TimeDerivative>(expression.node)) {
        analog_operator("'ddt'", location, context);
    } else if (std::holds_alternative<TimeIntegral>(expression.node)) {
        analog_operator("'idt'", location, context);
    } else if (const auto* conditional = std::get_if<Conditional>(&expression.node)) {
        this->expression(*conditional->condition, context);
        Context branches = context;
        branches.varying_condition = context.varying_condition || !is_constant(*conditional->condition);
        this->expression(*conditional->if_true, branches);
        this->expression(*conditional->if_false, branches);
        return;
    }
    children(expression, context);
}

bool Scope::is_constant(const Expression& expression) const {
    if (std::holds_alternative<Number>(expression.node)) return true;
    if (const auto* id = std::get_if<Identifier>(&expression.node)) {
        const Declared* declared = find(id->name);
        return declared && declared->kind == Kind::parameter;
    }
    const auto* call = std::get_if<FunctionCall>(&expression.node);
    if (call && !find_builtin_function(call->name)) return false;
    if (!call && !std::holds_alternative<Unary>(expression.node) && !std::holds_alternative<Binary>(expression.node) &&
        !std::holds_alternative<Conditional>(expression.node)) {
        return false;  // probes, system functions, ddt, idt
    }
    bool constant = true;
    for_each_child(expression, [&](const Expression& child) { constant = constant && is_constant(child); });
    return constant;
}

void Scope::children(const Expression& expression, const Context& context) {
    for_each_child(expression, [&](const Expression& child) { this->expression(child, context); });
}

}  // namespace memcosim::va
