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
// segment below i = R-1. The right-hand side is g_r * V_i at u(i,0) only.
#include "core/crossbar_array.hpp"

namespace memcosim::solver::detail {

using Index = Eigen::Index;

struct CrossbarSystem {
    Index rows = 0;
    Index cols = 0;
    double g_row = 0.0;                   // 1 / r_row, siemens per segment
    double g_col = 0.0;                   // 1 / r_col
    const double* conductance = nullptr;  // R x C, row-major, borrowed from the array
    const double* inputs = nullptr;       // R drive voltages, borrowed

    [[nodiscard]] Index cells() const { return rows * cols; }
    [[nodiscard]] const double* conductance_row(Index i) const { return conductance + i * cols; }
};

// The array must outlive the returned view.
[[nodiscard]] CrossbarSystem make_system(const CrossbarArray& array);

// ||b||, where b is the right-hand side above.
[[nodiscard]] double rhs_norm(const CrossbarSystem& system);

// y = A x; returns x . y (PCG needs p . Ap, and this saves a pass).
double apply_operator(const CrossbarSystem& system, const double* x, double* y);

// r = b - A x; returns ||r||^2.
double residual(const CrossbarSystem& system, const double* x, double* r);

// I_j = sum_i G_ij (u_ij - w_ij): the current into sense_j by KCL on column j.
// Summing cell currents stays accurate when the wires are very conductive,
// where g_c * w(R-1,j) would multiply a tiny voltage by a huge conductance.
[[nodiscard]] Eigen::VectorXd column_currents(const CrossbarSystem& system, const double* u, const double* w);

}  // namespace memcosim::solver::detail
