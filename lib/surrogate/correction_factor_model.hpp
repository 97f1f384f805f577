#pragma once
// Baseline (c): a per-cell correction-factor model (the correction or
// "calibration" matrix used in the literature to predict and pre-compensate
// IR drop in crossbar accelerators).
//
// Published idea: solve one reference array exactly, a uniform array of the
// same size and wires with every cell at a reference conductance and every
// row at the same drive; record for every cell the ratio K_ij of the voltage
// it actually sees to the drive. Any other conductance map of that size and
// wire is then predicted as I_j = sum_i K_ij G_ij V_i: one multiplicative
// factor per cell, computed once. It captures the position dependence
// exactly for the reference, but not the dependence on the actual map and
// inputs (a lighter row drops less, a heavier column more).
//
// No solver in this layer: the caller supplies the exact cell voltages of the
// reference (solver::solve_linear_crossbar(reference).cell_voltages()).
#include "core/crossbar_array.hpp"

namespace memcosim::surrogate {

// The uniform reference read of the model: every cell `conductance`, every
// row driven at `drive` volts.
[[nodiscard]] CrossbarArray uniform_reference_array(Eigen::Index rows, Eigen::Index cols, double row_wire_resistance,
                                                    double column_wire_resistance, double conductance,
                                                    double drive = 1.0);

class CorrectionFactorModel {
public:
    // `reference` as built by uniform_reference_array (any uniform drive),
    // `reference_cell_voltages` its exact R x C cell voltages. Throws
    // InputError on mismatched sizes or a zero drive.
    CorrectionFactorModel(const CrossbarArray& reference, const RowMajorMatrix& reference_cell_voltages);

    // Column currents, amperes. Throws InputError outside the supported read
    // or for an array of another size or wire resistance.
    [[nodiscard]] Eigen::VectorXd column_currents(const CrossbarArray& array) const;

    [[nodiscard]] const RowMajorMatrix& factors() const { return factors_; }

private:
    RowMajorMatrix factors_;  // K_ij
    double row_wire_resistance_ = 0.0;
    double column_wire_resistance_ = 0.0;
};

}  // namespace memcosim::surrogate
