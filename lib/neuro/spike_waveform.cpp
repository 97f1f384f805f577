#include "neuro/spike_waveform.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {
namespace {

void require_positive(double value, const char* name) {
    if (!std::isfinite(value) || value <= 0.0)
        throw InputError(fmt::format("spike shape: {} must be a finite number > 0, got {}", name, value));
}
void require_finite(double value, const char* name) {
    if (!std::isfinite(value))
        throw InputError(fmt::format("spike shape: {} must be a finite number, got {}", name, value));
}

// Linear ramp from a to b over [t0, t0 + edge].
double ramp(double a, double b, double t, double t0, double edge) { return a + (b - a) * (t - t0) / edge; }

// The single exponential part of a shape: value(t) = start * exp(-(t - t0) / tau) for t >= t0.
struct Tail {
    double t0, start, tau;
};
Tail tail_of(const SpikeShape& s) {
    if (s.kind == SpikeShapeKind::exponential) return {s.edge, s.amplitude, s.tau};
    return {2.0 * s.edge + s.t_plus, -s.a_minus, s.tau_minus};  // bipolar
}

}  // namespace

void validate(const SpikeShape& s) {
    require_positive(s.edge, "edge");
    switch (s.kind) {
    case SpikeShapeKind::rectangular:
        require_finite(s.amplitude, "amplitude");
        require_positive(s.width, "width");
        break;
    case SpikeShapeKind::exponential:
        require_finite(s.amplitude, "amplitude");
        require_positive(s.tau, "tau");
        break;
    case SpikeShapeKind::bipolar:
        require_finite(s.a_plus, "a_plus");
        require_positive(s.t_plus, "t_plus");
        require_finite(s.a_minus, "a_minus");
        if (s.a_minus < 0.0)
            throw InputError(fmt::format("spike shape: a_minus is a magnitude and must be >= 0, got {}", s.a_minus));
        require_positive(s.tau_minus, "tau_minus");
        break;
    }
}

double spike_value(const SpikeShape& s, double t) {
    if (t <= 0.0) return 0.0;
    const double e = s.edge;
    switch (s.kind) {
    case SpikeShapeKind::rectangular:
        if (t < e) return ramp(0.0, s.amplitude, t, 0.0, e);
        if (t < e + s.width) return s.amplitude;
        if (t < 2.0 * e + s.width) return ramp(s.amplitude, 0.0, t, e + s.width, e);
        return 0.0;
    case SpikeShapeKind::exponential:
        if (t < e) return ramp(0.0, s.amplitude, t, 0.0, e);
        return s.amplitude * std::exp(-(t - e) / s.tau);
    case SpikeShapeKind::bipolar:
        if (t < e) return ramp(0.0, s.a_plus, t, 0.0, e);
        if (t < e + s.t_plus) return s.a_plus;
        if (t < 2.0 * e + s.t_plus) return ramp(s.a_plus, -s.a_minus, t, e + s.t_plus, e);
        return -s.a_minus * std::exp(-(t - 2.0 * e - s.t_plus) / s.tau_minus);
    }
    return 0.0;
}

double spike_peak(const SpikeShape& s) {
    switch (s.kind) {
    case SpikeShapeKind::rectangular:
    case SpikeShapeKind::exponential: return std::abs(s.amplitude);
    case SpikeShapeKind::bipolar: return std::max(std::abs(s.a_plus), s.a_minus);
    }
    return 0.0;
}

double spike_duration(const SpikeShape& s, double tolerance) {
    if (s.kind == SpikeShapeKind::rectangular) return 2.0 * s.edge + s.width;
    const Tail tail = tail_of(s);
    const double start = std::abs(tail.start);
    // |start| exp(-x / tau) < tolerance  <=>  x > tau ln(|start| / tolerance).
    const double decay = start > tolerance ? tail.tau * std::log(start / tolerance) : 0.0;
    return tail.t0 + decay;
}

netlist::PiecewiseLinear spike_pwl(const SpikeShape& s, double tolerance) {
    validate(s);
    if (!std::isfinite(tolerance) || tolerance <= 0.0)
        throw InputError(fmt::format("spike shape: PWL tolerance must be > 0, got {}", tolerance));
    netlist::PiecewiseLinear pwl;
    auto add = [&](double t) { pwl.points.emplace_back(t, spike_value(s, t)); };
    add(0.0);
    add(s.edge);
    if (s.kind == SpikeShapeKind::rectangular) {
        add(s.edge + s.width);
        add(2.0 * s.edge + s.width);
        return pwl;
    }
    if (s.kind == SpikeShapeKind::bipolar) add(s.edge + s.t_plus);
    // Exponential part: chord error on [t, t+h] is at most h^2 |f(t)| / (8 tau^2)
    // because |f''| = |f| / tau^2 is largest at the segment's start.
    const Tail tail = tail_of(s);
    const double end = spike_duration(s, tolerance);
    double t = tail.t0;
    if (pwl.points.back().first < t) add(t);
    while (t < end) {
        const double f = std::abs(spike_value(s, t));
        const double h = tail.tau * std::sqrt(8.0 * tolerance / std::max(f, tolerance));
        t = std::min(t + h, end);
        add(t);
    }
    // Below tolerance from here on: end at exactly 0 so trains can add up cleanly.
    pwl.points.emplace_back(end + s.edge, 0.0);
    return pwl;
}

double spike_integral(const SpikeShape& s) {
    const double e = s.edge;
    switch (s.kind) {
    case SpikeShapeKind::rectangular: return s.amplitude * (s.width + e);
    case SpikeShapeKind::exponential: return s.amplitude * (0.5 * e + s.tau);
    case SpikeShapeKind::bipolar:
        // rise triangle + plateau + transition trapezoid + tail.
        return s.a_plus * 0.5 * e + s.a_plus * s.t_plus + 0.5 * (s.a_plus - s.a_minus) * e - s.a_minus * s.tau_minus;
    }
    return 0.0;
}

}  // namespace memcosim::neuro
