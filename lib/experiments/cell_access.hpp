#pragma once
// Single-cell access (a read, or the DC bias of a write) of one selected
// cell of a composite-cell crossbar (1R, 1S1R, 1T1R, 2T2R;
// experiments/cell_crossbar.hpp) under the bias schemes of
// solver/bias_scheme.hpp (v2, v3, float), in both engines on the same
// circuit:
//
//  - the lines: selected row at V, selected column(s) sensed at 0 V, the
//    others at the scheme's levels or open; drivers and loads already on the
//    array are kept;
//  - the word lines (1T1R, 2T2R): select_word_line() puts the selected row's
//    gate at the on voltage and every other gate at the off voltage, so the
//    unselected rows' access transistors are off: that is what keeps sneak
//    current out of the sensed column in a 1T1R array;
//  - 2T2R: the selected "column" is a pair p, physical columns 2p (G+) and
//    2p+1 (G-), both sensed at 0 V; the reading is I+ - I-.
//  - float with 1T1R and 2T2R: with the unselected word lines off, a
//    floating line connects only through cut-off transistors; ngspice
//    defines its potential through each MOSFET's source/drain junctions to
//    the bulk with gmin across them, and so does the fast path, which then
//    solves the whole node set with those junctions (cell_nodal_dc.hpp)
//    instead of eliminating each cell. Every cell type takes all three schemes.
//
// SPICE: the cell netlist plus a 0 V ammeter "vcell<i>_<j>" between each
// selected cell's column-side terminal and its column node (node q<i>_<j>),
// which reads the cell's own current without changing the circuit. Fast
// path: Newton on the array (series-cell elimination), then each cell's
// current and internal node from its converged row and column potentials.
#include "experiments/cell_crossbar.hpp"
#include "experiments/transistor_fit.hpp"
#include "solver/bias_scheme.hpp"

#include <vector>

namespace memcosim::experiments {

struct CellAccessTarget {
    solver::BiasScheme scheme = solver::BiasScheme::half_voltage;
    Eigen::Index row = 0;
    Eigen::Index column = 0;  // logical: a pair index for 2T2R
    double voltage = 0.0;     // V on the selected row (a read or a write level)
};

// The physical columns of the target: {column}, or {2p, 2p+1} for 2T2R.
[[nodiscard]] std::vector<Eigen::Index> selected_columns(const CellCrossbar& crossbar, const CellAccessTarget& target);

// Sets the scheme's line voltages and open lines on the crossbar's array
// (and on its memory cells' copy). Throws InputError naming the array size
// if the target lies outside it (for 2T2R: outside the pairs).
void apply_access(CellCrossbar& crossbar, const CellAccessTarget& target);

// 1T1R/2T2R: word line `row` at `on`, every other word line at `off`, volts.
void select_word_line(CellCrossbar& crossbar, Eigen::Index row, double on, double off);

struct CellAccessReading {
    double sensed_current = 0.0;  // into the selected column's terminal (2T2R: I+ - I-)
    double cell_current = 0.0;    // through the selected cell itself (2T2R: cell+ - cell-)
    double sneak_current = 0.0;   // sensed - cell: what the rest of the array adds
    double sensed_plus = 0.0, sensed_minus = 0.0;  // 2T2R: each column of the pair (else minus = 0)
    double cell_plus = 0.0, cell_minus = 0.0;
    // Largest |voltage across the memory element| over the other cells of
    // the selected row and columns (half-selected) and over the rest: the
    // disturb of a write level.
    double half_selected_voltage = 0.0;
    double unselected_voltage = 0.0;
    Eigen::VectorXd terminal_currents;  // every physical column's terminal current (0: floating)
    // The potential of each floating line (float scheme): the floating rows
    // at their driver end (node (i, 0)), in row order, then the floating
    // columns at their sense end (node (R-1, j)), in column order. Volts.
    Eigen::VectorXd open_line_voltages;

    // The largest current of the reading, the scale differences are taken against.
    [[nodiscard]] double largest_current() const;
};

// The generated netlist with the ammeter(s) on the selected cell(s). The
// crossbar must already carry the access (apply_access).
[[nodiscard]] netlist::Circuit cell_access_circuit(const CellCrossbar& crossbar, const CellAccessTarget& target);

[[nodiscard]] CellAccessReading cell_access_spice(const CellCrossbar& crossbar, const CellAccessTarget& target,
                                                  spice::Engine& engine);

struct CellAccessSolution {
    CellAccessReading reading;
    int newton_iterations = 0;
    int linear_iterations = 0;
};

// `transistor`: the fitted compact model (1T1R, 2T2R).
[[nodiscard]] CellAccessSolution cell_access_solve(const CellCrossbar& crossbar, const CellAccessTarget& target,
                                                   const std::optional<solver::CompactTransistor>& transistor,
                                                   const solver::NonlinearSolveOptions& options = {});

// Largest |a - b| over the sensed, cell and terminal currents of two readings.
[[nodiscard]] double largest_difference(const CellAccessReading& a, const CellAccessReading& b);

// The transistor fit's grid for this crossbar (1T1R, 2T2R): the word-line
// on voltage and the largest row voltage as grid_for_read, plus every
// positive column bias as a source voltage (v2, v3 lift the sources).
[[nodiscard]] TransistorSweepGrid grid_for_crossbar(const CellCrossbar& crossbar);

// Sweeps the card over that grid, and, when some word lines sit below it
// (switched off), over the cut-off region too; fits; reports on stderr.
[[nodiscard]] TransistorFit fit_for_crossbar(const CellCrossbar& crossbar, spice::Engine& engine);

}  // namespace memcosim::experiments
