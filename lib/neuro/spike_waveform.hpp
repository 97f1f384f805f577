#pragma once
// Spike shapes used to drive synapses: a rectangle, an exponential tail, and
// the bipolar shape of overlap STDP (a short pulse of one polarity followed
// by a slowly decaying tail of the other, so pre and post spikes that overlap
// put a larger voltage across the synapse than either alone).
//
// Every shape is a continuous function of time: its jumps are linear edges of
// duration `edge`, so a PWL source can follow it exactly at the corners and
// the only PWL error is the chord error on the exponential parts.
#include "netlist/circuit.hpp"

namespace memcosim::neuro {

enum class SpikeShapeKind { rectangular, exponential, bipolar };

struct SpikeShape {
    SpikeShapeKind kind = SpikeShapeKind::rectangular;
    // rectangular: rise over [0, edge], hold `amplitude` for `width`, fall over `edge`.
    // exponential: rise over [0, edge] to `amplitude`, then amplitude * exp(-(t - edge) / tau).
    double amplitude = 1.0;  // volts (or amperes: the shapes do not care)
    double width = 1e-6;     // s, > 0
    double tau = 1e-6;       // s, > 0
    // bipolar: rise to +a_plus, hold for t_plus, move to -a_minus over `edge`,
    // then -a_minus * exp(-(t - t_tail) / tau_minus), t_tail = 2 edge + t_plus.
    double a_plus = 1.0, t_plus = 1e-6;      // V, s
    double a_minus = 0.3, tau_minus = 20e-6;  // V (magnitude, >= 0), s
    double edge = 1e-9;  // s, > 0: rise/fall time of every jump
};

// Throws InputError (naming the parameter and the rule) unless every width,
// time constant and edge is finite and > 0 and amplitudes are finite
// (a_minus >= 0: its sign is fixed by the shape).
void validate(const SpikeShape& shape);

// The shape's value at time t after the spike starts (0 for t < 0).
[[nodiscard]] double spike_value(const SpikeShape& shape, double t);

// Largest |value| of the shape: the scale a relative tolerance refers to.
[[nodiscard]] double spike_peak(const SpikeShape& shape);

// Time after which the PWL is 0: the end of the fall edge, or where an
// exponential tail has decayed below `tolerance`.
[[nodiscard]] double spike_duration(const SpikeShape& shape, double tolerance);

// The shape as a PWL starting at t = 0, within `tolerance` (absolute) of
// spike_value() everywhere: corners are exact, exponential parts are sampled
// with chords of error h^2 |f''| / 8 <= tolerance, and the tail is cut to 0
// once below tolerance. Throws InputError if tolerance <= 0.
[[nodiscard]] netlist::PiecewiseLinear spike_pwl(const SpikeShape& shape, double tolerance);

// Integral of spike_value over [0, inf): exact, for charge/flux checks.
[[nodiscard]] double spike_integral(const SpikeShape& shape);

}  // namespace memcosim::neuro
