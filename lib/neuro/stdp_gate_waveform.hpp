#pragma once
// The waveforms of the 1T1R gate STDP scheme, and why they give a window.
//
// The pre spike is the access transistor's gate pulse: rectangular, amplitude
// V_G (default: the transistor card's nominal gate), width w, centred on
// t_pre. The post spike drives the top electrode (TE) with a bipolar
// waveform around t_post, sigma = t - t_post:
//
//        a_plus exp((sigma - s_peak) / t_plus)   sigma <= s_peak = -(h + edge)   rising lead
//        ramp to 0 over edge, 0 on [-h, h]                                      gap, h = (w + 2 edge_gate) / 2
//        ramp to -a_minus over edge, then -a_minus exp(-(sigma - h - edge) / tau_minus)   tail
//
// While the gate is closed the transistor blocks the TE, whatever its
// voltage (the negative phase is kept below RESET threshold + transistor
// threshold so reverse conduction cannot program either); while it is open
// the device sees the TE voltage less the transistor's drop. So the gate
// SAMPLES the post waveform at sigma = t_pre - t_post = -dt:
//   dt > 0 (pre before post): the gate sees the rising lead at a_plus e^(-dt/t_plus): SET, smaller for larger dt,
//          none once a_plus e^(-dt/t_plus) (less the drop) is below the SET threshold;
//   dt < 0 (post before pre): the gate sees the tail at -a_minus e^(-|dt|/tau_minus): RESET, decaying alike;
//   |dt| small: the gate sees only the gap: no change at dt = 0, and no overlap of a SET and a RESET phase
//          in one gate window for any dt (the gap is as long as the gate pulse).
// The change is the device's rate integrated over the gate window, i.e. over
// ages [max(|dt| - w, 0), |dt|] of the exponential: the form of the window
// surrogate (surrogate/stdp_window.hpp) with rise = w. The transistor's drop
// grows with the device's conductance (it limits the current, strongly so
// while SETting), which is the window's conductance dependence (soft bound).
//
// Causality: a neuron cannot start its lead before it fires. In a circuit the
// same timing is had with a fixed delay D = lead length on the pre side: the
// pre neuron's word-line driver opens the gate D after its spike and the post
// neuron starts its lead at its spike; dt = t_post - t_pre is unchanged.
// Here both are placed on one time axis with the references above.
#include "neuro/spike_waveform.hpp"

#include "netlist/circuit.hpp"

namespace memcosim::neuro {

struct GateTiming {
    double half_gap = 0.0;  // h: half the TE gap = half the gate pulse's full length
    double lead = 0.0;      // time from the start of the TE waveform (PWL cut at the tolerance) to t_post
    double tail = 0.0;      // time from t_post to the end of the TE waveform
};

// `gate` rectangular, `post` bipolar; `tolerance` (V) where the exponentials are cut.
[[nodiscard]] GateTiming gate_timing(const SpikeShape& gate, const SpikeShape& post, double tolerance);

// The TE voltage at sigma = t - t_post (exact, not cut).
[[nodiscard]] double gate_post_value(const SpikeShape& gate, const SpikeShape& post, double sigma);

// The TE waveform as a PWL with t_post at `t_post` (within `tolerance` of
// gate_post_value), and the gate pulse centred on `t_pre`.
[[nodiscard]] netlist::PiecewiseLinear gate_post_pwl(const SpikeShape& gate, const SpikeShape& post, double t_post,
                                                     double tolerance);
[[nodiscard]] netlist::PiecewiseLinear gate_pulse_pwl(const SpikeShape& gate, double t_pre);

}  // namespace memcosim::neuro
