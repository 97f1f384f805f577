#pragma once
// DC solve of a crossbar whose cells are nonlinear two-terminal devices at
// fixed states (a memristor read, a selector in series, a transistor...).
//
// Newton's method on the whole array, each step a linear crossbar solve: a
// cell linearised at its present voltage v0 is its small-signal conductance
// g = dI/dv in parallel with the Norton current J = I(v0) - g v0, which is
// exactly what solve_linear_crossbar takes (CrossbarArray::
// cell_source_currents), so every step keeps the structure-aware PCG.
#include "solver/linear_crossbar_solver.hpp"

#include <functional>

namespace memcosim::solver {

// Evaluates every cell at once (row-major, R x C): given the cell voltages
// (row node minus column node), fills the cell currents (row -> column) and
// their derivatives dI/dv. Batched so a device evaluator can vectorise.
using CellEvaluator =
    std::function<void(const RowMajorMatrix& voltage, RowMajorMatrix& current, RowMajorMatrix& conductance)>;

// Cells whose current also depends on the column node's own potential, not
// only on the cell voltage (a 1T1R cell: the transistor's source is the
// column node, its gate and bulk are fixed). Gets the cell voltages and the
// column node potentials (R x C each); `conductance` is dI/dv at a fixed
// column potential. Newton treats the column-potential dependence as lagged
// (the linearised cell stays a conductance plus a Norton source, so every
// step keeps the SPD structure); the iteration still converges to the exact
// solution, only more slowly when that dependence is strong.
using ColumnAwareCellEvaluator = std::function<void(const RowMajorMatrix& voltage, const RowMajorMatrix& column,
                                                    RowMajorMatrix& current, RowMajorMatrix& conductance)>;

struct NonlinearSolveOptions {
    LinearSolveOptions linear;          // for each Newton step
    int max_newton_iterations = 100;
    double voltage_tolerance = 1e-9;    // volts: converged when every |dv| is below this...
    double current_tolerance = 1e-9;    // ...and KCL holds to this fraction of the largest column current
    double max_voltage_step = 0.2;      // volts a cell may move per step (limits overshoot on exponentials)
    double minimum_conductance = 1e-15; // siemens: floor on dI/dv so every step stays SPD
    std::function<void(int, double)> progress;  // (Newton iteration, largest |dv|)
};

struct NonlinearCrossbarSolution {
    CrossbarSolution solution;  // node voltages and column currents of the converged point
    int newton_iterations = 0;
    int linear_iterations = 0;  // PCG iterations summed over the Newton steps
    double largest_voltage_step = 0.0;
};

// `array.conductance` is ignored except for its size; inputs, wires and
// periphery as in the linear solve. Throws EngineError naming the worst cell if Newton does not
// converge within max_newton_iterations.
[[nodiscard]] NonlinearCrossbarSolution solve_nonlinear_crossbar(const CrossbarArray& array,
                                                                 const CellEvaluator& cells,
                                                                 const NonlinearSolveOptions& options = {});
[[nodiscard]] NonlinearCrossbarSolution solve_nonlinear_crossbar(const CrossbarArray& array,
                                                                 const ColumnAwareCellEvaluator& cells,
                                                                 const NonlinearSolveOptions& options = {});

}  // namespace memcosim::solver
