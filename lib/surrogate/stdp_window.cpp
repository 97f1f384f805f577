#include "surrogate/stdp_window.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace memcosim::surrogate {

double StdpWindowSide::tail(double age) const {
    const double above = std::max(std::exp(-age / tau) - cutoff, 0.0) / (1.0 - cutoff);
    return std::pow(above, power);
}

// (1/rise) * integral of tail(a) over [max(u - rise, 0), u], cut where the
// tail has reached 0, by 8-point Gauss-Legendre.
double StdpWindowSide::shape(double u) const {
    if (u <= 0.0) return 0.0;
    const double lo = std::max(u - rise, 0.0);
    const double hi = std::min(u, tau * std::log(1.0 / std::max(cutoff, 1e-300)));
    if (hi <= lo) return 0.0;
    static constexpr std::array<double, 4> nodes{0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                                                 0.9602898564975363};
    static constexpr std::array<double, 4> weights{0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                                                   0.1012285362903763};
    const double middle = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    double sum = 0.0;
    for (std::size_t k = 0; k < nodes.size(); ++k)
        sum += weights[k] * (tail(middle - half * nodes[k]) + tail(middle + half * nodes[k]));
    return sum * half / rise;
}

double StdpWindowSide::reach() const {
    if (cutoff <= 0.0) return INFINITY;
    return rise + tau * std::log(1.0 / cutoff);
}

double StdpWindowSide::scale(double g) const {
    double value = 0.0, power_of_g = 1.0;
    for (double b : bound) {
        value += b * power_of_g;
        power_of_g *= g;
    }
    return std::max(value, 0.0);
}

double StdpWindow::delta_g(double dt, double g) const {
    const double x = normalized(g);
    if (dt > 0.0) return potentiation.shape(dt) * potentiation.scale(x);
    if (dt < 0.0) return -depression.shape(-dt) * depression.scale(x);
    return 0.0;
}

double StdpWindow::apply(double dt, double g) const {
    return std::clamp(g + delta_g(dt, g), std::min(g_min, g_max), std::max(g_min, g_max));
}

}  // namespace memcosim::surrogate
