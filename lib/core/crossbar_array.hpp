#pragma once
// The physical description of a linear (1R) crossbar read, shared by the
// netlist generator and the exact solver so both see the same circuit.
//
// Convention (DESIGN.md): row i is driven at its left end by an ideal source
// V_i through Rrow into row(i,0), then C-1 more segments to row(i,C-1).
// Column j runs col(0,j) ... col(R-1,j) and one more Rcol segment into
// sense_j, held at 0 V. Cell (i,j) joins row(i,j) to col(i,j) with
// conductance G(i,j). Output: current I_j flowing into sense_j.
//
// Periphery (bias schemes, real drivers and sense circuits): each end may
// differ from that default. A row's driver may have an output resistance
// (in series before the first row segment) or be absent (a floating row);
// a column's bottom end may be held at U_j instead of 0 V, through a series
// resistance (a load resistor, or a driver's output resistance), or be left
// open (a floating column). Empty periphery vectors mean the defaults, so
// every caller that never sets them sees exactly the circuit above.
//
// Ideal wires: row_wire_resistance and column_wire_resistance both 0 make
// every line one node (see solver/line_potentials.hpp).
#include <Eigen/Dense>
#include <vector>

namespace memcosim {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// How one end of a line is connected: an ideal source behind `resistance`,
// or nothing at all.
struct LineTermination {
    bool floating = false;    // no source: the line ends open
    double resistance = 0.0;  // ohm, >= 0, in series with the source (ignored when floating)
};

struct CrossbarArray {
    RowMajorMatrix conductance;  // R x C, siemens, every entry > 0
    Eigen::VectorXd inputs;      // R row drive voltages V_i, volts (ignored for floating rows)
    double row_wire_resistance = 0.0;     // ohm per row segment, > 0 (or both wires 0: ideal)
    double column_wire_resistance = 0.0;  // ohm per column segment, > 0 (or both wires 0: ideal)
    double wire_capacitance = 0.0;        // farad per wire node to ground, >= 0 (transient only)
    // Optional R x C current sources in parallel with the cells, amperes,
    // flowing row -> column: a nonlinear cell linearised for a Newton step is
    // G v + J (its Norton equivalent). Empty means none.
    RowMajorMatrix cell_source_currents;
    // Periphery; empty means the default (ideal drivers, every column held
    // at 0 V by an ideal virtual ground).
    std::vector<LineTermination> row_drivers;          // R entries or none
    std::vector<LineTermination> column_terminations;  // C entries or none
    Eigen::VectorXd column_bias;                       // C voltages U_j or none (0 V)

    [[nodiscard]] Eigen::Index rows() const { return conductance.rows(); }
    [[nodiscard]] Eigen::Index cols() const { return conductance.cols(); }

    [[nodiscard]] LineTermination row_driver(Eigen::Index i) const {
        return row_drivers.empty() ? LineTermination{} : row_drivers[static_cast<std::size_t>(i)];
    }
    [[nodiscard]] LineTermination column_termination(Eigen::Index j) const {
        return column_terminations.empty() ? LineTermination{} : column_terminations[static_cast<std::size_t>(j)];
    }
    [[nodiscard]] double column_bias_voltage(Eigen::Index j) const {
        return column_bias.size() == 0 ? 0.0 : column_bias(j);
    }
    [[nodiscard]] bool ideal_wires() const { return row_wire_resistance == 0.0 && column_wire_resistance == 0.0; }
    // True when every row has an ideal driver and every column an ideal 0 V
    // sense: the circuit of DESIGN.md, with nothing of the periphery set.
    [[nodiscard]] bool default_periphery() const;

    // Throws InputError naming the offending parameter, line or cell.
    void validate() const;

    // I_j = sum_i G_ij V_i: the column currents with ideal wires (and the
    // default periphery).
    [[nodiscard]] Eigen::VectorXd ideal_column_currents() const;
};

}  // namespace memcosim
