#include "models/elaborate.hpp"

#include "models/symbolic_executor.hpp"
#include "va/constant_eval.hpp"

#include <fmt/format.h>

namespace memcosim::models {
namespace {

using detail::refuse;

std::string names_of(const std::vector<va::Port>& ports) {
    std::string text;
    for (const auto& port : ports) text += fmt::format("{}{}", text.empty() ? "" : ", ", port.name);
    return text;
}

void check_ports(const va::Module& module) {
    if (module.ports.size() == 2) return;
    refuse(module.location,
           fmt::format("module '{}' has {} port{} ({}); a device model has exactly two, (p, n)", module.name,
                       module.ports.size(), module.ports.size() == 1 ? "" : "s", names_of(module.ports)));
}

void declare_states(const va::Module& module, detail::ModelSymbols& symbols) {
    if (module.internal_nodes.size() > max_states) {
        refuse(module.internal_nodes[max_states].location,
               fmt::format("module '{}' has {} internal nodes; at most {} states are supported", module.name,
                           module.internal_nodes.size(), max_states));
    }
    for (std::size_t k = 0; k < module.internal_nodes.size(); ++k) {
        symbols.states[module.internal_nodes[k].name] = static_cast<std::uint32_t>(k);
    }
}

// Settable parameters become graph leaves; localparams become the
// expression of their default, so that they follow the parameters an
// instance sets.
std::vector<ParameterInfo> declare_parameters(const va::Module& module, detail::ModelSymbols& symbols,
                                              ExpressionGraph& graph) {
    const va::ParameterValues defaults = va::evaluate_parameters(module);
    detail::SymbolicExecutor executor(symbols, graph);
    const detail::Environment constants;
    std::vector<ParameterInfo> parameters;
    for (const auto& parameter : module.parameters) {
        const va::ValueType type = executor.type_of(parameter.default_value, constants);
        NodeId default_node = executor.evaluate(parameter.default_value, constants, detail::Context{});
        if (type == va::ValueType::real && parameter.type == va::ValueType::integer) {
            default_node = graph.unary(Operation::round_integer, default_node);
        }
        symbols.parameter_types[parameter.name] = parameter.type;
        if (parameter.local) {
            symbols.parameters[parameter.name] = default_node;
            continue;
        }
        ParameterInfo info;
        info.name = parameter.name;
        info.units = parameter.units;
        info.description = parameter.description;
        info.range = va::range_text(parameter);
        info.default_value = defaults.at(parameter.name).value;
        info.integer = parameter.type == va::ValueType::integer;
        info.default_expression = default_node;
        info.location = parameter.location;
        symbols.parameters[parameter.name] = graph.parameter(static_cast<std::uint32_t>(parameters.size()));
        parameters.push_back(std::move(info));
    }
    return parameters;
}

std::vector<StateInfo> collect_states(const va::Module& module, const detail::ExecutionResult& result) {
    std::vector<StateInfo> states;
    for (std::size_t k = 0; k < module.internal_nodes.size(); ++k) {
        const va::Node& node = module.internal_nodes[k];
        const auto& contribution = result.states[k];
        if (!contribution) {
            refuse(node.location, fmt::format("internal node '{}' is not a state: a device model's internal node "
                                              "needs exactly one V({}) <+ idt(rate, initial)",
                                              node.name, node.name));
        }
        states.push_back(StateInfo{node.name, contribution->initial_parameter, contribution->rate,
                                   contribution->initial, contribution->location});
    }
    return states;
}

}  // namespace

DeviceModel elaborate(const va::Module& module, std::string description, std::string file) {
    check_ports(module);
    detail::ModelSymbols symbols;
    symbols.module = &module;
    symbols.positive = module.ports[0].name;
    symbols.negative = module.ports[1].name;
    declare_states(module, symbols);

    DeviceDescription device;
    device.parameters = declare_parameters(module, symbols, device.graph);
    const detail::ExecutionResult result = detail::execute_analog_block(symbols, device.graph);
    device.states = collect_states(module, result);
    device.current = result.current;
    device.name = module.name;
    device.description = std::move(description);
    device.file = file.empty() ? module.location.file : std::move(file);
    device.positive_port = symbols.positive;
    device.negative_port = symbols.negative;
    device.module = module;
    return DeviceModel(std::move(device));
}

}  // namespace memcosim::models
