#include "solver/compact_transistor.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

// ln(1 + e^x) and its derivative 1 / (1 + e^-x), without overflow.
double softplus(double x) { return x > 30.0 ? x + std::exp(-x) : std::log1p(std::exp(x)); }
double logistic(double x) { return x >= 0.0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }

// The forward direction, vd >= vs.
TransistorCurrent forward(const CompactTransistor& t, double vg, double vd, double vs) {
    const double scale = 2.0 * t.subthreshold_ideality * t.thermal_voltage;
    const double vds = vd - vs;
    const double xf = vg - vs - (t.vt0 + t.body * vs), xr = xf - t.m * vds;
    const double qf = scale * softplus(xf / scale), qr = scale * softplus(xr / scale);
    const double sf = logistic(xf / scale), sr = logistic(xr / scale);  // ds/dx
    const double dxf_dvs = -(1.0 + t.body);
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
        "vt0={:.6g} V, body={:.6g}, m={:.6g}, beta={:.6g} A/V^2, lambda={:.6g} 1/V, theta={:.6g} 1/V, a={:.4g}", vt0,
        body, m, beta, lambda, theta, subthreshold_ideality);
}

TransistorCurrent evaluate(const CompactTransistor& t, double vg, double vd, double vs) {
    if (vd >= vs) return forward(t, vg, vd, vs);
    const TransistorCurrent reverse = forward(t, vg, vs, vd);  // the source is now the lower terminal
    return {-reverse.current, -reverse.d_source, -reverse.d_drain};
}

}  // namespace memcosim::solver
