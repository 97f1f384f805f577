#pragma once
// Whether a 1T1R gate bench can work at all, asked of ngspice before a sweep:
// one operating point with the device frozen at each initial state, in series
// with the access transistor, for the gate open (at the pulse's amplitude)
// and closed, and the top electrode at the post waveform's peak and trough.
//   - gate open: some state must see more than the SET threshold at the peak
//     and more than the RESET threshold at the trough, or the transistor
//     cannot pass enough current (or the amplitudes are too low) to program;
//   - gate closed: every state must stay below both thresholds, or the post
//     spike alone programs the device (a negative top electrode turns the
//     NMOS on in reverse once the drain falls a threshold below the gate).
// Throws InputError naming the transistor, the voltages and what to change.
#include "neuro/stdp_setup.hpp"
#include "spice/engine.hpp"

#include <vector>

namespace memcosim::neuro {

struct GateCheck {
    // Largest voltage across the device over the states (V, RESET as a magnitude).
    double open_set = 0.0, open_reset = 0.0, closed_set = 0.0, closed_reset = 0.0;
};

[[nodiscard]] GateCheck measure_gate(const StdpSetup& setup, const std::vector<double>& states,
                                     spice::Engine& engine);

// measure_gate, then the rules above.
void check_gate_can_program(const StdpSetup& setup, const std::vector<double>& states, spice::Engine& engine);

}  // namespace memcosim::neuro
