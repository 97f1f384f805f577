#pragma once
// Read latency of one tile from an Elmore-type RC estimate. A placeholder:
// the calibrated delay surrogate (layer surrogate/) replaces it.
//
// A read is settled when the step on the row inputs has crossed the row wire
// and the cell currents have crossed the column wire into the sense node.
// Each wire is a distributed RC line of n segments of r and c; its 50 %
// step-response delay is 0.38 R C (R = n r, C = n c: Sakurai's distributed
// line), while a lumped resistance charging a capacitance takes 0.69 R C
// (ln 2). Along the path the Elmore terms add:
//
//   t = 0.69 R_driver C_row + 0.38 R_row C_row + 0.38 R_col C_col
//
// with C_row = cols * c_wire, R_row = cols * r_row (cols = physical columns)
// and C_col = rows * c_wire, R_col = rows * r_col. The cells' own
// capacitance and the driver's input side are left out; all tiles read in
// parallel, so this is also the latency of the whole matrix-vector product
// before the ADCs.
#include "partition/tile_engine.hpp"

namespace memcosim::partition {

struct DelayModel {
    double wire_capacitance = 2e-17;  // farad per segment (0.2 fF/um at a 100 nm cell pitch)
    double driver_resistance = 0.0;   // ohm, output resistance of a row driver

    void validate() const;  // throws InputError
};

[[nodiscard]] double elmore_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                                       const DelayModel& model);

}  // namespace memcosim::partition
