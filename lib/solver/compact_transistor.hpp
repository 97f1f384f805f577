#pragma once
// A compact NMOS drain-current model for the fast path of 1T1R / 2T2R cells:
// a smooth (EKV-style) square law, source-referenced, with the body effect
// linearised in the source voltage (the bulk is ground). For vd >= vs:
//
//   vgt = vg - vs - (vt0 + body vs)                 gate overdrive
//   s(x) = 2 a Ut ln(1 + exp(x / (2 a Ut)))          smooth max(x, 0)
//   I0 = beta / (2 m) [s(vgt)^2 - s(vgt - m vds)^2]
//   I  = I0 (1 + lambda vds) / (1 + theta s(vgt))
//
// and I(vd, vs) = -I(vs, vd) for vd < vs (the device is symmetric). In
// strong inversion this is exactly the square law: beta (vgt - m vds/2) vds
// below saturation, beta vgt^2 / (2 m) above, with m the bulk-charge factor
// (1 for SPICE level 1), lambda channel-length modulation and theta mobility
// degradation / velocity saturation (short channels). Subthreshold is an
// exponential of slope a Ut; a also sets how sharply the model turns on and
// saturates (small a: SPICE level 1's hard corners). The parameters are
// fitted to the SPICE transistor (experiments/transistor_fit).
//
// Body effect: linear, vt0 + body vs, unless surface_potential (phi) is
// set; then the square-root law of SPICE level 1 / BSIM, scaled so that its
// slope at vs = 0 is still `body`:
//   vt(vs) = vt0 + 2 body sqrt(phi) (sqrt(phi + vs) - sqrt(phi))   (vs >= 0)
// (linear below 0, as SPICE level 1's forward-body-bias branch, down to
// the threshold's floor vt0 - 2 body phi where that branch's depletion
// charge reaches zero). A linear body effect fitted over sources 0..0.5 V is
// wrong near threshold at the far end: a v3 write lifts the unselected
// columns (the sources) to 2V/3, where that error showed.
//
// Junctions: each source/drain to bulk diode as ngspice's MOSFETs load it in
// DC, a reverse saturation current and the gmin ngspice puts across it:
//   J(v) = Is (1 - exp(-v / (n Ut))) + gmin v    current from the node (at v) into the bulk
// junction_current() gives it; evaluate() is the channel alone. Reverse
// biased (v > 0: every SET write and read) the junctions carry picoamperes
// and matter only where nothing else defines a node's potential: the
// floating lines of a 1T1R array with its word lines off. Forward biased
// (a RESET write drives lines below the bulk) they carry milliamperes at
// 0.7 V and hold every node below ground near one diode drop. There a
// series resistance R (the body and diffusion resistances of a BSIM4 card;
// 0 for level 1) takes part of the voltage: in forward bias the diode sees
// u with v = u + R D(u), D(u) = Is (1 - exp(-u / (n Ut))), and
// J = D(u) + gmin v (solved per call by Newton on ln(1 + |D| / Is)).
// Reverse biased, R times picoamperes is nothing and J is the plain law.
#include <array>
#include <string>

namespace memcosim::solver {

struct CompactTransistor {
    double vt0 = 0.5;     // V, threshold with the source at the bulk
    double body = 0.2;    // V/V, threshold rise per volt of source above the bulk
    double m = 1.0;       // bulk-charge factor of the linear region and of saturation
    double beta = 1e-4;   // A/V^2, mobility * Cox * W / L
    double lambda = 0.0;  // 1/V, channel-length modulation
    double theta = 0.0;   // 1/V, mobility degradation
    double subthreshold_ideality = 1.5;  // a
    double thermal_voltage = 0.025864920;  // V, kT/q at 300.15 K with ngspice's constants (its default 27 C)
    double surface_potential = 0.0;      // V, phi of the square-root body effect; 0: linear body effect
    double junction_gmin = 1e-12;        // S, ngspice's default gmin across each junction
    double junction_saturation = 0.0;    // A, Is of each junction (fitted: transistor_fit)
    double junction_emission = 1.0;      // n of each junction's exponential, exp(v / (n Ut)) (fitted)
    double junction_resistance = 0.0;    // ohm in series with each junction's diode in forward bias (fitted)

    static constexpr std::size_t parameter_count = 7;
    [[nodiscard]] std::array<double, parameter_count> parameters() const {
        return {vt0, body, m, beta, lambda, theta, subthreshold_ideality};
    }
    static CompactTransistor from_parameters(const std::array<double, parameter_count>& p);
    [[nodiscard]] std::string describe() const;
};

struct TransistorCurrent {
    double current = 0.0;   // drain -> source, amperes
    double d_drain = 0.0;   // dI/dvd
    double d_source = 0.0;  // dI/dvs
};

// Terminal voltages against the bulk (ground). The channel current only.
[[nodiscard]] TransistorCurrent evaluate(const CompactTransistor& t, double vg, double vd, double vs);

// The threshold vt0 + body shift with the source at vs (against the bulk):
// where the channel turns on, for Newton's voltage limiting.
[[nodiscard]] double threshold_voltage(const CompactTransistor& t, double vs);

struct JunctionCurrent {
    double current = 0.0;  // from the terminal into the bulk, amperes
    double slope = 0.0;    // dJ/dv
};
// One source/drain junction of a terminal at potential v (bulk at ground).
[[nodiscard]] JunctionCurrent junction_current(const CompactTransistor& t, double v);

}  // namespace memcosim::solver
