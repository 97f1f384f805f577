#pragma once
// Cells made of two devices in series through an internal node (1S1R, 1T1R),
// reduced to one cell for the crossbar Newton solve:
//
//   row node --[memory element]-- m --[access device]-- column node
//
// The memory element is two-terminal (I_mem(v_row - m)); the access device
// may depend on the absolute potentials of both its terminals (a transistor
// whose source is the column node and whose bulk is ground). For given row
// and column potentials the internal potential m solves
//   f(m) = I_mem(v_row - m) - I_acc(m, v_col) = 0,
// which is monotone in m for passive devices and bracketed by [v_col, v_row]:
// a safeguarded scalar Newton (bisection when a step leaves the bracket)
// finds it per cell, warm-started from the previous call. Implicit
// differentiation then gives the exact cell slope at a fixed column node:
//   dI/dv_row = g_mem g_acc / (g_mem + g_acc),  g_acc = dI_acc/dm.
// The column-potential dependence (dI/dv_col at fixed cell voltage) is left
// to the outer iteration (solver/nonlinear_crossbar_solver: ColumnAwareCellEvaluator).
#include "solver/nonlinear_crossbar_solver.hpp"

#include <functional>
#include <memory>

namespace memcosim::solver {

// Cell k (row-major index): current through the memory element at voltage v, and dI/dv.
using MemoryLaw = std::function<void(Eigen::Index k, double v, double& current, double& slope)>;
// Cell k: current from the internal node (potential a) into the column node
// (potential c) and its partial derivatives.
using AccessLaw =
    std::function<void(Eigen::Index k, double a, double c, double& current, double& d_a, double& d_c)>;

struct SeriesCellStatistics {
    long long evaluations = 0;  // cell solves
    long long iterations = 0;   // scalar Newton/bisection steps, summed
};

// The evaluator of an R x C array of such cells (it keeps each cell's last
// internal potential as the next start). Throws EngineError if a cell's
// scalar solve does not converge. `thread_safe`: both laws may be called
// from several threads at once (pure functions), so large arrays are
// evaluated in parallel; a law with scratch space (a models::Evaluator) is not.
[[nodiscard]] ColumnAwareCellEvaluator series_cell_evaluator(Eigen::Index rows, Eigen::Index cols, MemoryLaw memory,
                                                             AccessLaw access, bool thread_safe = false,
                                                             std::shared_ptr<SeriesCellStatistics> statistics = {});

// One cell, for tests and for single-device curves: the series current at
// (v_row, v_col) and the internal potential.
struct SeriesPoint {
    double current = 0.0, slope = 0.0, internal = 0.0;
    int iterations = 0;
};
[[nodiscard]] SeriesPoint solve_series_pair(Eigen::Index k, double v_row, double v_col, double start,
                                            const MemoryLaw& memory, const AccessLaw& access);

}  // namespace memcosim::solver
