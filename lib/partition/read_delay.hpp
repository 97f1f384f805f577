#pragma once
// Read latency of one tile: an Elmore-type RC estimate by default, or the
// calibrated delay surrogate (surrogate/delay_model.hpp, fitted to ngspice
// transients by `memcosim calibrate delay`) when a delay calibration is given.
// The two answer different questions, and the strategy table names which one
// it used: the Elmore estimate is a 50 % delay, the surrogate a 1 % settling
// time (what a read waits for before the ADC samples).
//
// Elmore: a read is settled when the step on the row inputs has crossed the
// row wire and the cell currents have crossed the column wire into the sense
// node. Each wire is a distributed RC line of n segments of r and c; its 50 %
// step-response delay is 0.38 R C (R = n r, C = n c: Sakurai's distributed
// line), while a lumped resistance charging a capacitance takes 0.69 R C
// (ln 2). Along the path the Elmore terms add:
//
//   t = 0.69 R_driver C_row + 0.38 R_row C_row + 0.38 R_col C_col
//
// with C_row = cols * c_wire, R_row = cols * r_row (cols = physical columns)
// and C_col = rows * c_wire, R_col = rows * r_col. The cells' own
// capacitance and the driver's input side are left out.
//
// Calibrated: t = p . (tau_row, tau_col, tau_cell) of the physical array with
// its own mean cell conductance (tau_cell = c / g_mean), so it is evaluated
// per programmed array; the drivers are ideal, as in its SPICE data.
//
// All tiles read in parallel, so the slowest array's delay is also the
// latency of the whole matrix-vector product before the ADCs.
#include "partition/tile_engine.hpp"
#include "surrogate/delay_model.hpp"

#include <functional>
#include <memory>
#include <string>

namespace memcosim::partition {

// The fitted delay surrogate and where it came from.
struct CalibratedDelay {
    surrogate::DelayParameters parameters;
    std::string source;          // the calibration file, for messages
    double held_out_error = 0.0; // largest relative settling-delay error on its held-out transients
    // Called with every array's case before it is predicted: warns, or
    // throws InputError, outside the calibrated range. May be empty.
    std::function<void(const surrogate::DelayCase&)> check_range;
};

struct DelayModel {
    double wire_capacitance = 2e-17;  // farad per segment (0.2 fF/um at a 100 nm cell pitch)
    double driver_resistance = 0.0;   // ohm, output resistance of a row driver (Elmore only)
    // When set, the latency comes from the calibrated surrogate instead of Elmore.
    std::shared_ptr<const CalibratedDelay> calibrated;

    void validate() const;  // throws InputError
    // "elmore 50%" or "surrogate 1% settling": what the latency column means.
    [[nodiscard]] std::string latency_kind() const;
};

[[nodiscard]] double elmore_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                                       const DelayModel& model);

// The calibrated surrogate's 1 % settling delay of one physical array whose
// cells have mean conductance `mean_conductance`. Throws InputError if the
// model has no calibration, or for ideal wires (no RC in the surrogate).
[[nodiscard]] double calibrated_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                                           double mean_conductance, const DelayModel& model);

}  // namespace memcosim::partition
