#pragma once
// Event-driven LIF neuron: between events (input changes, threshold
// crossings, end of refractory period) the membrane equation
// Cm dV/dt = I - V/Rm with constant I is solved exactly,
//   V(t) = V_inf + (V0 - V_inf) exp(-t / tau),  V_inf = Rm I,
// and the crossing time of V_th is found in closed form, so spike times carry
// no time-step error at all.
#include "neuro/lif_parameters.hpp"

#include <vector>

namespace memcosim::neuro {

class LifNeuron {
public:
    explicit LifNeuron(const LifParameters& parameters);  // validates; starts at v_reset, not refractory

    // Advances by `duration` seconds with constant input `current` (A),
    // appending the absolute time of every spike to `spikes`.
    void advance(double current, double duration, std::vector<double>& spikes);

    [[nodiscard]] double time() const { return time_; }
    [[nodiscard]] double voltage() const { return voltage_; }
    [[nodiscard]] bool refractory() const { return refractory_left_ > 0.0; }

private:
    LifParameters p_;
    double time_ = 0.0;
    double voltage_ = 0.0;
    double refractory_left_ = 0.0;  // s still clamped at v_reset
};

// Spike times over [0, stop] for a constant current from rest.
[[nodiscard]] std::vector<double> lif_spike_times(const LifParameters& parameters, double current, double stop);

}  // namespace memcosim::neuro
