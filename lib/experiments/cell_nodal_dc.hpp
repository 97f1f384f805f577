#pragma once
// DC operating point of a 1T1R / 2T2R crossbar (experiments/cell_crossbar.hpp)
// on the full node set, for the arrays the series-cell elimination cannot
// take: lines left floating while their transistors are off (the float
// scheme of experiments/cell_access.hpp).
//
// Such a line reaches the rest of the array only through cut-off channels;
// what defines its potential in ngspice is what its MOSFETs load besides
// the channel: each source/drain junction to the bulk with gmin across it
// (solver/compact_transistor.hpp: junction_current). Those are shunts to
// ground at the internal node m<i>_<j> (the drain) and at the column node
// (the source), which a cell between a row and a column node cannot
// express, so here every row node, column node and internal node is an
// unknown:
//
//   row(i,j) --memory-- m(i,j) --channel(gate i)-- col(i,j)
//   m(i,j) --junction-- bulk,  col(i,j) --junction-- bulk
//
// plus the wire segments, drivers and terminations of the array. Newton on
// all of them at once with the exact Jacobian (no lagged terms), a
// per-node step limit, Eigen's sparse LU (the channel's source dependence
// makes the matrix unsymmetric); its symbolic analysis is done once. Ideal
// wires (both 0 ohm) merge each line into one node; a line with no
// resistance at all between it and its source is held at the source.
//
// The cost is that of a sparse LU on 3 R C unknowns: meant for the arrays
// SPICE can also run (hundreds of lines), not for the 1024x1024 reads the
// series-cell path does.
#include "experiments/cell_crossbar.hpp"

namespace memcosim::experiments {

struct CellNodalOptions {
    int max_newton_iterations = 200;
    double voltage_tolerance = 1e-10;  // V: converged when every |dx| is below this
    double max_voltage_step = 0.2;     // V a node may move per iteration
};

struct CellNodalSolution {
    solver::CrossbarSolution solution;  // line potentials, terminal and driver currents
    RowMajorMatrix internal;            // m(i,j), volts
    RowMajorMatrix memory_current;      // row -> m through the memory element, amperes
    RowMajorMatrix cell_current;        // out of the transistor's source into the column node (channel - junction)
    int newton_iterations = 0;
};

// Throws InputError if the crossbar has no transistor cells, EngineError if
// Newton does not converge (naming the node that moved most).
[[nodiscard]] CellNodalSolution solve_cell_nodal(const CellCrossbar& crossbar,
                                                 const solver::CompactTransistor& transistor,
                                                 const CellNodalOptions& options = {});

}  // namespace memcosim::experiments
