#pragma once
// Parameters of a leaky integrate-and-fire neuron, shared by the SPICE
// element (lif_netlist) and the event-driven C++ model (lif_model) so the two
// are always the same neuron.
//
//   Cm dV/dt = I - V / Rm;  V >= v_threshold  ->  spike, V = v_reset and held
//   there for t_refractory.
namespace memcosim::neuro {

struct LifParameters {
    double capacitance = 1e-12;   // Cm, F, > 0
    double resistance = 1e6;      // Rm, ohm, > 0
    double v_threshold = 0.5;     // V, > v_reset
    double v_reset = 0.0;         // V, also the start value
    double t_refractory = 1e-6;   // s, > 0
    [[nodiscard]] double tau() const { return capacitance * resistance; }
};

// Throws InputError naming the first parameter out of range.
void validate(const LifParameters& p);

// Firing rate for a constant input current from rest at v_reset:
// f = 1 / (t_ref + tau ln((R I - v_reset) / (R I - V_th))), 0 when R I <= V_th
// (the membrane only approaches R I and never reaches the threshold).
[[nodiscard]] double lif_rate(const LifParameters& p, double current);

}  // namespace memcosim::neuro
