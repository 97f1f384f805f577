#include "neuro/stdp_gate_check.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace memcosim::neuro {

GateCheck measure_gate(const StdpSetup& setup, const std::vector<double>& states, spice::Engine& engine) {
    const auto& model = setup.device.model;
    const auto& card = *setup.transistor;
    const auto lowered = models::lower_to_spice(model, models::SubcircuitMode::frozen_state);
    const models::Evaluator evaluator(model, models::resolve_parameters(model, setup.device.parameters));
    netlist::Circuit c;
    c.title = fmt::format("memcosim STDP gate check: {} with transistor {}", model.name(), card.label);
    c.subcircuits.push_back(lowered.subcircuit);
    c.models.push_back(card.model);
    c.add(netlist::VoltageSource{"vgon", "gon", netlist::ground, netlist::Dc{setup.pre.amplitude}});
    c.add(netlist::VoltageSource{"vtep", "tep", netlist::ground, netlist::Dc{setup.post.a_plus}});
    c.add(netlist::VoltageSource{"vtem", "tem", netlist::ground, netlist::Dc{-setup.post.a_minus}});
    // cell: gate (open / closed) x top electrode (peak / trough)
    const std::array<std::pair<const char*, const char*>, 4> cells{
        {{"gon", "tep"}, {"gon", "tem"}, {netlist::ground, "tep"}, {netlist::ground, "tem"}}};
    std::vector<double> values(evaluator.initial_states().begin(), evaluator.initial_states().end());
    for (std::size_t n = 0; n < states.size(); ++n) {
        values[0] = states[n];
        for (std::size_t k = 0; k < cells.size(); ++k) {
            const std::string drain = fmt::format("d{}_{}", n, k);
            c.add(netlist::SubcircuitInstance{
                fmt::format("x{}_{}", n, k), {cells[k].second, drain}, lowered.subcircuit.name,
                models::instance_parameters(model, lowered, setup.device.parameters, values)});
            c.add(netlist::Mosfet{fmt::format("m{}_{}", n, k), drain, cells[k].first, netlist::ground,
                                  netlist::ground, card.model.name, {{"w", card.width}, {"l", card.length}}});
        }
    }
    c.analyses.emplace_back(netlist::OperatingPoint{});
    const auto result = engine.run(netlist::write_spice_lines(c));
    GateCheck check;
    for (std::size_t n = 0; n < states.size(); ++n) {
        auto across = [&](std::size_t k) {
            return result.vector(cells[k].second).real.at(0) - result.vector(fmt::format("d{}_{}", n, k)).real.at(0);
        };
        check.open_set = std::max(check.open_set, across(0));
        check.open_reset = std::max(check.open_reset, -across(1));
        check.closed_set = std::max(check.closed_set, across(2));
        check.closed_reset = std::max(check.closed_reset, -across(3));
    }
    return check;
}

void check_gate_can_program(const StdpSetup& setup, const std::vector<double>& states, spice::Engine& engine) {
    const GateCheck g = measure_gate(setup, states, engine);
    const double set = *setup.thresholds.set, reset = *setup.thresholds.reset;
    const auto& card = *setup.transistor;
    const std::string model = setup.device.model.name();
    if (g.open_set <= set)
        throw InputError(fmt::format(
            "stdp gate: with the gate open ({} V on transistor '{}') the post spike's peak a_plus = {} V puts at most "
            "{:.4g} V across '{}' (SET threshold {:.4g} V): the transistor cannot pass enough current to program it; "
            "raise a_plus or the gate voltage, or use a wider transistor (FILE.mod:w=...)",
            setup.pre.amplitude, card.label, setup.post.a_plus, g.open_set, model, set));
    if (g.open_reset <= reset)
        throw InputError(fmt::format(
            "stdp gate: with the gate open ({} V on transistor '{}') the post spike's trough -{} V puts at most "
            "{:.4g} V across '{}' (RESET threshold {:.4g} V): it cannot depress; raise a_minus or the gate voltage",
            setup.pre.amplitude, card.label, setup.post.a_minus, g.open_reset, model, reset));
    if (g.closed_set >= set || g.closed_reset >= reset)
        throw InputError(fmt::format(
            "stdp gate: with the gate closed the post spike alone puts {:.4g} V (SET side) / {:.4g} V (RESET side) "
            "across '{}' through transistor '{}' (thresholds {:.4g} / {:.4g} V): a post spike alone would program "
            "the device; lower a_plus / a_minus",
            g.closed_set, g.closed_reset, model, card.label, set, reset));
}

}  // namespace memcosim::neuro
