#pragma once
// The STDP test bench of one timing difference: one netlist per dt, with one
// device per initial state. (One netlist for a whole window was tried: every
// post source adds its PWL corners as breakpoints for all devices, so the
// cost grew with the square of the number of points - 45 s for 81 points
// against about 2 s as separate runs.)
//
// Overlap scheme: the pre source drives the top electrode `pre` with one pre
// spike at t0; the post source drives the bottom electrode `post` with one
// post spike at t0 + dt; device `x<n>` (the model's dynamic subcircuit, its
// first state's initial parameter set to state n) joins post (p, SET side)
// to pre (n). Devices do not load each other: both electrodes are ideal
// sources.
#include "netlist/circuit.hpp"
#include "neuro/stdp_setup.hpp"

#include <string>
#include <vector>

namespace memcosim::neuro {

struct StdpPairing {
    double dt = 0.0;     // t_post - t_pre, s
    double state = 0.0;  // initial value of the device's first state
};

struct StdpBench {
    netlist::Circuit circuit;
    std::vector<std::string> state_vectors;  // per initial state: the ngspice vector of the device's first state
    double stop = 0.0, max_step = 0.0;
};

// Throws InputError for no states, a state outside [0, 1] or a dt that is not finite.
[[nodiscard]] StdpBench stdp_bench(const StdpSetup& setup, double dt, const std::vector<double>& states);

// The time step that resolves the shapes: 1/25 of their shortest part.
[[nodiscard]] double stdp_max_step(const SpikeShape& pre, const SpikeShape& post);

}  // namespace memcosim::neuro
