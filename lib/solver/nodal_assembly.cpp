#include "solver/nodal_assembly.hpp"

#include "core/error.hpp"

#include <Eigen/SparseCholesky>
#include <fmt/format.h>
#include <vector>

namespace memcosim::solver::detail {

namespace {

using Triplet = Eigen::Triplet<double>;

// Stamp of a conductance g between unknowns a and b.
void stamp_between(std::vector<Triplet>& t, Index a, Index b, double g) {
    t.emplace_back(a, a, g);
    t.emplace_back(b, b, g);
    t.emplace_back(a, b, -g);
    t.emplace_back(b, a, -g);
}

// Stamp of a conductance from unknown a to a node of known voltage.
void stamp_to_fixed(std::vector<Triplet>& t, Index a, double g) {
    if (g != 0.0) t.emplace_back(a, a, g);
}

}  // namespace

Eigen::SparseMatrix<double> assemble_nodal_matrix(const CrossbarSystem& s) {
    const Index R = s.rows, C = s.cols, N = s.cells();
    const auto row_node = [&](Index i, Index j) { return i * C + j; };
    const auto col_node = [&](Index i, Index j) { return N + i * C + j; };
    std::vector<Triplet> t;
    t.reserve(static_cast<size_t>(12 * N));
    for (Index i = 0; i < R; ++i) {
        stamp_to_fixed(t, row_node(i, 0), s.row_end[i]);  // driver segment (0: floating)
        for (Index j = 0; j + 1 < C; ++j) stamp_between(t, row_node(i, j), row_node(i, j + 1), s.g_row);
    }
    for (Index j = 0; j < C; ++j) {
        for (Index i = 0; i + 1 < R; ++i) stamp_between(t, col_node(i, j), col_node(i + 1, j), s.g_col);
        stamp_to_fixed(t, col_node(R - 1, j), s.column_end[j]);  // terminal segment (0: floating)
    }
    for (Index i = 0; i < R; ++i) {
        for (Index j = 0; j < C; ++j) stamp_between(t, row_node(i, j), col_node(i, j), s.conductance_row(i)[j]);
    }
    Eigen::SparseMatrix<double> A(2 * N, 2 * N);
    A.setFromTriplets(t.begin(), t.end());  // sums duplicate stamps
    return A;
}

DirectSolution solve_direct(const CrossbarSystem& s) {
    const Eigen::SparseMatrix<double> A = assemble_nodal_matrix(s);
    const Eigen::VectorXd f = deviation_rhs(s);
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> factor(A);
    if (factor.info() != Eigen::Success) {
        throw EngineError(fmt::format("linear crossbar solver: sparse LDL^T factorization of the {}x{} array failed",
                                      s.rows, s.cols));
    }
    DirectSolution solution;
    solution.deviation = factor.solve(f);
    const double f_norm = f.norm();
    solution.relative_residual = f_norm > 0.0 ? (f - A * solution.deviation).norm() / f_norm : 0.0;
    return solution;
}

}  // namespace memcosim::solver::detail
