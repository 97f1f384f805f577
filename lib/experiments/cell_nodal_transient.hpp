#pragma once
// Transient of a 1T1R / 2T2R crossbar on the FULL node set, for the arrays
// whose lines float while their transistors are off (a write under the
// float scheme): the transient counterpart of experiments/cell_nodal_dc.hpp.
// Also for writes that drive lines below the bulk (RESET, any scheme): the
// junctions then conduct milliamperes from every internal and column node
// to ground, which a cell between a row and a column node cannot carry.
//
// Why not the series-cell transient (solver/nonlinear_transient.hpp): that
// one eliminates each cell's internal node and lags the column potential
// the transistor's source sees. An open column is then held by nothing but
// the junctions' picoamperes, and a column lagged one iteration makes the
// access transistor of the selected row switch between on and off from one
// iteration to the next; the Newton either swings or, with a kept
// factorization, stops on an update that is small only because the matrix
// is stale. ngspice holds such a line through each MOSFET's source/drain
// junctions (gmin plus Is, solver/compact_transistor.hpp junction_current),
// per transistor, on the internal node (drain) and the column node (source).
// Here they are exactly that:
//
//   row(i,j) --memory-- m(i,j) --channel(gate i)-- col(i,j)
//   m(i,j) --junction-- bulk,  col(i,j) --junction-- bulk
//   every row and column node --wire capacitance-- ground
//
// with the array's wire segments, drivers and terminations, the sources
// following the drive. Integration as in solver/nonlinear_transient.hpp
// (its schedule, backward Euler after t = 0 and after each corner,
// trapezoidal otherwise, a companion model per capacitor), the memory's
// new states eliminated per cell (experiments/stateful_memory.hpp).
//
// Newton on all 3 R C unknowns with the exact Jacobian at every iteration
// (Eigen's sparse LU, pattern analysed once), and, as SPICE does:
//  - limiting of each transistor's terminal voltages between iterations
//    (limit_transistor_step below; options.limit_transistors): the channel is evaluated at a limited
//    (vgs, vds) and linearised there, so a node that would jump the
//    transistor from deep cut-off into strong inversion (or back) in one
//    update takes the step in pieces;
//  - convergence on BOTH the update (every |dx| <= voltage_tolerance) and
//    the residual (every node's KCL imbalance <= current_abstol +
//    current_reltol * the largest current through that node), evaluated at
//    the accepted point, with no limiting active there. A Newton that only
//    tests the update can stop on a line held by picoamperes that is still
//    a tenth of a volt off; its residual is not small there.
//
// A step that does not converge is retried as two halves, down to
// settings.max_halvings; then EngineError names the time and the node.
#include "experiments/cell_crossbar.hpp"
#include "experiments/implicit_cells.hpp"
#include "solver/compact_transistor.hpp"
#include "solver/crossbar_transient.hpp"
#include "solver/nonlinear_transient.hpp"

namespace memcosim::experiments {

struct CellNodalTransientOptions {
    double current_abstol = 1e-14;  // A: a node's KCL imbalance may be this...
    double current_reltol = 1e-6;   // ...plus this times the largest current through the node
    bool limit_transistors = true;  // false: no terminal-voltage limiting (for comparison)
};

struct CellNodalTransientResult {
    std::vector<double> times;
    StateMaps states;                  // memory states after the last step (empty for a linear memory)
    RowMajorMatrix final_row, final_column;  // node potentials at stop, R x C
    long long newton_iterations = 0;
    long long limited_iterations = 0;  // iterations in which some transistor's voltages were limited
    int halved_steps = 0;
};

// Uses settings.step, stop, max_newton_iterations, voltage_tolerance,
// max_voltage_step, max_halvings, progress and observe (observe gets the
// cell voltages row - column, R x C, at every time point). Throws
// InputError for cells without a transistor or ideal wires, EngineError
// when a step does not converge.
[[nodiscard]] CellNodalTransientResult simulate_cell_nodal_transient(
    const CellCrossbar& crossbar, const solver::CompactTransistor& transistor, const solver::TransientDrive& drive,
    const solver::NonlinearTransientSettings& settings, const CellNodalTransientOptions& options = {});

// SPICE-style limiting of a transistor's terminal voltages from the last
// evaluated (vgs, vds) to the proposed one (the idea of SPICE3's fetlim and
// limvds, written here for the compact model's threshold): returns the
// limited pair. vgs: from cut-off it may rise at most to threshold + 0.5 V
// in one iteration; from on (below threshold + 3.5 V) it may fall at most
// to threshold - 0.5 V or rise to threshold + 4 V; further out, moves are
// bounded by about twice the distance from threshold plus 2 V. vds: below
// 3.5 V it stays within [-0.5, 4] V per iteration, above it may at most
// triple. `threshold` is vt at the last source potential.
//
// Measured (bench/RESULTS.md): with the per-node step limit of 0.2 V the
// limiter never binds on the float writes tested; with that limit raised
// to 1-10 V it binds in 1-2 iterations per run and saves one. The exact
// Jacobian of the full node set is what makes these writes converge; the
// limiter is the guard for larger moves.
struct TerminalVoltages {
    double vgs = 0.0, vds = 0.0;
};
[[nodiscard]] TerminalVoltages limit_transistor_step(const TerminalVoltages& last, const TerminalVoltages& proposed,
                                                     double threshold);

}  // namespace memcosim::experiments
