#pragma once
// Delay surrogate: the settling delay of a crossbar read (all rows stepped
// at once; the time until every sensed column current stays within 1 % of
// its final value) from Elmore-type terms of the wire RC ladders:
//   row line (C segments, one node capacitance c per cell):  r_row c C (C + 1) / 2
//   column line (R segments):                                 r_col c R (R + 1) / 2
//   node charging through its cell:                           c / g   (g: mean cell conductance)
// t = p0 tau_row + p1 tau_col + p2 tau_cell + sensing time, the coefficients
// fitted by linear least squares to SPICE transients (calibrate/
// delay_calibration.hpp). The baseline is the textbook estimate
// ln(100) (tau_row + tau_col): 1 % settling of the Elmore time constant.
#include <Eigen/Dense>

#include <string>
#include <vector>

namespace memcosim::surrogate {

struct DelayCase {
    long rows = 0, cols = 0;
    double r_row = 0.0, r_col = 0.0;  // ohm per segment
    double c_wire = 0.0;              // farad per wire node
    double g_mean = 0.0;              // siemens
};

struct DelayParameters {
    std::vector<double> values = {4.6, 4.6, 0.0};  // ln(100) on each wire, nothing through the cells
    static constexpr std::size_t count = 3;
    static const std::vector<std::string>& names();
};

// tau_row, tau_col, tau_cell in seconds; throws InputError for an invalid case.
[[nodiscard]] Eigen::Vector3d elmore_terms(const DelayCase& c);
[[nodiscard]] double predict_delay(const DelayCase& c, const DelayParameters& parameters);
// The unfitted textbook estimate ln(100) (tau_row + tau_col).
[[nodiscard]] double elmore_baseline_delay(const DelayCase& c);

}  // namespace memcosim::surrogate
