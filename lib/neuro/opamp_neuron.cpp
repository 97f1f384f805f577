#include "neuro/opamp_neuron.hpp"

#include "core/error.hpp"
#include "netlist/spice_writer.hpp"
#include "neuro/lif_netlist.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace memcosim::neuro {
namespace {

using netlist::BehavioralSource;
using netlist::spice_number;

// Internal state nodes, in volts (as in lif_netlist.cpp).
constexpr double timer_rest = 2.0;       // the timer ramps to this and stays (not dead)
constexpr double timer_level = 1.0;      // dead while below: reached t_ref after release
constexpr double timer_knee = 1.5;       // ramp current falls linearly to 0 between knee and rest
constexpr double timer_cleared = 1e-3;   // latch may release once the timer is this low
constexpr double state_capacitance = 1e-12;
constexpr double state_leak = 1e12;      // only gives the state nodes a DC path
constexpr double pole_capacitance = 1e-12;
constexpr double logic_load = 1e9;       // on logic nodes, so every node has two terminals (electrical rules)

void require_positive(double value, const char* name) {
    if (!std::isfinite(value) || value <= 0.0)
        throw InputError(fmt::format("opamp neuron: {} must be a finite number > 0, got {}", name, value));
}

BehavioralSource current_source(std::string name, std::string from, std::string to, std::string expression) {
    return {std::move(name), std::move(from), std::move(to), BehavioralSource::Output::current,
            std::move(expression)};
}
BehavioralSource voltage_source(std::string name, std::string node, std::string expression) {
    return {std::move(name), std::move(node), netlist::ground, BehavioralSource::Output::voltage,
            std::move(expression)};
}

double fast_time_constant(const OpampNeuronParameters& p) { return 1e-4 * std::min(p.tau(), p.t_refractory); }

// A voltage-controlled switch between a and b, closed while v(control) is 1
// and open while 0: a conductance g_off + (g_on - g_off) v(control).
void add_switch(netlist::Circuit& circuit, const std::string& name, const std::string& a, const std::string& b,
                const std::string& control, const OpampNeuronParameters& p) {
    const double g_on = 1.0 / p.r_on, g_off = 1.0 / p.r_off;
    circuit.add(current_source(name, a, b,
                               fmt::format("v({},{}) * ({} + {} * v({}))", a, b, spice_number(g_off),
                                           spice_number(g_on - g_off), control)));
}

}  // namespace

std::string spike_pwl_arguments(const SpikeShape& shape, double tolerance, double time_unit) {
    // ngspice's pwl() extrapolates its first and last segments linearly, so
    // the table is closed by flat segments far out on both sides.
    constexpr double far = 1e3;
    std::string text = fmt::format(", {}, 0", spice_number(-far));
    for (const auto& [t, v] : spike_pwl(shape, tolerance).points)
        text += fmt::format(", {}, {}", spice_number(t / time_unit), spice_number(v));
    return text + fmt::format(", {}, 0", spice_number(far));
}

namespace {

// The spike against the timer voltage (the time since release in units of t_ref).
std::string spike_table(const OpampNeuronParameters& p) {
    return spike_pwl_arguments(p.spike, p.spike_tolerance * spike_peak(p.spike), p.t_refractory);
}

}  // namespace

SpikeShape default_neuron_spike() {
    SpikeShape s;
    s.kind = SpikeShapeKind::bipolar;
    s.a_plus = 0.4;
    s.t_plus = 20e-9;
    s.a_minus = 0.3;
    s.tau_minus = 10e-9;
    s.edge = 1e-9;
    return s;
}

void validate(const OpampNeuronParameters& p) {
    require_positive(p.c_int, "c_int");
    require_positive(p.r_leak, "r_leak");
    require_positive(p.v_threshold, "v_threshold");
    require_positive(p.t_refractory, "t_refractory");
    require_positive(p.comparator_gain, "comparator_gain");
    require_positive(p.r_on, "r_on");
    require_positive(p.r_off, "r_off");
    require_positive(p.opamp.gbw, "opamp gbw");
    require_positive(p.spike_tolerance, "spike_tolerance");
    if (!std::isfinite(p.opamp.gain) || p.opamp.gain <= 1.0)
        throw InputError(fmt::format("opamp neuron: opamp gain must be a finite number > 1, got {}", p.opamp.gain));
    if (!std::isfinite(p.opamp.v_low) || !std::isfinite(p.opamp.v_high) || !(p.opamp.v_high > 0.0))
        throw InputError(fmt::format("opamp neuron: output swing [{}, {}] V must be finite with v_high > 0",
                                     p.opamp.v_low, p.opamp.v_high));
    if (!(p.opamp.v_low < -p.v_threshold))
        throw InputError(fmt::format("opamp neuron: the output swing's low end ({} V) must be below -v_threshold "
                                     "({} V), or the integrator can never reach the threshold",
                                     p.opamp.v_low, -p.v_threshold));
    if (!(p.r_off > p.r_on))
        throw InputError(fmt::format("opamp neuron: switch r_off ({} ohm) must be larger than r_on ({} ohm)", p.r_off,
                                     p.r_on));
    if (p.spike_tolerance >= 1.0)
        throw InputError(fmt::format("opamp neuron: spike_tolerance is a fraction of the peak, < 1, got {}",
                                     p.spike_tolerance));
    validate(p.spike);
    const double length = opamp_spike_length(p);
    if (length > p.t_refractory)
        throw InputError(fmt::format("opamp neuron: the spike lasts {} s, longer than t_refractory ({} s): the spike "
                                     "is played during the refractory period and must fit in it",
                                     length, p.t_refractory));
}

double opamp_spike_length(const OpampNeuronParameters& p) {
    return spike_pwl(p.spike, p.spike_tolerance * spike_peak(p.spike)).points.back().first;
}

double opamp_neuron_rate(const OpampNeuronParameters& p, double current) {
    const double drive = p.r_leak * current;
    if (!(drive > p.v_threshold)) return 0.0;
    return 1.0 / (p.t_refractory + p.tau() * std::log(drive / (drive - p.v_threshold)));
}

void add_opamp_neuron(netlist::Circuit& circuit, const std::string& name, const OpampNeuronParameters& p,
                      const OpampNeuronNodes& nodes) {
    validate(p);
    require_gear_integration(circuit);
    const std::string sum = fmt::format("{}_sum", name), pole = fmt::format("{}_pole", name);
    const std::string cmp = fmt::format("{}_cmp", name), latch = fmt::format("{}_latch", name);
    const std::string timer = fmt::format("{}_timer", name);
    const std::string& out = nodes.output;
    const double fast = fast_time_constant(p);
    const double g_state = state_capacitance / fast;

    // Opamp: V+ = ground, V- = sum. The pole node integrates the open-loop
    // drive with time constant gain / (2 pi gbw) (so the unity-gain frequency
    // is gbw); a stiff clamp holds it inside the output swing (no windup) and
    // the output follows it, limited to the swing. Clamping the drive instead
    // would limit the slew rate to swing / pole time constant (a few mV/us).
    const double pole_frequency = p.opamp.gbw / p.opamp.gain;
    const double r_pole = 1.0 / (2.0 * std::numbers::pi * pole_frequency * pole_capacitance);
    const double g_clamp = 100.0 * p.opamp.gain / r_pole;  // overshoot past the swing: 1 % of V+ - V-
    circuit.add(netlist::Capacitor{fmt::format("c{}_pole", name), pole, netlist::ground, pole_capacitance, 0.0});
    circuit.add(netlist::Resistor{fmt::format("r{}_pole", name), pole, netlist::ground, r_pole});
    circuit.add(current_source(fmt::format("b{}_amp", name), netlist::ground, pole,
                               fmt::format("-v({}) * {}", sum, spice_number(p.opamp.gain / r_pole))));
    circuit.add(current_source(fmt::format("b{}_clamp", name), pole, netlist::ground,
                               fmt::format("(max(v({p}) - {hi}, 0) + min(v({p}) - {lo}, 0)) * {g}", fmt::arg("p", pole),
                                           fmt::arg("hi", spice_number(p.opamp.v_high)),
                                           fmt::arg("lo", spice_number(p.opamp.v_low)),
                                           fmt::arg("g", spice_number(g_clamp)))));
    circuit.add(voltage_source(fmt::format("b{}_out", name), out,
                               fmt::format("min(max(v({}), {}), {})", pole, spice_number(p.opamp.v_low),
                                           spice_number(p.opamp.v_high))));

    // Integrator feedback, and the reset switch that empties C_int while dead.
    circuit.add(netlist::Capacitor{fmt::format("c{}_int", name), sum, out, p.c_int, 0.0});
    circuit.add(netlist::Resistor{fmt::format("r{}_leak", name), sum, out, p.r_leak});
    OpampNeuronParameters reset = p;
    reset.r_on = 10.0 * fast / p.c_int;  // r_reset C_int = 10 t_fast
    add_switch(circuit, fmt::format("b{}_reset", name), sum, out, nodes.dead, reset);

    // Input and fire switches: the dendrite sees the summing node while
    // integrating and the spike generator while dead.
    circuit.add(voltage_source(fmt::format("b{}_live", name), fmt::format("{}_live", name),
                               fmt::format("1 - v({})", nodes.dead)));
    circuit.add(netlist::Resistor{fmt::format("r{}_live", name), fmt::format("{}_live", name), netlist::ground,
                                  logic_load});
    add_switch(circuit, fmt::format("b{}_sin", name), nodes.dendrite, sum, fmt::format("{}_live", name), p);
    add_switch(circuit, fmt::format("b{}_sfire", name), nodes.dendrite, nodes.spike, nodes.dead, p);

    // Comparator: 1 V once V_out <= -V_th.
    circuit.add(voltage_source(fmt::format("b{}_cmp", name), cmp,
                               fmt::format("min(max({} * ({} - v({})), 0), 1)", spice_number(p.comparator_gain),
                                           spice_number(-p.v_threshold), out)));
    circuit.add(netlist::Resistor{fmt::format("r{}_cmp", name), cmp, netlist::ground, logic_load});

    // Latch: set by the comparator; cleared once the timer is empty and the
    // comparator has released (so set and clear never fight).
    circuit.add(netlist::Capacitor{fmt::format("c{}_latch", name), latch, netlist::ground, state_capacitance, 0.0});
    circuit.add(netlist::Resistor{fmt::format("r{}_latch", name), latch, netlist::ground, state_leak});
    circuit.add(current_source(
        fmt::format("b{}_latch", name), netlist::ground, latch,
        fmt::format("(u(v({}) - 0.5) * (1 - v({})) - u({} - v({})) * u(0.5 - v({})) * v({})) * {}", cmp, latch,
                    spice_number(timer_cleared), timer, cmp, latch, spice_number(g_state))));

    // Timer: emptied while the latch is high; else a constant current ramps it
    // at 1 V per t_ref, easing off between knee and rest.
    circuit.add(netlist::Capacitor{fmt::format("c{}_timer", name), timer, netlist::ground, state_capacitance,
                                   timer_rest});
    circuit.add(netlist::Resistor{fmt::format("r{}_timer", name), timer, netlist::ground, state_leak});
    circuit.add(current_source(
        fmt::format("b{}_timer", name), netlist::ground, timer,
        fmt::format("u(0.5 - v({l})) * {i} * min(1, max({rest} - v({t}), 0) / {span}) - u(v({l}) - 0.5) * v({t}) * {g}",
                    fmt::arg("l", latch), fmt::arg("i", spice_number(state_capacitance * timer_level / p.t_refractory)),
                    fmt::arg("rest", spice_number(timer_rest)), fmt::arg("t", timer),
                    fmt::arg("span", spice_number(timer_rest - timer_knee)), fmt::arg("g", spice_number(g_state)))));

    circuit.add(voltage_source(fmt::format("b{}_dead", name), nodes.dead,
                               fmt::format("1 - u(0.5 - v({})) * u(v({}) - {})", latch, timer,
                                           spice_number(timer_level))));
    circuit.add(netlist::Resistor{fmt::format("r{}_dead", name), nodes.dead, netlist::ground, logic_load});
    // Spike generator: the shape against the timer (time since release / t_ref); 0 while the latch is high.
    circuit.add(voltage_source(fmt::format("b{}_gen", name), nodes.spike,
                               fmt::format("u(0.5 - v({})) * pwl(v({}){})", latch, timer, spike_table(p))));
}

}  // namespace memcosim::neuro
