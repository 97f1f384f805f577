#include "experiments/model_crossbar.hpp"

#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

namespace memcosim::experiments {

void validate(const ModelCrossbar& crossbar) {
    const auto& model = crossbar.cell.model;
    if (crossbar.states.size() != model.state_count()) {
        throw InputError(fmt::format("model '{}' has {} state(s) but {} state map(s) were given", model.name(),
                                     model.state_count(), crossbar.states.size()));
    }
    for (std::size_t k = 0; k < crossbar.states.size(); ++k) {
        const auto& map = crossbar.states[k];
        if (map.rows() != crossbar.array.rows() || map.cols() != crossbar.array.cols()) {
            throw InputError(fmt::format("state map '{}' is {}x{} for a {}x{} array", model.states()[k].name,
                                         map.rows(), map.cols(), crossbar.array.rows(), crossbar.array.cols()));
        }
        if (!map.allFinite()) throw InputError(fmt::format("state map '{}' has a non-finite value", model.states()[k].name));
    }
    (void)models::resolve_parameters(model, crossbar.cell.parameters);
}

netlist::Circuit model_crossbar_circuit(const ModelCrossbar& crossbar) {
    validate(crossbar);
    const auto lowered = models::lower_to_spice(crossbar.cell.model, models::SubcircuitMode::frozen_state);
    auto circuit = generators::build_crossbar_circuit(crossbar.array);
    circuit.title = fmt::format("memcosim crossbar of {} cells {}x{}", crossbar.cell.model.name(),
                                crossbar.array.rows(), crossbar.array.cols());
    circuit.subcircuits.push_back(lowered.subcircuit);
    std::vector<double> state(crossbar.states.size());
    for (auto& element : circuit.elements) {
        const auto* r = std::get_if<netlist::Resistor>(&element);
        if (r == nullptr || r->name.rfind("rg", 0) != 0) continue;
        const auto separator = r->name.find('_');
        const auto i = std::stol(r->name.substr(2, separator - 2)), j = std::stol(r->name.substr(separator + 1));
        for (std::size_t k = 0; k < state.size(); ++k) state[k] = crossbar.states[k](i, j);
        element = netlist::SubcircuitInstance{
            fmt::format("xg{}_{}", i, j), {r->positive, r->negative}, lowered.subcircuit.name,
            models::instance_parameters(crossbar.cell.model, lowered, crossbar.cell.parameters, state)};
    }
    return circuit;
}

Eigen::VectorXd model_crossbar_spice(const ModelCrossbar& crossbar, spice::Engine& engine) {
    const auto circuit = model_crossbar_circuit(crossbar);
    netlist::require_electrical_rules(circuit);
    const auto result = engine.run(netlist::write_spice_lines(circuit));
    Eigen::VectorXd currents(crossbar.array.cols());
    for (Eigen::Index j = 0; j < currents.size(); ++j) {
        currents(j) = result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0);
    }
    return currents;
}

solver::NonlinearCrossbarSolution model_crossbar_solve(const ModelCrossbar& crossbar,
                                                       const solver::NonlinearSolveOptions& options) {
    validate(crossbar);
    models::Evaluator evaluator(crossbar.cell.model,
                                models::resolve_parameters(crossbar.cell.model, crossbar.cell.parameters));
    const auto cells = [&](const RowMajorMatrix& v, RowMajorMatrix& current, RowMajorMatrix& conductance) {
        const auto n = static_cast<std::size_t>(v.size());
        models::BatchInput input;
        input.voltage = std::span<const double>(v.data(), n);
        for (std::size_t k = 0; k < crossbar.states.size(); ++k) {
            input.states[k] = std::span<const double>(crossbar.states[k].data(), n);
        }
        models::BatchOutput output;
        output.current = std::span<double>(current.data(), n);
        output.dcurrent_dv = std::span<double>(conductance.data(), n);
        evaluator.evaluate(input, output);
    };
    return solver::solve_nonlinear_crossbar(crossbar.array, cells, options);
}

}  // namespace memcosim::experiments
