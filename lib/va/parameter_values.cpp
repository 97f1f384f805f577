#include "va/constant_eval.hpp"
#include "va/printer.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

bool inside(const Interval& interval, double value, const ParameterValues& values) {
    if (interval.lower.value) {
        const double lower = evaluate_constant(*interval.lower.value, values).value;
        if (interval.lower.inclusive ? value < lower : value <= lower) return false;
    }
    if (interval.upper.value) {
        const double upper = evaluate_constant(*interval.upper.value, values).value;
        if (interval.upper.inclusive ? value > upper : value >= upper) return false;
    }
    return true;
}

bool excluded(const RangeClause& clause, double value, const ParameterValues& values) {
    if (const auto* interval = std::get_if<Interval>(&clause.values)) return inside(*interval, value, values);
    return evaluate_constant(std::get<Expression>(clause.values), values).value == value;
}

ConstantValue default_value(const Parameter& parameter, const ParameterValues& values) {
    const ConstantValue value = evaluate_constant(parameter.default_value, values);
    const double converted = parameter.type == ValueType::integer ? std::round(value.value) : value.value;
    if (!std::isfinite(converted)) {
        throw VaError(parameter.location,
                      fmt::format("the default of parameter '{}' is not a finite number ({})", parameter.name,
                                  converted));
    }
    if (const auto problem = check_parameter_value(parameter, converted, values)) {
        throw VaError(parameter.location, fmt::format("default value not allowed: {}", *problem));
    }
    return {converted, parameter.type};
}

ConstantValue override_value(const Module& module, const Parameter& parameter, double value,
                             const ParameterValues& values) {
    if (parameter.local) {
        throw InputError(fmt::format("parameter '{}' of model '{}' is a localparam and cannot be set",
                                     parameter.name, module.name));
    }
    if (const auto problem = check_parameter_value(parameter, value, values)) {
        throw InputError(fmt::format("model '{}': {}", module.name, *problem));
    }
    return {value, parameter.type};
}

}  // namespace

std::string range_text(const Parameter& parameter) {
    std::string text;
    for (const auto& clause : parameter.ranges) {
        if (!text.empty()) text += ' ';
        text += print_range(clause);
    }
    return text;
}

std::optional<std::string> check_parameter_value(const Parameter& parameter, double value,
                                                 const ParameterValues& values) {
    if (!std::isfinite(value)) {
        return fmt::format("parameter '{}' = {} is not a finite number", parameter.name, value);
    }
    if (parameter.type == ValueType::integer && value != std::trunc(value)) {
        return fmt::format("parameter '{}' is an integer; {} is not", parameter.name, value);
    }
    bool has_from = false, in_from = false;
    for (const auto& clause : parameter.ranges) {
        if (clause.kind != RangeKind::from) continue;
        has_from = true;
        in_from = in_from || inside(std::get<Interval>(clause.values), value, values);
    }
    if (has_from && !in_from) {
        return fmt::format("parameter '{}' = {} is outside its range {}", parameter.name, value,
                           range_text(parameter));
    }
    for (const auto& clause : parameter.ranges) {
        if (clause.kind == RangeKind::exclude && excluded(clause, value, values)) {
            return fmt::format("parameter '{}' = {} is excluded by its range {}", parameter.name, value,
                               range_text(parameter));
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_parameter_value(const Parameter& parameter, double value) {
    return check_parameter_value(parameter, value, ParameterValues{});
}

ParameterValues evaluate_parameters(const Module& module,
                                    const std::map<std::string, double, std::less<>>& overrides) {
    for (const auto& [name, value] : overrides) {
        if (!find_parameter(module, name)) {
            throw InputError(fmt::format("model '{}' has no parameter '{}'", module.name, name));
        }
    }
    ParameterValues values;
    for (const auto& parameter : module.parameters) {
        const auto given = overrides.find(parameter.name);
        values[parameter.name] = given == overrides.end()
                                     ? default_value(parameter, values)
                                     : override_value(module, parameter, given->second, values);
    }
    return values;
}

ParameterValues evaluate_parameters(const Module& module) { return evaluate_parameters(module, {}); }

}  // namespace memcosim::va
