#include "neuro/stdp_setup.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "neuro/spike_spec.hpp"
#include "neuro/stdp_amplitudes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {
namespace {

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

}  // namespace

StdpScheme parse_stdp_scheme(const std::string& text) {
    if (text == "overlap") return StdpScheme::overlap;
    if (text == "gate") return StdpScheme::gate;
    if (text == "differential") return StdpScheme::differential;
    throw InputError(fmt::format("unknown STDP scheme '{}': expected overlap, gate or differential", text));
}

const char* to_string(StdpScheme scheme) {
    switch (scheme) {
    case StdpScheme::overlap: return "overlap";
    case StdpScheme::gate: return "gate";
    case StdpScheme::differential: return "differential";
    }
    return "overlap";
}

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
                          std::string_view post_spec, const std::string& transistor) {
    StdpSetup s{std::move(device), scheme, parse_spike_spec(pre_spec), parse_spike_spec(post_spec), {}, 0.0, {}, {}};
    if (scheme == StdpScheme::gate) {
        s.transistor = experiments::load_transistor_card(transistor);
        s.transistor_spec = transistor;
    }
    if (s.device.model.state_count() == 0)
        throw InputError(fmt::format("stdp: model '{}' has no state: it cannot learn", s.device.model.name()));
    if (s.device.model.states()[0].initial_parameter.empty())
        throw InputError(fmt::format("stdp: model '{}': its first state has no initial-value parameter to set",
                                     s.device.model.name()));
    const auto values = models::resolve_parameters(s.device.model, s.device.parameters);
    s.thresholds = find_switching_thresholds(s.device.model, values);
    require_thresholds(s);
    const double lower = std::min(*s.thresholds.set, *s.thresholds.reset);
    settle_amplitudes(s, pre_spec, post_spec);
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
