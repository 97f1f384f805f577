#pragma once
// The STDP test bench of one timing difference: one netlist per dt, with one
// device (or device pair) per initial state. (One netlist for a whole window
// was tried: every post source adds its PWL corners as breakpoints for all
// devices, so the cost grew with the square of the number of points - 45 s
// for 81 points against about 2 s as separate runs.) Devices do not load
// each other: every electrode is an ideal source.
//
// overlap: the pre source drives the top electrode `pre` with one pre spike
//   at t0; the post source drives the bottom electrode `post` with one post
//   spike at t0 + dt; device `x<n>` joins post (p, SET side) to pre (n).
// gate (1T1R): source `gate` carries the gate pulse centred on t_pre,
//   source `te` the post waveform of neuro/stdp_gate_waveform.hpp around
//   t_post; device `x<n>` joins te (p, SET side) to `d<n>`, the drain of
//   NMOS `m<n>` (gate `gate`, source and bulk grounded).
// differential: the pre spike drives `pre`; the post spike is split into its
//   positive phase on `postp` and its negative phase on `postm`. Device
//   `xp<n>` (G+) joins postp (p) to pre (n): V = post+ - pre reaches SET only
//   when a post spike meets a pre spike's negative tail (dt > 0). Device
//   `xm<n>` (G-) joins pre (p) to postm (n): V = pre - post- reaches SET only
//   when a pre spike meets a post spike's negative tail (dt < 0). Neither
//   sees a RESET-level voltage, so G+ only grows for dt > 0 and G- only for
//   dt < 0: the weight G+ - G- follows the classic window.
#include "netlist/circuit.hpp"
#include "neuro/stdp_setup.hpp"

#include <string>
#include <vector>

namespace memcosim::neuro {

struct StdpPairing {
    double dt = 0.0;     // t_post - t_pre, s
    double state = 0.0;  // initial value of the device's first state (both devices: differential)
};

struct StdpBench {
    netlist::Circuit circuit;
    std::vector<std::string> state_vectors;        // per initial state: the first state of the device (G+)
    std::vector<std::string> minus_state_vectors;  // differential only: the first state of G-
    double stop = 0.0, max_step = 0.0;
};

// Throws InputError for no states, a state outside [0, 1] or a dt that is not finite.
[[nodiscard]] StdpBench stdp_bench(const StdpSetup& setup, double dt, const std::vector<double>& states);

// The time step that resolves the shapes: 1/25 of their shortest part.
[[nodiscard]] double stdp_max_step(const SpikeShape& pre, const SpikeShape& post);

// PWL tolerance of the spike sources, as a fraction of the spike's peak.
inline constexpr double stdp_pwl_tolerance = 1e-3;

}  // namespace memcosim::neuro
