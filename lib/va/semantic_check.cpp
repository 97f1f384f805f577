#include "va/semantic_check.hpp"

#include "va/builtins.hpp"
#include "va/constant_eval.hpp"
#include "va/semantic_scope.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

class Checker {
public:
    explicit Checker(const Module& module) : scope_(module, diagnostics_) {}

    std::vector<Diagnostic> run() {
        const Module& module = scope_.module();
        check_parameters();
        for (std::size_t k = 0; k < module.functions.size(); ++k) {
            const AnalogFunction& function = module.functions[k];
            scope_.check_function_declarations(function);
            statement(function.body, Context{&function, k, false, false});
        }
        if (module.analog) statement(*module.analog, Context{});
        return std::move(diagnostics_);
    }

private:
    void error(const SourceLocation& location, std::string message) {
        diagnostics_.push_back(Diagnostic{location, std::move(message)});
    }

    void check_parameters();
    void check_parameter_value(const Parameter& parameter, ParameterValues& values, bool& evaluate);
    void statement(const Statement& statement, const Context& context);
    void assignment(const Assignment& assignment, const SourceLocation& location, const Context& context);
    void contribution(const Contribution& contribution, const SourceLocation& location, const Context& context);

    std::vector<Diagnostic> diagnostics_;
    Scope scope_;
};

void Checker::check_parameters() {
    const Module& module = scope_.module();
    ParameterValues values;
    bool evaluate = true;
    for (std::size_t k = 0; k < module.parameters.size(); ++k) {
        const Parameter& parameter = module.parameters[k];
        const std::size_t before = diagnostics_.size();
        const Context context{nullptr, 0, false, true, k};
        scope_.expression(parameter.default_value, context);
        for (const auto& range : parameter.ranges) {
            if (const auto* value = std::get_if<Expression>(&range.values)) scope_.expression(*value, context);
            if (const auto* interval = std::get_if<Interval>(&range.values)) {
                if (interval->lower.value) scope_.expression(*interval->lower.value, context);
                if (interval->upper.value) scope_.expression(*interval->upper.value, context);
            }
        }
        if (diagnostics_.size() != before) evaluate = false;
        check_parameter_value(parameter, values, evaluate);
    }
}

// Evaluates the default and checks it against the ranges, until the first
// parameter that cannot be evaluated (later ones may depend on it).
void Checker::check_parameter_value(const Parameter& parameter, ParameterValues& values, bool& evaluate) {
    if (!evaluate) return;
    try {
        const ConstantValue value = evaluate_constant(parameter.default_value, values);
        const double converted = parameter.type == ValueType::integer ? std::round(value.value) : value.value;
        if (!std::isfinite(converted)) {
            error(parameter.default_value.location,
                  fmt::format("the default of parameter '{}' is not a finite number ({})", parameter.name, converted));
            evaluate = false;
            return;
        }
        if (const auto problem = va::check_parameter_value(parameter, converted, values)) {
            error(parameter.location, fmt::format("default value not allowed: {}", *problem));
        }
        values[parameter.name] = ConstantValue{converted, parameter.type};
    } catch (const VaError& failure) {
        for (const auto& diagnostic : failure.diagnostics()) diagnostics_.push_back(diagnostic);
        evaluate = false;
    }
}

void Checker::statement(const Statement& statement, const Context& context) {
    const SourceLocation& location = statement.location;
    if (const auto* block = std::get_if<Block>(&statement.node)) {
        for (const auto& inner : block->statements) this->statement(inner, context);
    } else if (const auto* assignment = std::get_if<Assignment>(&statement.node)) {
        this->assignment(*assignment, location, context);
    } else if (const auto* contribution = std::get_if<Contribution>(&statement.node)) {
        this->contribution(*contribution, location, context);
    } else if (const auto* branch = std::get_if<IfElse>(&statement.node)) {
        scope_.expression(branch->condition, context);
        Context branches = context;
        branches.varying_condition = context.varying_condition || !scope_.is_constant(branch->condition);
        this->statement(*branch->then_branch, branches);
        if (branch->else_branch) this->statement(**branch->else_branch, branches);
    } else if (const auto* event = std::get_if<InitialStep>(&statement.node)) {
        if (context.function) {
            error(location, fmt::format("@(initial_step) cannot be used inside analog function '{}'",
                                        context.function->name));
        }
        Context inner = context;
        inner.initial_step = true;
        this->statement(*event->body, inner);
    }
}

void Checker::assignment(const Assignment& assignment, const SourceLocation& location, const Context& context) {
    scope_.expression(assignment.value, context);
    if (const auto problem = scope_.assignment_problem(assignment.target, context)) error(location, *problem);
}

void Checker::contribution(const Contribution& contribution, const SourceLocation& location, const Context& context) {
    scope_.expression(contribution.value, context);
    if (context.function) {
        error(location, fmt::format("a contribution cannot be made inside analog function '{}'",
                                    context.function->name));
        return;
    }
    if (context.initial_step) error(location, "a contribution cannot be made inside @(initial_step)");
    for (const std::string* node : {&contribution.positive, &contribution.negative}) {
        if (!node->empty() && !is_node(scope_.module(), *node)) {
            error(location, fmt::format("contribution to undeclared node '{}'", *node));
        }
    }
}

}  // namespace

std::vector<Diagnostic> check_module(const Module& module) { return Checker(module).run(); }

}  // namespace memcosim::va
