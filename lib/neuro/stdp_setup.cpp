#include "neuro/stdp_setup.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "neuro/spike_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

void fill_amplitudes(SpikeShape& shape, std::string_view spec, double threshold) {
    if (shape.kind == SpikeShapeKind::bipolar) {
        if (!spec_sets(spec, "a_plus")) shape.a_plus = auto_a_plus * threshold;
        if (!spec_sets(spec, "a_minus")) shape.a_minus = auto_a_minus * threshold;
    } else if (!spec_sets(spec, "amplitude")) {
        shape.amplitude = auto_a_plus * threshold;
    }
}

void require_thresholds(const StdpSetup& s) {
    const auto& name = s.device.model.name();
    if (!s.thresholds.set || !s.thresholds.reset) {
        throw InputError(fmt::format(
            "stdp: model '{}' has no {} threshold (its state moves at any {} voltage); the {} scheme needs a model "
            "with both SET and RESET thresholds so that a single spike programs nothing (e.g. vteam, yakopcic)",
            name, !s.thresholds.set ? "SET" : "RESET", !s.thresholds.set ? "positive" : "negative",
            to_string(s.scheme)));
    }
}

// V(p,n) = post - pre: the post spike's positive part and the pre spike's
// negative part push towards SET, the others towards RESET.
void check_overlap_amplitudes(const StdpSetup& s, std::string_view pre_spec, std::string_view post_spec) {
    const double set = *s.thresholds.set, reset = *s.thresholds.reset;
    const Extremes pre = extremes(s.pre), post = extremes(s.post);
    auto alone = [&](double value, double threshold, std::string_view spec, const char* what, const char* side) {
        if (value >= threshold)
            throw InputError(fmt::format(
                "stdp: spike '{}' alone puts {} V across the device, at or above the model's {} threshold {} V: a "
                "single {} spike would program the device; choose amplitudes below {} V",
                spec, value, side, threshold, what, std::min(set, reset)));
    };
    alone(post.positive, set, post_spec, "post", "SET");
    alone(pre.negative, set, pre_spec, "pre", "SET");
    alone(pre.positive, reset, pre_spec, "pre", "RESET");
    alone(post.negative, reset, post_spec, "post", "RESET");
    if (post.positive + pre.negative <= set && pre.positive + post.negative <= reset)
        throw InputError(fmt::format("stdp: the spikes '{}' and '{}' stay below the thresholds (SET {} V, RESET {} V) "
                                     "even where they overlap: no timing difference programs the device",
                                     pre_spec, post_spec, set, reset));
}

}  // namespace

StdpScheme parse_stdp_scheme(const std::string& text) {
    if (text == "overlap") return StdpScheme::overlap;
    throw InputError(fmt::format("unknown STDP scheme '{}': expected overlap", text));
}

const char* to_string(StdpScheme) { return "overlap"; }

bool spec_sets(std::string_view spec, std::string_view key) {
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view rest = spec.substr(colon + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (item.substr(0, item.find('=')) == key) return true;
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return false;
}

StdpSetup make_stdp_setup(experiments::DeviceUnderTest device, StdpScheme scheme, std::string_view pre_spec,
                          std::string_view post_spec) {
    StdpSetup s{std::move(device), scheme, parse_spike_spec(pre_spec), parse_spike_spec(post_spec), {}, 0.0};
    if (s.device.model.state_count() == 0)
        throw InputError(fmt::format("stdp: model '{}' has no state: it cannot learn", s.device.model.name()));
    if (s.device.model.states()[0].initial_parameter.empty())
        throw InputError(fmt::format("stdp: model '{}': its first state has no initial-value parameter to set",
                                     s.device.model.name()));
    const auto values = models::resolve_parameters(s.device.model, s.device.parameters);
    s.thresholds = find_switching_thresholds(s.device.model, values);
    require_thresholds(s);
    const double lower = std::min(*s.thresholds.set, *s.thresholds.reset);
    fill_amplitudes(s.pre, pre_spec, lower);
    fill_amplitudes(s.post, post_spec, lower);
    validate(s.pre);
    validate(s.post);
    check_overlap_amplitudes(s, pre_spec, post_spec);
    s.v_read = read_fraction * lower;
    return s;
}

ConductanceReader::ConductanceReader(const StdpSetup& setup)
    : evaluator_(std::make_unique<models::Evaluator>(
          setup.device.model, models::resolve_parameters(setup.device.model, setup.device.parameters))),
      states_(evaluator_->initial_states().begin(), evaluator_->initial_states().end()),
      v_read_(setup.v_read) {}

ConductanceReader::~ConductanceReader() = default;

double ConductanceReader::conductance(double state) {
    states_[0] = state;
    return evaluator_->evaluate(v_read_, states_).current / v_read_;
}

double ConductanceReader::state_for(double g) {
    double lo = 0.0, hi = 1.0;
    const double g_lo = conductance(lo), g_hi = conductance(hi);
    if (g < std::min(g_lo, g_hi) || g > std::max(g_lo, g_hi))
        throw InputError(fmt::format("conductance {} S is outside the device's range [{}, {}] S", g,
                                     std::min(g_lo, g_hi), std::max(g_lo, g_hi)));
    const bool rising = g_hi > g_lo;
    for (int k = 0; k < 60; ++k) {
        const double middle = 0.5 * (lo + hi);
        ((conductance(middle) < g) == rising ? lo : hi) = middle;
    }
    return 0.5 * (lo + hi);
}

}  // namespace memcosim::neuro
