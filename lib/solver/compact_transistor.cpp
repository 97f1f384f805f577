#include "solver/compact_transistor.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

// ln(1 + e^x) and its derivative 1 / (1 + e^-x), without overflow.
double softplus(double x) { return x > 30.0 ? x + std::exp(-x) : std::log1p(std::exp(x)); }
double logistic(double x) { return x >= 0.0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }

// Threshold rise above vt0 with the source at vs, and its slope.
std::pair<double, double> body_shift(const CompactTransistor& t, double vs) {
    if (t.surface_potential <= 0.0) return {t.body * vs, t.body};
    if (vs <= 0.0) {
        // Forward body bias: linear, floored where the depletion charge
        // vanishes (SPICE level 1 clamps its sqrt term at zero there).
        const double floor = -2.0 * t.body * t.surface_potential;
        return t.body * vs > floor ? std::pair{t.body * vs, t.body} : std::pair{floor, 0.0};
    }
    const double root = std::sqrt(t.surface_potential), lifted = std::sqrt(t.surface_potential + vs);
    return {2.0 * t.body * root * (lifted - root), t.body * root / lifted};
}

// The forward direction, vd >= vs.
TransistorCurrent forward(const CompactTransistor& t, double vg, double vd, double vs) {
    const double scale = 2.0 * t.subthreshold_ideality * t.thermal_voltage;
    const double vds = vd - vs;
    const auto [shift, shift_slope] = body_shift(t, vs);
    const double xf = vg - vs - (t.vt0 + shift), xr = xf - t.m * vds;
    const double qf = scale * softplus(xf / scale), qr = scale * softplus(xr / scale);
    const double sf = logistic(xf / scale), sr = logistic(xr / scale);  // ds/dx
    const double dxf_dvs = -(1.0 + shift_slope);
    const double dxr_dvs = dxf_dvs + t.m, dxr_dvd = -t.m;

    const double k = t.beta / (2.0 * t.m);
    const double i0 = k * (qf * qf - qr * qr);
    const double di0_dvd = k * (-2.0 * qr * sr * dxr_dvd);
    const double di0_dvs = k * (2.0 * qf * sf * dxf_dvs - 2.0 * qr * sr * dxr_dvs);

    const double clm = 1.0 + t.lambda * vds;
    const double degradation = 1.0 + t.theta * qf;
    const double ddeg_dvs = t.theta * sf * dxf_dvs;

    TransistorCurrent out;
    out.current = i0 * clm / degradation;
    out.d_drain = (di0_dvd * clm + i0 * t.lambda) / degradation;
    out.d_source = (di0_dvs * clm - i0 * t.lambda) / degradation - out.current * ddeg_dvs / degradation;
    return out;
}

}  // namespace

CompactTransistor CompactTransistor::from_parameters(const std::array<double, parameter_count>& p) {
    CompactTransistor t;
    t.vt0 = p[0];
    t.body = p[1];
    t.m = p[2];
    t.beta = p[3];
    t.lambda = p[4];
    t.theta = p[5];
    t.subthreshold_ideality = p[6];
    return t;
}

std::string CompactTransistor::describe() const {
    return fmt::format(
        "vt0={:.6g} V, body={:.6g}, m={:.6g}, beta={:.6g} A/V^2, lambda={:.6g} 1/V, theta={:.6g} 1/V, a={:.4g}, "
        "phi={:.4g} V, junctions Is={:.4g} A n={:.4g} R={:.4g} ohm gmin={:.3g} S",
        vt0, body, m, beta, lambda, theta, subthreshold_ideality, surface_potential, junction_saturation,
        junction_emission, junction_resistance, junction_gmin);
}

TransistorCurrent evaluate(const CompactTransistor& t, double vg, double vd, double vs) {
    if (vd >= vs) return forward(t, vg, vd, vs);
    const TransistorCurrent reverse = forward(t, vg, vs, vd);  // the source is now the lower terminal
    return {-reverse.current, -reverse.d_source, -reverse.d_drain};
}

double threshold_voltage(const CompactTransistor& t, double vs) { return t.vt0 + body_shift(t, vs).first; }

namespace {

// Forward bias through the series resistance: the forward current is
// y = Is (e^z - 1) with s z + R Is (e^z - 1) = -v (s = n Ut), convex and
// increasing in z, so Newton from above (the smaller of the diode-only and
// the resistor-only solutions, both upper bounds) falls monotonically onto
// the root.
JunctionCurrent forward_through_resistance(const CompactTransistor& t, double v, double scale) {
    const double is = t.junction_saturation, r = t.junction_resistance, target = -v;
    double z = std::min(target / scale, std::log1p(target / (r * is)));
    for (int iteration = 0; iteration < 100; ++iteration) {
        const double e = std::exp(z);
        const double h = scale * z + r * is * (e - 1.0) - target;
        const double step = h / (scale + r * is * e);
        z -= step;
        if (std::abs(step) <= 1e-13 * std::max(1.0, std::abs(z))) break;
    }
    const double e = std::exp(z);
    JunctionCurrent j;
    j.current = -is * (e - 1.0) + t.junction_gmin * v;
    j.slope = is * e / (scale + r * is * e) + t.junction_gmin;
    return j;
}

}  // namespace

JunctionCurrent junction_current(const CompactTransistor& t, double v) {
    // Forward bias (v < 0) is capped in the exponent as SPICE caps it: a
    // Newton iterate far below the bulk must not overflow.
    const double scale = t.junction_emission * t.thermal_voltage;
    if (v < 0.0 && t.junction_resistance > 0.0 && t.junction_saturation > 0.0) {
        return forward_through_resistance(t, v, scale);
    }
    const double e = std::exp(std::min(-v / scale, 80.0));
    JunctionCurrent j;
    j.current = t.junction_saturation * (1.0 - e) + t.junction_gmin * v;
    j.slope = t.junction_saturation * e / scale + t.junction_gmin;
    return j;
}

}  // namespace memcosim::solver
