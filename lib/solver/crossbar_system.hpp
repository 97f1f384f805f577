#pragma once
// Matrix-free view of the linear crossbar system (DESIGN.md, "The crossbar
// convention"). Unknowns: row-node voltages u(i,j) and column-node voltages
// w(i,j), each R x C and stored row-major; a field vector is [u; w], 2*R*C long.
//
//   A = [ T_r  -D ]    D   = diag(G)
//       [ -D  T_c ]    T_r = g_r * (row-chain Laplacians) + D
//                      T_c = g_c * (column-chain Laplacians) + D
//
// Row chain i: Dirichlet (the driver V_i) one segment left of j = 0, free end
// at j = C-1. Column chain j: free end at i = 0, Dirichlet (sense, 0 V) one
// segment below i = R-1.
//
// The solvers work on the deviation from the ideal-wire state x0 (u = V_i,
// w = 0): with x = x0 + d, A d = b - A x0 =: f, where
//   f_u(i,j) = -(G_ij V_i + J_ij),   f_w(i,j) = +(G_ij V_i + J_ij),
// i.e. the cell currents with ideal wires (J: optional Norton sources). This matters when the wires are
// very conductive: the original right-hand side (g_r V_i at u(i,0)) is then
// many orders of magnitude above the cell currents, so a residual relative to
// it says nothing about them, and x would carry the IR drops as tiny
// differences of numbers near V_i. Relative to f, the residual measures KCL
// errors against the cell currents themselves, at any wire resistance.
#include "core/crossbar_array.hpp"
#include "solver/linear_crossbar_solver.hpp"

namespace memcosim::solver::detail {

using Index = Eigen::Index;

struct CrossbarSystem {
    Index rows = 0;
    Index cols = 0;
    double g_row = 0.0;                   // 1 / r_row, siemens per segment
    double g_col = 0.0;                   // 1 / r_col
    const double* conductance = nullptr;  // R x C, row-major, borrowed from the array
    const double* inputs = nullptr;       // R drive voltages, borrowed
    const double* cell_sources = nullptr; // R x C Norton currents (row -> column), or nullptr for none

    // The current cell (i,j) draws with ideal wires: G_ij V_i + J_ij.
    [[nodiscard]] double ideal_cell_current(Index i, Index j) const {
        const double current = conductance[i * cols + j] * inputs[i];
        return cell_sources == nullptr ? current : current + cell_sources[i * cols + j];
    }

    [[nodiscard]] Index cells() const { return rows * cols; }
    [[nodiscard]] const double* conductance_row(Index i) const { return conductance + i * cols; }
};

// The array must outlive the returned view.
[[nodiscard]] CrossbarSystem make_system(const CrossbarArray& array);

// ||f||.
[[nodiscard]] double deviation_rhs_norm(const CrossbarSystem& system);

// f as a vector [f_u; f_w] (for the direct method).
[[nodiscard]] Eigen::VectorXd deviation_rhs(const CrossbarSystem& system);

// y = A x; returns x . y (PCG needs p . Ap, and this saves a pass).
double apply_operator(const CrossbarSystem& system, const double* x, double* y);

// r = f - A d; returns ||r||^2.
double deviation_residual(const CrossbarSystem& system, const double* d, double* r);

// The smallest ||f - A d|| that rounding allows: eps * || |A| |d| + |f| ||.
// The node voltages themselves carry relative errors of eps, which |A|
// (large wire conductances) amplifies; with very conductive wires on large
// arrays this floor can exceed the requested tolerance, and then reaching it
// is the best any double-precision solution can do.
[[nodiscard]] double deviation_residual_floor(const CrossbarSystem& system, const double* d);

// Node voltages u = V_i + d_u, w = d_w and column currents from the
// deviation d = [d_u; d_w]. I_j = sum_i G_ij (u_ij - w_ij), the current into
// sense_j by KCL on column j: summing cell currents stays accurate when the
// wires are very conductive, where g_c * w(R-1,j) would multiply a tiny
// voltage by a huge conductance.
void fill_solution(const CrossbarSystem& system, const double* d, CrossbarSolution& solution);

}  // namespace memcosim::solver::detail
