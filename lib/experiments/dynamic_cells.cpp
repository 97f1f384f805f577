#include "experiments/dynamic_cells.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::experiments {

InitialStateParameters::InitialStateParameters(const DeviceUnderTest& cell, const std::vector<RowMajorMatrix>& states,
                                               std::string context)
    : cell_(cell), states_(states) {
    const auto& model = cell.model;
    const models::Evaluator evaluator(model, models::resolve_parameters(model, cell.parameters));
    const auto initial = evaluator.initial_states();
    for (std::size_t k = 0; k < model.state_count(); ++k) {
        const auto& state = model.states()[k];
        if (!state.initial_parameter.empty()) continue;
        // No parameter to carry a per-cell value: only the model's own initial value will do.
        const double worst = (states[k].array() - initial[k]).abs().maxCoeff();
        if (worst > 1e-12 * std::max(1.0, std::abs(initial[k]))) {
            throw InputError(fmt::format(
                "{}: the initial value of state '{}' of model '{}' is not a parameter, so ngspice cannot "
                "start cells elsewhere than at {} (the solver engine can)",
                context, state.name, model.name(), initial[k]));
        }
    }
}

models::ParameterOverrides InitialStateParameters::operator()(Eigen::Index i, Eigen::Index j) const {
    models::ParameterOverrides overrides = cell_.parameters;
    const auto& model = cell_.model;
    for (std::size_t k = 0; k < model.state_count(); ++k) {
        const auto& name = model.states()[k].initial_parameter;
        if (!name.empty()) overrides[name] = states_[k](i, j);
    }
    return overrides;
}

std::vector<std::string> make_cells_dynamic(netlist::Circuit& circuit, const DeviceUnderTest& cell,
                                            const std::vector<RowMajorMatrix>& states, const std::string& prefix,
                                            const std::string& context) {
    const models::SpiceDevice lowered = models::lower_to_spice(cell.model, models::SubcircuitMode::dynamic);
    const InitialStateParameters initial_states(cell, states, context);
    circuit.subcircuits.push_back(lowered.subcircuit);
    for (auto& element : circuit.elements) {
        const auto* r = std::get_if<netlist::Resistor>(&element);
        if (r == nullptr || r->name.rfind("rg", 0) != 0) continue;
        const auto separator = r->name.find('_');
        const auto i = std::stol(r->name.substr(2, separator - 2)), j = std::stol(r->name.substr(separator + 1));
        element = netlist::SubcircuitInstance{fmt::format("{}{}_{}", prefix, i, j),
                                              {r->positive, r->negative},
                                              lowered.subcircuit.name,
                                              models::instance_parameters(cell.model, lowered, initial_states(i, j))};
    }
    return lowered.state_nodes;
}

}  // namespace memcosim::experiments
