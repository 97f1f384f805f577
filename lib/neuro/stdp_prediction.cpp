#include "neuro/stdp_prediction.hpp"

#include <algorithm>

namespace memcosim::neuro {

StdpMeasurement predict_stdp_pairing(const surrogate::StdpWindow& window, StdpScheme scheme,
                                     ConductanceReader& reader, double dt, double state) {
    StdpMeasurement m;
    m.dt = dt;
    m.state_before = state;
    const double g = reader.conductance(state);
    m.window_g = g;
    if (scheme != StdpScheme::differential) {
        m.g_before = g;
        m.g_after = window.apply(dt, g);
        m.state_after = reader.state_for(m.g_after);
        return m;
    }
    const double lo = std::min(window.g_min, window.g_max), hi = std::max(window.g_min, window.g_max);
    m.minus_state_before = state;
    m.plus_g_before = m.minus_g_before = g;
    m.plus_g_after = m.minus_g_after = g;
    if (dt >= 0.0)
        m.plus_g_after = std::clamp(g + window.delta_g(dt, g), lo, hi);
    else
        m.minus_g_after = std::clamp(g - window.delta_g(dt, g), lo, hi);
    m.state_after = reader.state_for(m.plus_g_after);
    m.minus_state_after = reader.state_for(m.minus_g_after);
    m.g_before = 0.0;
    m.g_after = m.plus_g_after - m.minus_g_after;
    return m;
}

}  // namespace memcosim::neuro
