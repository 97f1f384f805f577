#pragma once
// The STDP window surrogate: the conductance change of one pre/post spike
// pair as a function of the timing difference dt = t_post - t_pre and of the
// present conductance G, fitted to SPICE (surrogate/stdp_fit.hpp).
//
//   dG(dt, G) = +h_plus(dt)   * P_plus(g)     dt > 0 (potentiation)
//             = -h_minus(-dt) * P_minus(g)    dt < 0 (depression)
//   g = (G - g_min) / (g_max - g_min)         G normalized to the device range
//   h(u) = (1 / rise) * integral over a in [max(u - rise, 0), u] of s(a)^power
//   s(a) = max(exp(-a / tau) - cutoff, 0) / (1 - cutoff)
//   P(g) = max(0, sum_k bound[k] g^k)         dependence on the present G (soft bounds)
//
// Why this form: with bipolar spikes one spike's positive part (length rise)
// overlaps the other's tail at ages a in [u - rise, u], where the device sees
// a_plus + a_minus e^(-a/tau); its rate there grows like the excess over the
// threshold raised to the power of its rate law (power), and vanishes where
// the tail no longer lifts the voltage over the threshold (cutoff). The
// change is the integral of that rate over the overlap: it grows from 0 while
// the positive part only partly overlaps (u < rise), peaks at u = rise and
// decays after. A+ and A- are the peaks of the two halves at the middle of
// the fitted conductance range.
#include <vector>

namespace memcosim::surrogate {

struct StdpWindowSide {
    double tau = 0.0;      // s, > 0
    double cutoff = 0.0;   // [0, 1)
    double power = 1.0;    // > 0
    double rise = 0.0;     // s, > 0
    std::vector<double> bound;  // P(g) coefficients, g^0 first; S

    // s(a)^power: the rate factor at tail age a.
    [[nodiscard]] double tail(double age) const;
    // h(u) for u >= 0 (0 at u = 0, peak at u = rise, at most 1).
    [[nodiscard]] double shape(double u) const;
    // Largest u with h(u) > 0: where the window ends.
    [[nodiscard]] double reach() const;
    [[nodiscard]] double scale(double g) const;  // P(g), >= 0
};

struct StdpWindow {
    StdpWindowSide potentiation, depression;
    double g_min = 0.0, g_max = 1.0;  // S: the normalization of G (the device's range)

    [[nodiscard]] double normalized(double g) const { return (g - g_min) / (g_max - g_min); }
    // dG for one pair at present conductance g (not clipped to the range).
    [[nodiscard]] double delta_g(double dt, double g) const;
    // The new conductance, kept inside [g_min, g_max].
    [[nodiscard]] double apply(double dt, double g) const;
};

}  // namespace memcosim::surrogate
