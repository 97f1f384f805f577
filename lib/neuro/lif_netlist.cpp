#include "neuro/lif_netlist.hpp"

#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace memcosim::neuro {
namespace {

using netlist::BehavioralSource;
using netlist::spice_number;

// Internal state nodes of the construction, in volts.
constexpr double timer_target = 10.0;   // the timer's RC charges towards this
constexpr double timer_level = 1.0;     // refractory while below
constexpr double timer_cleared = 1e-3;  // latch released once the timer is this low
constexpr double state_capacitance = 1e-12;
constexpr double latch_leak = 1e12;  // only gives the latch node a DC path

// Switches are written with u() (ngspice's unit step: 1 for x > 0, else 0)
// instead of `?:`: ngspice 46 rejected a ternary inside a larger B-source
// expression ("unknown parameter (*)").
BehavioralSource current_source(std::string name, std::string from, std::string to, std::string expression) {
    return {std::move(name), std::move(from), std::move(to), BehavioralSource::Output::current,
            std::move(expression)};
}


}  // namespace

double lif_fast_time_constant(const LifParameters& p) { return 1e-4 * std::min(p.tau(), p.t_refractory); }

void add_lif_neuron(netlist::Circuit& circuit, const std::string& name, const LifParameters& p,
                    const LifNodes& nodes) {
    validate(p);
    require_gear_integration(circuit);
    const std::string latch = fmt::format("{}_latch", name);
    const std::string timer = fmt::format("{}_timer", name);
    const double fast = lif_fast_time_constant(p);
    const double g_state = state_capacitance / fast;
    const double r_timer = p.t_refractory / std::log(timer_target / (timer_target - timer_level)) / state_capacitance;

    circuit.add(netlist::Capacitor{fmt::format("c{}_m", name), nodes.input, netlist::ground, p.capacitance, p.v_reset});
    circuit.add(netlist::Resistor{fmt::format("r{}_m", name), nodes.input, netlist::ground, p.resistance});
    // Reset and refractory hold: pull the membrane to v_reset while the timer is low.
    circuit.add(current_source(fmt::format("b{}_clamp", name), nodes.input, netlist::ground,
                               fmt::format("u({} - v({})) * (v({}) - {}) * {}", spice_number(timer_level), timer,
                                           nodes.input, spice_number(p.v_reset),
                                           spice_number(p.capacitance / fast))));

    // Latch: set by the comparator, cleared once the timer has been emptied.
    circuit.add(netlist::Capacitor{fmt::format("c{}_latch", name), latch, netlist::ground, state_capacitance, 0.0});
    circuit.add(netlist::Resistor{fmt::format("r{}_latch", name), latch, netlist::ground, latch_leak});
    circuit.add(current_source(
        fmt::format("b{}_latch", name), netlist::ground, latch,
        fmt::format("(u(v({}) - {}) * (1 - v({})) - u({} - v({})) * v({})) * {}", nodes.input,
                    spice_number(p.v_threshold), latch, spice_number(timer_cleared), timer, latch,
                    spice_number(g_state))));

    // Timer: emptied while the latch is high, else RC charge towards timer_target.
    circuit.add(netlist::Capacitor{fmt::format("c{}_timer", name), timer, netlist::ground, state_capacitance,
                                   timer_target});
    circuit.add(netlist::Resistor{fmt::format("r{}_timer", name), timer, netlist::ground, r_timer});
    circuit.add(current_source(fmt::format("b{}_timer", name), netlist::ground, timer,
                               fmt::format("u(0.5 - v({})) * {} - u(v({}) - 0.5) * v({}) * {}", latch,
                                           spice_number(timer_target / r_timer), latch, timer,
                                           spice_number(g_state))));

    circuit.add(BehavioralSource{fmt::format("b{}_spike", name), nodes.spike, netlist::ground,
                                 BehavioralSource::Output::voltage,
                                 fmt::format("u({} - v({}))", spice_number(timer_level), timer)});
}

void require_gear_integration(netlist::Circuit& circuit) {
    for (auto& [name, value] : circuit.options)
        if (name == "method") {
            value = "gear";
            return;
        }
    circuit.options.emplace_back("method", "gear");
}

}  // namespace memcosim::neuro
