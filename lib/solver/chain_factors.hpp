#pragma once
// Exact solves along every wire: the blocks of the Gauss-Seidel smoother.
//
// T_r is block diagonal with one symmetric tridiagonal matrix per row wire
// (diagonal g_r*(segments at the node) + G, off-diagonal -g_r; the end
// segment to the driver counts e_i instead of g_r), T_c likewise per column
// wire (its end segment e_j at the bottom). Each is factored once as L D L^T (the Thomas algorithm);
// only 1/d is stored, since the off-diagonal is the constant -g:
//   forward   y_k = rhs_k + g * y_{k-1} / d_{k-1}
//   backward  x_k = (y_k + g * x_{k+1}) / d_k
// The column factors are laid out like the field (row-major), so a column
// sweep walks i and processes all columns of a row at once: contiguous,
// vectorizable, instead of striding down one column at a time.
#include "solver/crossbar_system.hpp"


namespace memcosim::solver::detail {

struct ChainFactors {
    Eigen::VectorXd row_inverse_pivots;     // R x C: 1/d along each row wire
    Eigen::VectorXd column_inverse_pivots;  // R x C: 1/d down each column wire
};

[[nodiscard]] ChainFactors factor_chains(const CrossbarSystem& system);

// out_u = T_r^{-1} (r_u + G .* w); w may be null (then out_u = T_r^{-1} r_u).
// This is "solve every row wire with the column field held fixed".
void solve_row_chains(const CrossbarSystem& system, const ChainFactors& factors, const double* r_u, const double* w,
                      double* out_u);

// out_w = T_c^{-1} (r_w + G .* u): every column wire with the row field fixed.
void solve_column_chains(const CrossbarSystem& system, const ChainFactors& factors, const double* r_w,
                         const double* u, double* out_w);

}  // namespace memcosim::solver::detail
