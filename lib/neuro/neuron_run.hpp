#pragma once
// Runs a neuron bench (neuron_bench.hpp) in ngspice and reads back what the
// neuron did: its trace, spike times, the firing rate and the synapses'
// states and conductances before and after.
#include "neuro/neuron_bench.hpp"
#include "spice/engine.hpp"

#include <vector>

namespace memcosim::neuro {

struct NeuronTrace {
    std::vector<double> time;
    std::vector<double> membrane;    // V: lif v(mem); opamp -v(vout)
    std::vector<double> dendrite;    // V: the synapses' bottom electrodes v(post)
    std::vector<double> refractory;  // 0 / 1: v(dead)
    std::vector<double> output;      // opamp only: the integrator output v(vout)
};

struct NeuronRun {
    NeuronTrace trace;
    std::vector<double> spike_times;                // rising edges of v(dead) at 0.5 V: the threshold crossings
    std::vector<double> initial_states, final_states;
    std::vector<double> initial_conductance, final_conductance;  // S, read at neuron_read_voltage
    double seconds = 0.0;                           // wall time of the ngspice run
};

// Conductances are I(v_read, x) / v_read of the model's C++ evaluator.
inline constexpr double neuron_read_voltage = 0.1;

// Throws SpiceError if ngspice fails.
[[nodiscard]] NeuronRun run_neuron_bench(const NeuronBenchSpec& spec, const NeuronBench& bench,
                                         spice::Engine& engine);

// (n - 1) / (t_last - t_first): the rate of the intervals between spikes;
// 0 with fewer than 2 spikes.
[[nodiscard]] double firing_rate(const std::vector<double>& spike_times);

// Linear-interpolated times where `value` rises through `level`.
[[nodiscard]] std::vector<double> rising_edges(const std::vector<double>& time, const std::vector<double>& value,
                                               double level);

}  // namespace memcosim::neuro
