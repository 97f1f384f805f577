#pragma once
// The physical description of a linear (1R) crossbar read, shared by the
// netlist generator and the exact solver so both see the same circuit.
//
// Convention (DESIGN.md): row i is driven at its left end by an ideal source
// V_i through Rrow into row(i,0), then C-1 more segments to row(i,C-1).
// Column j runs col(0,j) ... col(R-1,j) and one more Rcol segment into
// sense_j, held at 0 V. Cell (i,j) joins row(i,j) to col(i,j) with
// conductance G(i,j). Output: current I_j flowing into sense_j.
#include <Eigen/Dense>

namespace memcosim {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct CrossbarArray {
    RowMajorMatrix conductance;  // R x C, siemens, every entry > 0
    Eigen::VectorXd inputs;      // R row drive voltages, volts
    double row_wire_resistance = 0.0;     // ohm per row segment, > 0
    double column_wire_resistance = 0.0;  // ohm per column segment, > 0
    double wire_capacitance = 0.0;        // farad per wire node to ground, >= 0 (transient only)
    // Optional R x C current sources in parallel with the cells, amperes,
    // flowing row -> column: a nonlinear cell linearised for a Newton step is
    // G v + J (its Norton equivalent). Empty means none.
    RowMajorMatrix cell_source_currents;

    [[nodiscard]] Eigen::Index rows() const { return conductance.rows(); }
    [[nodiscard]] Eigen::Index cols() const { return conductance.cols(); }

    // Throws InputError naming the offending parameter or cell.
    void validate() const;

    // I_j = sum_i G_ij V_i: the column currents with ideal wires.
    [[nodiscard]] Eigen::VectorXd ideal_column_currents() const;
};

}  // namespace memcosim
