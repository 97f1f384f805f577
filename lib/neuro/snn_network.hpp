#pragma once
// A small spiking network on memristor synapses, described once for both
// engines (neuro/snn_spice.hpp, neuro/snn_surrogate.hpp):
//
//   `inputs` input neurons, each a Poisson spike train (with a dead time of
//   one spike duration, so an input's spikes never overlap), drive the top
//   electrodes; `neurons` LIF neurons each own a bottom electrode (a column).
//   Synapse (i, j) is one device between input i and column j, oriented as
//   in the STDP overlap bench (neuro/stdp_setup.hpp).
//   A neuron integrates the current its synapses pass while the inputs'
//   positive pulses are on (negative currents are not integrated: the
//   neuron's input is a rectifying virtual ground); when it fires it drives
//   the post spike onto its column for its refractory period, which lasts the
//   whole post spike (t_plus + 2 edge + 5 tau_minus), so its own post spike's
//   tail is never integrated. Plasticity is the device's own response to the
//   overlapping pre and post waveforms.
#include "neuro/lif_parameters.hpp"
#include "neuro/stdp_setup.hpp"

#include <cstdint>
#include <vector>

namespace memcosim::neuro {

struct SnnRequest {
    int inputs = 8, neurons = 2;
    double duration = 0.2;  // s
    double rate = 20.0;     // Hz per input (mean of the Poisson part)
    std::uint64_t seed = 1;
    double state_min = 0.35, state_max = 0.65;  // initial synapse states, uniform
    double tau_membrane = 20e-3;                // s
    double v_threshold = 1.0;                   // V
    double kick = 0.25;  // V: membrane step of one pre spike through a mid-range synapse (without leak)
};

struct SnnNetwork {
    StdpSetup synapse;  // device model and the pre / post spike shapes (bipolar)
    LifParameters neuron;
    double current_gain = 1.0;    // membrane current per ampere of synaptic current
    double pulse_length = 0.0;    // s: the pre spike's positive part as an equivalent rectangle
    double iv_ratio = 1.0;        // I(a_plus) / (a_plus G): the I-V's departure from G = I/V at the read voltage
    int inputs = 0, neurons = 0;
    double duration = 0.0;
    std::vector<std::vector<double>> input_spikes;  // per input, increasing
    std::vector<double> initial_states;             // row-major inputs x neurons
};

struct SnnResult {
    std::vector<std::vector<double>> output_spikes;  // per neuron
    std::vector<double> initial_g, final_g;          // row-major inputs x neurons, S
    double seconds = 0.0;                             // wall time of the simulation
};

// Poisson trains: intervals = dead_time + exponential(mean 1/rate). Fixed seed.
[[nodiscard]] std::vector<std::vector<double>> poisson_trains(int count, double rate, double duration,
                                                              double dead_time, std::uint64_t seed);

// The whole post spike: the neuron's refractory period.
[[nodiscard]] double post_spike_length(const SpikeShape& post);
// The pre spike's support (its tail cut at 1e-3 of its peak): the inputs' dead time.
[[nodiscard]] double pre_spike_length(const SpikeShape& pre);
inline constexpr double snn_pwl_tolerance = 1e-3;  // of the pre spike peak

// Checks the request (InputError naming the flag) and builds the network.
[[nodiscard]] SnnNetwork make_snn(const StdpSetup& synapse, const SnnRequest& request);

}  // namespace memcosim::neuro
