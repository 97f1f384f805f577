#pragma once
// Matrix-free view of the linear crossbar system (DESIGN.md, "The crossbar
// convention", with the periphery of core/crossbar_array.hpp). Unknowns:
// row-node voltages u(i,j) and column-node voltages w(i,j), each R x C and
// stored row-major; a field vector is [u; w], 2*R*C long.
//
//   A = [ T_r  -D ]    D   = diag(G)
//       [ -D  T_c ]    T_r = g_r * (row-chain Laplacians) + E_r + D
//                      T_c = g_c * (column-chain Laplacians) + E_c + D
//
// The chain Laplacians have free ends; E_r holds each row's end-segment
// conductance e_i = 1 / (r_row + R_driver_i) (0 for a floating row) on the
// diagonal at (i, 0), E_c each column's e_j = 1 / (r_col + R_load_j) at
// (R-1, j). With the default periphery e = g, the Dirichlet chains of before.
//
// The solvers work on the deviation from a reference state x0 in which every
// line is at one potential: u = a_i, w = c_j (the ideal-wire solution,
// solver/line_potentials.hpp; with the default periphery a_i = V_i, c_j = 0).
// With x = x0 + d, A d = b - A x0 =: f, where
//   f_u(i,j) = -(G_ij (a_i - c_j) + J_ij) + [j = 0]     e_i (V_i - a_i)
//   f_w(i,j) = +(G_ij (a_i - c_j) + J_ij) + [i = R-1]   e_j (U_j - c_j)
// i.e. the cell currents with ideal wires (J: optional Norton sources), plus
// each line's current from its source, which balances them line by line.
// The wire terms of A x0 vanish because x0 is constant along every line.
// This matters when the wires are very conductive: the original
// right-hand side (g_r V_i at u(i,0)) is then many orders of magnitude above
// the cell currents, so a residual relative to it says nothing about them,
// and x would carry the IR drops as tiny differences of numbers near V_i.
// Relative to f, the residual measures KCL errors against the cell currents
// themselves, at any wire resistance.
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
    const double* cell_sources = nullptr; // R x C Norton currents (row -> column), or nullptr for none
    // Per line: end-segment conductance e (0: floating), source voltage
    // (V_i, U_j) and reference potential (a_i, c_j).
    Eigen::VectorXd row_end, row_source, row_reference;
    Eigen::VectorXd column_end, column_source, column_reference;
    // Every row ends on an ideal driver through one ordinary wire segment
    // (e_i = g_r), every column likewise on an ideal sense: the coarse space
    // may then pin its functions to 0 there (interpolation_1d.hpp).
    bool rows_pinned = true;
    bool columns_pinned = true;

    // The current cell (i,j) draws in the reference state: G_ij (a_i - c_j) + J_ij.
    [[nodiscard]] double ideal_cell_current(Index i, Index j) const {
        const double current = conductance[i * cols + j] * (row_reference[i] - column_reference[j]);
        return cell_sources == nullptr ? current : current + cell_sources[i * cols + j];
    }
    // Current from row i's driver in the reference state: e_i (V_i - a_i).
    [[nodiscard]] double row_boundary_current(Index i) const {
        // Exactly 0 for a floating or ideally driven row (e infinite with ideal wires).
        if (row_end[i] == 0.0 || row_source[i] == row_reference[i]) return 0.0;
        return row_end[i] * (row_source[i] - row_reference[i]);
    }
    // Current from column j's terminal in the reference state: e_j (U_j - c_j).
    [[nodiscard]] double column_boundary_current(Index j) const {
        if (column_end[j] == 0.0 || column_source[j] == column_reference[j]) return 0.0;
        return column_end[j] * (column_source[j] - column_reference[j]);
    }

    [[nodiscard]] Index cells() const { return rows * cols; }
    [[nodiscard]] const double* conductance_row(Index i) const { return conductance + i * cols; }
};

// The array must outlive the returned view. Solves for the reference state
// (line_potentials.hpp) unless the periphery is the default; throws
// EngineError if that solve fails.
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

// Node voltages u = a_i + d_u, w = c_j + d_w and line currents from the
// deviation d = [d_u; d_w]. I_j = sum_i G_ij (u_ij - w_ij), the current into
// column j's terminal by KCL on column j: summing cell currents stays
// accurate when the wires are very conductive, where g_c * w(R-1,j) would
// multiply a tiny voltage by a huge conductance. Row driver currents
// likewise by KCL on each row. Floating lines report exactly 0.
void fill_solution(const CrossbarSystem& system, const double* d, CrossbarSolution& solution);

}  // namespace memcosim::solver::detail
