#pragma once
// Delay surrogate: the settling delay of a crossbar read (all rows stepped
// at once; the time until every sensed column current stays within 1 % of
// its final value, the slowest column deciding).
//
// Ours ("modal"): the exact transient of the UNIFORM array with every cell
// at an effective conductance g_eff = p0 * g_mean, solved by separation of
// variables (modal_delay.hpp: each row-mode x column-mode pair is a 2x2
// linear ODE, no time stepping), scaled by p1 for what a non-uniform array
// and the reference's measurement add. p0 and p1 are fitted to SPICE
// transients (calibrate/delay_calibration.hpp); p = (1, 1) is the pure
// uniform-array physics.
//
// Baselines: Elmore-type terms of the wire RC ladders,
//   row line (C segments, one node capacitance c per cell):  r_row c C (C + 1) / 2
//   column line (R segments):                                 r_col c R (R + 1) / 2
//   node charging through its cell:                           c / g
// fitted as t = a0 tau_row + a1 tau_col + a2 tau_cell (the previous
// surrogate), and the textbook ln(100) (tau_row + tau_col).
#include <Eigen/Dense>

#include <string>
#include <vector>

namespace memcosim::surrogate {

struct DelayCase {
    long rows = 0, cols = 0;
    double r_row = 0.0, r_col = 0.0;  // ohm per segment
    double c_wire = 0.0;              // farad per wire node
    double g_mean = 0.0;              // siemens
    Eigen::VectorXd inputs;           // R row voltages; empty: every row driven equally
    double rise = 0.0;                // seconds of a linear input ramp (delay counted from its end); 0: a step
};

struct DelayParameters {
    std::vector<double> values = {1.0, 1.0};  // conductance factor, delay factor: the uniform-array physics
    static constexpr std::size_t count = 2;
    static const std::vector<std::string>& names();
};

// Ours: throws InputError for an invalid case or parameter count.
[[nodiscard]] double predict_delay(const DelayCase& c, const DelayParameters& parameters);

// Elmore baselines. tau_row, tau_col, tau_cell in seconds; throws InputError for an invalid case.
[[nodiscard]] Eigen::Vector3d elmore_terms(const DelayCase& c);
[[nodiscard]] double predict_elmore_delay(const DelayCase& c, const Eigen::Vector3d& coefficients);
// The unfitted textbook estimate ln(100) (tau_row + tau_col).
[[nodiscard]] double elmore_baseline_delay(const DelayCase& c);

}  // namespace memcosim::surrogate
