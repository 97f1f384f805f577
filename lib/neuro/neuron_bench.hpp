#pragma once
// Test bench of one neuron with N memristive synapses (`memcosim gen neuron`,
// `memcosim neuron`).
//
//   input i: an ideal voltage source drives the top electrode `pre<i>` with
//            its spike train (0 V without spikes);
//   synapse i: the model's dynamic subcircuit `xs<i>` between the dendrite
//            `post` (its p terminal: SET side, as in the STDP overlap bench,
//            V(p,n) = V_post - V_pre) and `pre<i>`;
//   bias:    optional constant current `ibias` into the dendrite (the input
//            current of the closed-form rate);
//   neuron:  opamp (opamp_neuron.hpp): the dendrite is the switched input of
//            the integrator; or lif (lif_netlist.hpp): the dendrite is held
//            by a 0 V sense source `vsense` on the post-spike generator and
//            the sensed current (synapses + bias) feeds the LIF membrane.
//            Both play the post spike onto the dendrite when they fire.
//
// Vectors: time; v(post) the bottom electrodes; v(dead) 1 V while refractory
// (0 otherwise); opamp: v(vout) the integrator output (membrane = -v(vout));
// lif: v(mem) the membrane; xs<i>.<state node> the synapse states.
// Runs need `.tran ... uic` (the bench has it) and the `.ic` lines of lines().
#include "models/device_model.hpp"
#include "models/parameter_overrides.hpp"
#include "netlist/circuit.hpp"
#include "neuro/lif_parameters.hpp"
#include "neuro/opamp_neuron.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace memcosim::neuro {

enum class NeuronType { lif, opamp };

// "lif" / "opamp" -> type; InputError listing the types otherwise.
[[nodiscard]] NeuronType parse_neuron_type(const std::string& text);
[[nodiscard]] const char* to_string(NeuronType type);

struct NeuronSynapse {
    models::DeviceModel model;                   // a memristive model (at least one state)
    models::ParameterOverrides parameters;
};

// The model has no default, so it is given first: NeuronBenchSpec spec{{model, overrides}};
struct NeuronBenchSpec {
    explicit NeuronBenchSpec(NeuronSynapse synapse) : device(std::move(synapse)) {}
    NeuronSynapse device;                        // the synapse model
    NeuronType type = NeuronType::opamp;
    int synapses = 1;                            // N >= 1
    std::vector<double> initial_states;          // first state per synapse; empty: the model's default
    SpikeShape pre = default_neuron_spike();     // input spike shape
    SpikeShape post = default_neuron_spike();    // the neuron's spike
    std::vector<std::vector<double>> input_spikes;  // per synapse (empty: no spikes at all)
    double bias_current = 0.0;                   // A into the dendrite
    OpampNeuronParameters opamp;                 // type opamp (its spike is replaced by `post`)
    LifParameters lif;                           // type lif
    double duration = 10e-6;                     // s
    double max_step = 0.0;                       // s; 0: automatic (see neuron_max_step)
};

struct NeuronBench {
    netlist::Circuit circuit;
    std::vector<std::string> ic_lines;        // `.ic` of the synapse states (uic would start them at 0)
    std::vector<std::string> state_vectors;   // per synapse
    std::vector<double> initial_states;       // per synapse
    double max_step = 0.0;
    // The netlist: the circuit's lines with the .ic lines before .end.
    [[nodiscard]] std::vector<std::string> lines() const;
};

// The step that resolves the spikes (1/25 of their shortest part) and bounds
// the late detection of a threshold crossing (1/1000 of tau and t_ref).
[[nodiscard]] double neuron_max_step(const NeuronBenchSpec& spec);

// Checks the spec (InputError naming what is wrong: N < 1, spikes for a
// different number of inputs, states outside [0, 1], bad neuron parameters,
// a post spike longer than the refractory period) and builds the bench.
[[nodiscard]] NeuronBench neuron_bench(const NeuronBenchSpec& spec);

// Poisson spike trains, one per input, mean rate `rate` (Hz) on top of a dead
// time (so an input's spikes never overlap), in [0, duration). Fixed seed.
[[nodiscard]] std::vector<std::vector<double>> neuron_input_trains(int count, double rate, double duration,
                                                                   double dead_time, std::uint64_t seed);

}  // namespace memcosim::neuro
