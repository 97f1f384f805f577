#include "neuro/stdp_gate_waveform.hpp"

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {
namespace {

double cut_length(double amplitude, double tau, double tolerance) {
    return amplitude > tolerance ? tau * std::log(amplitude / tolerance) : 0.0;
}

// Adds chords along start * exp(+-(t - t0) / tau) from t0 to t1 (t0 < t1),
// each with error h^2 |f| / (8 tau^2) <= tolerance; the point at t0 is
// already in the PWL.
void add_exponential(netlist::PiecewiseLinear& pwl, double t0, double t1, double tau, double tolerance,
                     const auto& value) {
    double t = t0;
    while (t < t1) {
        const double f = std::max(std::abs(value(t)), std::abs(value(std::min(t1, t + tau))));
        const double h = tau * std::sqrt(8.0 * tolerance / std::max(f, tolerance));
        t = std::min(t + h, t1);
        pwl.points.emplace_back(t, value(t));
    }
}

}  // namespace

GateTiming gate_timing(const SpikeShape& gate, const SpikeShape& post, double tolerance) {
    GateTiming timing;
    timing.half_gap = 0.5 * gate.width + gate.edge;
    timing.lead = timing.half_gap + 2.0 * post.edge + cut_length(post.a_plus, post.t_plus, tolerance);
    timing.tail = timing.half_gap + post.edge + cut_length(post.a_minus, post.tau_minus, tolerance);
    return timing;
}

double gate_post_value(const SpikeShape& gate, const SpikeShape& post, double sigma) {
    const double h = 0.5 * gate.width + gate.edge, e = post.edge;
    const double s_peak = -(h + e);
    if (sigma <= s_peak) return post.a_plus * std::exp((sigma - s_peak) / post.t_plus);
    if (sigma < -h) return post.a_plus * (-h - sigma) / e;
    if (sigma <= h) return 0.0;
    if (sigma < h + e) return -post.a_minus * (sigma - h) / e;
    return -post.a_minus * std::exp(-(sigma - h - e) / post.tau_minus);
}

netlist::PiecewiseLinear gate_post_pwl(const SpikeShape& gate, const SpikeShape& post, double t_post,
                                       double tolerance) {
    const GateTiming timing = gate_timing(gate, post, tolerance);
    const double h = timing.half_gap, e = post.edge;
    auto value = [&](double t) { return gate_post_value(gate, post, t - t_post); };
    netlist::PiecewiseLinear pwl;
    const double lead_start = t_post - timing.lead + e;  // the lead is cut here, reached by a ramp from 0
    pwl.points.emplace_back(lead_start - e, 0.0);
    pwl.points.emplace_back(lead_start, value(lead_start));
    add_exponential(pwl, lead_start, t_post - h - e, post.t_plus, tolerance, value);
    pwl.points.emplace_back(t_post - h, 0.0);
    pwl.points.emplace_back(t_post + h, 0.0);
    pwl.points.emplace_back(t_post + h + e, -post.a_minus);
    const double tail_end = t_post + timing.tail;
    add_exponential(pwl, t_post + h + e, tail_end, post.tau_minus, tolerance, value);
    pwl.points.emplace_back(tail_end + e, 0.0);
    return pwl;
}

netlist::PiecewiseLinear gate_pulse_pwl(const SpikeShape& gate, double t_pre) {
    const double start = t_pre - 0.5 * gate.width - gate.edge;
    netlist::PiecewiseLinear pwl;
    pwl.points = {{start, 0.0},
                  {start + gate.edge, gate.amplitude},
                  {start + gate.edge + gate.width, gate.amplitude},
                  {start + 2.0 * gate.edge + gate.width, 0.0}};
    return pwl;
}

}  // namespace memcosim::neuro
