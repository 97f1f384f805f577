#include "neuro/stdp_amplitudes.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace memcosim::neuro {
namespace {

// Largest positive and negative value a shape reaches (negative as a magnitude).
struct Extremes {
    double positive = 0.0, negative = 0.0;
};
Extremes extremes(const SpikeShape& s) {
    if (s.kind == SpikeShapeKind::bipolar) return {std::max(s.a_plus, 0.0), std::max(s.a_minus, -s.a_plus)};
    return {std::max(s.amplitude, 0.0), std::max(-s.amplitude, 0.0)};
}

void fill_two_terminal(SpikeShape& shape, std::string_view spec, double threshold) {
    if (shape.kind == SpikeShapeKind::bipolar) {
        if (!spec_sets(spec, "a_plus")) shape.a_plus = auto_a_plus * threshold;
        if (!spec_sets(spec, "a_minus")) shape.a_minus = auto_a_minus * threshold;
    } else if (!spec_sets(spec, "amplitude")) {
        shape.amplitude = auto_a_plus * threshold;
    }
}

// One voltage a spike puts across a device on its own: it must stay below
// the threshold of that polarity.
void alone(double value, double threshold, std::string_view spec, const char* what, const char* side,
           double lower) {
    if (value >= threshold)
        throw InputError(fmt::format(
            "stdp: spike '{}' alone puts {} V across the device, at or above the model's {} threshold {} V: a "
            "single {} spike would program the device; choose amplitudes below {} V",
            spec, value, side, threshold, what, lower));
}

// V(p,n) = post - pre: the post spike's positive part and the pre spike's
// negative part push towards SET, the others towards RESET.
void check_overlap(const StdpSetup& s, std::string_view pre_spec, std::string_view post_spec) {
    const double set = *s.thresholds.set, reset = *s.thresholds.reset, lower = std::min(set, reset);
    const Extremes pre = extremes(s.pre), post = extremes(s.post);
    alone(post.positive, set, post_spec, "post", "SET", lower);
    alone(pre.negative, set, pre_spec, "pre", "SET", lower);
    alone(pre.positive, reset, pre_spec, "pre", "RESET", lower);
    alone(post.negative, reset, post_spec, "post", "RESET", lower);
    if (post.positive + pre.negative <= set && pre.positive + post.negative <= reset)
        throw InputError(fmt::format("stdp: the spikes '{}' and '{}' stay below the thresholds (SET {} V, RESET {} V) "
                                     "even where they overlap: no timing difference programs the device",
                                     pre_spec, post_spec, set, reset));
}

// Device G+ sees post+ - pre (post+ = the post spike's positive phase),
// device G- sees pre - post- (post- = its negative phase): both only SET.
void check_differential(const StdpSetup& s, std::string_view pre_spec, std::string_view post_spec) {
    const double set = *s.thresholds.set, reset = *s.thresholds.reset, lower = std::min(set, reset);
    const Extremes pre = extremes(s.pre), post = extremes(s.post);
    alone(post.positive, set, post_spec, "post", "SET", lower);   // G+
    alone(pre.negative, set, pre_spec, "pre", "SET", lower);      // G+
    alone(pre.positive, reset, pre_spec, "pre", "RESET", lower);  // G+
    alone(pre.positive, set, pre_spec, "pre", "SET", lower);      // G-
    alone(post.negative, set, post_spec, "post", "SET", lower);   // G-
    alone(pre.negative, reset, pre_spec, "pre", "RESET", lower);  // G-
    if (post.positive + pre.negative <= set)
        throw InputError(fmt::format("stdp differential: the post spike's positive part ({} V) over the pre spike's "
                                     "negative part ({} V) stays below the SET threshold {} V: dt > 0 cannot "
                                     "potentiate G+",
                                     post.positive, pre.negative, set));
    if (pre.positive + post.negative <= set)
        throw InputError(fmt::format("stdp differential: the pre spike's positive part ({} V) over the post spike's "
                                     "negative part ({} V) stays below the SET threshold {} V: dt < 0 cannot "
                                     "raise G-",
                                     pre.positive, post.negative, set));
}

void settle_gate(StdpSetup& s, std::string_view pre_spec, std::string_view post_spec) {
    const auto& card = *s.transistor;
    if (s.pre.kind != SpikeShapeKind::rectangular)
        throw InputError(fmt::format("stdp gate: the pre spike '{}' is the access transistor's gate pulse; use "
                                     "rectangular:amplitude=V_GATE,width=WINDOW",
                                     pre_spec));
    if (s.post.kind != SpikeShapeKind::bipolar)
        throw InputError(fmt::format("stdp gate: the post spike '{}' drives the top electrode and must be bipolar "
                                     "(a_plus, t_plus: rising lead; a_minus, tau_minus: tail)",
                                     post_spec));
    const double set = *s.thresholds.set, reset = *s.thresholds.reset;
    if (!spec_sets(pre_spec, "amplitude")) s.pre.amplitude = card.nominal_gate;
    if (!spec_sets(post_spec, "a_plus")) s.post.a_plus = gate_auto_a_plus * set;
    if (!spec_sets(post_spec, "a_minus")) s.post.a_minus = gate_auto_a_minus * reset;
    if (s.pre.amplitude <= card.threshold_guess())
        throw InputError(fmt::format("stdp gate: the gate pulse of {} V does not open transistor '{}' (threshold {} "
                                     "V): the device can never be programmed",
                                     s.pre.amplitude, card.label, card.threshold_guess()));
    if (s.post.a_plus <= set)
        throw InputError(fmt::format("stdp gate: the post spike's positive phase a_plus = {} V is not above the SET "
                                     "threshold {} V: even through an open gate it cannot potentiate",
                                     s.post.a_plus, set));
    if (s.post.a_minus <= reset)
        throw InputError(fmt::format("stdp gate: the post spike's negative phase a_minus = {} V is not above the "
                                     "RESET threshold {} V: even through an open gate it cannot depress",
                                     s.post.a_minus, reset));
}

}  // namespace

void settle_amplitudes(StdpSetup& s, std::string_view pre_spec, std::string_view post_spec) {
    if (s.scheme == StdpScheme::gate) {
        settle_gate(s, pre_spec, post_spec);
        validate(s.pre);
        validate(s.post);
        return;
    }
    const double lower = std::min(*s.thresholds.set, *s.thresholds.reset);
    fill_two_terminal(s.pre, pre_spec, lower);
    fill_two_terminal(s.post, post_spec, lower);
    validate(s.pre);
    validate(s.post);
    if (s.scheme == StdpScheme::differential)
        check_differential(s, pre_spec, post_spec);
    else
        check_overlap(s, pre_spec, post_spec);
}

}  // namespace memcosim::neuro
