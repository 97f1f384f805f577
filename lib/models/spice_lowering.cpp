#include "models/spice_lowering.hpp"

#include "models/spice_names.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace memcosim::models {
namespace {

using netlist::BehavioralSource;

// A parameter default: a plain number, or {expression} in terms of earlier
// parameters (numparam evaluates it per instance, after the overrides).
std::string default_text(const DeviceModel& model, NodeId expression, const SpiceSymbols& symbols) {
    const ExpressionGraph& graph = model.graph();
    if (graph.is_constant(expression)) return netlist::spice_number(graph.node(expression).value);
    SpiceExpressionOptions options;
    options.allow_auxiliaries = false;
    return fmt::format("{{{}}}", print_spice_expressions(graph, std::array{expression}, symbols, options).roots[0]);
}

void add_parameters(const DeviceModel& model, const SpiceDevice& device, const SpiceSymbols& symbols,
                    netlist::Subcircuit& subcircuit) {
    for (std::size_t k = 0; k < model.parameters().size(); ++k) {
        subcircuit.parameters.emplace_back(device.parameter_names[k],
                                           default_text(model, model.parameters()[k].default_expression, symbols));
    }
    if (device.mode != SubcircuitMode::frozen_state) return;
    for (std::size_t k = 0; k < model.state_count(); ++k) {
        subcircuit.parameters.emplace_back(device.state_parameters[k],
                                           default_text(model, model.states()[k].initial, symbols));
    }
}

BehavioralSource current_source(std::string name, std::string positive, std::string negative, std::string expression) {
    return BehavioralSource{std::move(name), std::move(positive), std::move(negative),
                            BehavioralSource::Output::current, std::move(expression)};
}

BehavioralSource voltage_source(std::string name, std::string positive, std::string expression) {
    return BehavioralSource{std::move(name), std::move(positive), netlist::ground, BehavioralSource::Output::voltage,
                            std::move(expression)};
}

}  // namespace

SpiceDevice lower_to_spice(const DeviceModel& model, SubcircuitMode mode, const SpiceLoweringOptions& options) {
    const SpiceNames names = make_spice_names(model);
    SpiceDevice device;
    device.mode = mode;
    device.parameter_names = names.parameters;
    device.state_nodes = names.state_nodes;
    if (mode == SubcircuitMode::frozen_state) device.state_parameters = names.state_parameters;

    SpiceSymbols symbols;
    symbols.parameters = names.parameters;
    for (const auto& parameter : model.parameters()) symbols.integer_parameters.push_back(parameter.integer);
    symbols.voltage = fmt::format("v({},{})", spice_positive_port, spice_negative_port);
    for (const auto& node : names.state_nodes) symbols.states.push_back(fmt::format("v({})", node));

    netlist::Subcircuit& subcircuit = device.subcircuit;
    subcircuit.name = !options.name.empty()                  ? options.name
                      : mode == SubcircuitMode::frozen_state ? names.subcircuit + "_frozen"
                                                             : names.subcircuit;
    subcircuit.ports = {spice_positive_port, spice_negative_port};
    add_parameters(model, device, symbols, subcircuit);

    // One printing pass over every expression, so that parts shared between
    // the current, the rates and the initial values are shared in ngspice too.
    std::vector<NodeId> roots{model.current()};
    if (mode == SubcircuitMode::dynamic) {
        for (const auto& state : model.states()) roots.push_back(state.rate);
        for (const auto& state : model.states()) roots.push_back(state.initial);
    }
    SpiceExpressionOptions expression_options = options.expressions;
    expression_options.auxiliary_prefix = spice_auxiliary_prefix;
    const SpiceExpressions printed = print_spice_expressions(model.graph(), roots, symbols, expression_options);

    for (const auto& [node, expression] : printed.auxiliaries) {
        subcircuit.elements.emplace_back(voltage_source(fmt::format("b{}", node), node, expression));
    }
    subcircuit.elements.emplace_back(
        current_source("bcurrent", spice_positive_port, spice_negative_port, printed.roots[0]));
    const std::size_t states = model.state_count();
    for (std::size_t k = 0; k < states; ++k) {
        const std::string& node = names.state_nodes[k];
        if (mode == SubcircuitMode::frozen_state) {
            subcircuit.elements.emplace_back(
                voltage_source(fmt::format("bstate_{}", node), node, names.state_parameters[k]));
            continue;
        }
        subcircuit.elements.emplace_back(
            netlist::Capacitor{fmt::format("cstate_{}", node), node, netlist::ground, 1.0, std::nullopt});
        const std::string& rate = printed.roots[1 + k];
        const std::string& initial = printed.roots[1 + states + k];
        subcircuit.elements.emplace_back(
            current_source(fmt::format("bstate_{}", node), netlist::ground, node,
                           fmt::format("(time > 0) ? ({}) : ({} - v({}))", rate, initial, node)));
    }
    return device;
}

std::vector<std::pair<std::string, std::string>> instance_parameters(const DeviceModel& model,
                                                                     const SpiceDevice& device,
                                                                     const ParameterOverrides& overrides,
                                                                     std::span<const double> state_values) {
    (void)resolve_parameters(model, overrides);  // names and ranges, with the model's messages
    std::vector<std::pair<std::string, std::string>> result;
    for (const auto& [name, value] : overrides) {
        const std::size_t index = *model.find_parameter(match_parameter(model, name));
        result.emplace_back(device.parameter_names[index], netlist::spice_number(value));
    }
    if (state_values.empty()) return result;
    if (device.mode != SubcircuitMode::frozen_state || state_values.size() != model.state_count()) {
        throw std::invalid_argument(
            fmt::format("instance_parameters: {} state values for a {} subcircuit of '{}' "
                        "with {} states",
                        state_values.size(), device.mode == SubcircuitMode::frozen_state ? "frozen" : "dynamic",
                        model.name(), model.state_count()));
    }
    for (std::size_t k = 0; k < state_values.size(); ++k) {
        result.emplace_back(device.state_parameters[k], netlist::spice_number(state_values[k]));
    }
    return result;
}

}  // namespace memcosim::models
