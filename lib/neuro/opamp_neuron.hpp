#pragma once
// An opamp-based integrate-and-fire neuron built from plain ngspice elements
// (R, C and B sources; no XSPICE), added to a Circuit.
//
// Integrate mode: the dendrite (the bottom electrodes of the neuron's
// synapses) is switched onto the inverting input `<name>_sum` of an opamp
// wired as an inverting integrator: C_int from sum to the output with the
// leak R_leak across it. The opamp holds sum at a virtual ground, so every
// synapse sees 0 V on its bottom electrode and its current I (flowing INTO
// the summing node) is integrated:
//     C_int dV_out/dt = -I - V_out / R_leak.
// Sign convention: the integrator inverts. The membrane potential is
// V_m = -V_out; a positive input current drives V_out negative and the
// comparator trips when V_out falls to -V_th (V_m reaches V_th). From reset
// (V_out = 0) a constant I fires after tau ln(R I / (R I - V_th)),
// tau = R_leak C_int, and never when R I <= V_th (rheobase V_th / R_leak).
//
// Fire mode: when the comparator trips, a latch sets and the neuron is dead
// for t_refractory (measured from the trip): the input switch opens (the
// integrator no longer sees its synapses), a reset switch shorts C_int, and
// the fire switch connects the dendrite to the spike generator, which plays
// the spike shape onto the synapses' bottom electrodes (the shape must fit
// inside t_refractory; after it the generator holds 0 V). Then the switches
// return to integrate mode with V_out = 0. So the firing rate for a constant
// current is
//     f = 1 / (t_ref + tau ln(R I / (R I - V_th))).
//
// Elements (node and element names prefixed by the neuron's name):
//   opamp       single pole: a B source drives an RC node (the pole, at
//               gbw / gain) towards gain * (V+ - V-) clamped to the output
//               swing; the output is a B voltage source following that node.
//               V+ is ground. Finite gain, bandwidth and swing, no windup.
//   comparator  B voltage source, gain `comparator_gain`, output clamped to
//               0..1 V (logic levels), no delay.
//   latch/timer as in lif_netlist.hpp: the latch (set by the comparator) empties
//               the timer; the latch clears once the timer is empty and the
//               comparator has released (the reset brings V_out back to 0);
//               then the timer ramps at 1 V per t_ref (a constant current)
//               and rests at 2 V. Dead while the latch is high or the timer
//               is below 1 V. The spike starts when the latch clears (a few
//               ns after the trip, see below) and dead time ends t_ref later.
//   switches    voltage-controlled switches as B-source conductances
//               g = g_off + (g_on - g_off) * control, control the 0/1 dead
//               node: the ngspice `sw` model's behaviour (threshold switch
//               between r_on and r_off) without a separate element kind,
//               which the circuit IR does not have.
//   generator   B voltage source pwl(timer, spike shape): the shape's PWL
//               (spike_waveform.hpp) with time measured by the timer ramp.
//
// Event accuracy (see lif_netlist.hpp): a crossing is seen at most one time
// step late; the latch/timer transitions take a few t_fast (1e-4 of the
// shorter of tau and t_ref) and the release waits for the reset of V_out
// (a few r_reset C_int and 1 / (2 pi gbw)). The element sets
// `.options method=gear`; runs must use .tran with `uic`.
#include "netlist/circuit.hpp"
#include "neuro/spike_waveform.hpp"

#include <string>

namespace memcosim::neuro {

struct OpampParameters {
    double gain = 1e5;         // open-loop DC gain, > 1
    double gbw = 100e6;        // gain-bandwidth product, Hz, > 0
    double v_low = -2.5;       // output swing, V: v_low < v_high
    double v_high = 2.5;
};

// The neuron's default spike: bipolar, +0.4 V for 20 ns then a -0.3 V tail
// of 10 ns, about 90 ns in all. Chosen for VTEAM's +-0.5 V thresholds: each
// spike alone stays below them, a post spike over a pre spike's tail (or the
// reverse) crosses them.
[[nodiscard]] SpikeShape default_neuron_spike();

struct OpampNeuronParameters {
    double c_int = 1e-12;        // integrating capacitor, F
    double r_leak = 1e6;         // leak resistor across it, ohm
    double v_threshold = 0.5;    // V, > 0: fires when V_out <= -v_threshold
    double t_refractory = 1e-6;  // s: dead time from the trip, holds the whole spike
    OpampParameters opamp;
    double comparator_gain = 1e4;  // V/V into a 1 V logic swing
    double r_on = 1.0;             // switch resistances, ohm: 0 < r_on < r_off
    double r_off = 1e12;
    SpikeShape spike = default_neuron_spike();  // driven onto the dendrite in fire mode
    double spike_tolerance = 1e-3;  // PWL tolerance of the spike, fraction of its peak
    [[nodiscard]] double tau() const { return r_leak * c_int; }
};

// Throws InputError naming the first parameter out of range (including a
// spike longer than t_refractory, an output swing that cannot reach
// -v_threshold, r_off <= r_on).
void validate(const OpampNeuronParameters& p);

// Firing rate for a constant current I into the summing node, from reset:
// 1 / (t_ref + tau ln(R I / (R I - V_th))), 0 when R I <= V_th.
[[nodiscard]] double opamp_neuron_rate(const OpampNeuronParameters& p, double current);

// Length of the fire phase: the spike's PWL up to its last point.
[[nodiscard]] double opamp_spike_length(const OpampNeuronParameters& p);

// The arguments after the control expression of an ngspice B-source
// `pwl(x, ...)` that plays `shape` (its PWL within `tolerance` volts) against
// x = time / time_unit; 0 outside the spike: ", x0, y0, x1, y1, ...".
[[nodiscard]] std::string spike_pwl_arguments(const SpikeShape& shape, double tolerance, double time_unit);

struct OpampNeuronNodes {
    std::string dendrite;  // bottom electrodes of the synapses (and any input current)
    std::string output;    // integrator output V_out (membrane potential = -V_out)
    std::string spike;     // spike generator: the shape in fire mode, 0 V otherwise
    std::string dead;      // 1 V from the trip until integration resumes, else 0 V
};

// Adds the neuron's elements to `circuit`. `name` must be a SPICE-safe word
// unique in the circuit. Throws InputError for bad parameters.
void add_opamp_neuron(netlist::Circuit& circuit, const std::string& name, const OpampNeuronParameters& parameters,
                      const OpampNeuronNodes& nodes);

}  // namespace memcosim::neuro
