#pragma once
// A leaky integrate-and-fire neuron as ngspice elements (R, C and B sources
// only, no XSPICE), added to a Circuit.
//
// Construction (all names prefixed by the neuron's name):
//   membrane  Cm and Rm from `input` to ground; the input current is whatever
//             the caller connects to `input` (a current source, a synapse).
//   latch     node <name>_latch, 1 pF with a 1 Tohm leak: set towards 1 V while
//             V(input) >= V_th, cleared towards 0 V once the timer is fully
//             discharged. The latch is what makes the reset unconditional:
//             without it the clamp would pull V below V_th and stop its own
//             trigger half way (a race between comparator and clamp).
//   timer     node <name>_timer, 1 pF: while the latch is high it is
//             discharged to 0; otherwise it charges through an RC towards
//             10 V. It passes 1 V exactly t_ref after release because
//             RC = t_ref / ln(10/9). It rests at 10 V (not refractory).
//   clamp     while V(timer) < 1 V a conductance Cm / t_fast pulls the
//             membrane to v_reset: that is the reset and the refractory hold.
//   output    `spike` = 1 V while V(timer) < 1 V, else 0: one pulse of width
//             ~t_ref per spike, starting at the threshold crossing.
//
// Event accuracy: the switching conditions are B-source comparisons, which
// ngspice evaluates at its time points, so a threshold crossing is seen at
// most one time step late (the caller bounds that with max_step), and the
// latch/timer/clamp transitions take a few t_fast each, t_fast = 1e-4 of the
// shorter of tau and t_ref: about 15 t_fast (0.15 %) of extra time per spike,
// plus the residual timer voltage at release (< 1e-3 V, < 0.1 % of t_ref).
// The element sets `.options method=gear` on the circuit: the trapezoidal
// rule rings on these stiff transitions (timer driven to -2 V, spikes lost).
// Runs must use .tran with `uic` (use_initial_conditions): the capacitors
// carry their start values, and an operating point of a latch is ambiguous.
#include "netlist/circuit.hpp"
#include "neuro/lif_parameters.hpp"

#include <string>

namespace memcosim::neuro {

struct LifNodes {
    std::string input;  // membrane node: connect the input current here
    std::string spike;  // output, 0 / 1 V
};

// Adds the neuron's elements to `circuit`. `name` must be a SPICE-safe word
// unique in the circuit. Throws InputError for bad parameters.
void add_lif_neuron(netlist::Circuit& circuit, const std::string& name, const LifParameters& parameters,
                    const LifNodes& nodes);

// The transition time constant the construction uses (see above).
[[nodiscard]] double lif_fast_time_constant(const LifParameters& parameters);

// Sets `.options method=gear`: the trapezoidal rule rings on the stiff
// latch/timer/clamp (and switch) transitions of these neuron blocks, t_fast
// being far below any sensible time step (it drove the timer to -2 V in a
// test); Gear integration is stiffly stable and damps them.
void require_gear_integration(netlist::Circuit& circuit);

}  // namespace memcosim::neuro
