#pragma once
// The nodal matrix of the nonlinear crossbar transient
// (solver/nonlinear_transient.hpp),
//     J = A + s I + K^T diag(g) K,
// A the wire chains with their end segments, s the companion model's C/h or
// 2C/h on every node, g the cells' linearised conductances, on a sparsity
// pattern fixed for the whole run: the symbolic analysis (ordering and
// elimination tree) is done once, each factorization is numeric only.
//
// It also applies the parts of the circuit that do not change, A x + s x,
// for the Newton residual, so that a factorization may serve several
// iterations and steps (chord Newton) while the residual stays exact.
#include "solver/crossbar_system.hpp"

#include <Eigen/SparseCholesky>
#include <utility>
#include <vector>

namespace memcosim::solver::detail {

class TransientNodalMatrix {
public:
    explicit TransientNodalMatrix(const CrossbarSystem& system);

    // Numeric factorization of A + s I + K^T diag(g) K; throws EngineError
    // if it fails.
    void factor(double shift, const RowMajorMatrix& g);
    // x = J^-1 f with the last factorization (in place: x may not alias f).
    void solve(const Eigen::VectorXd& f, Eigen::VectorXd& x) const;
    // y = (A + s I) x, without the cells.
    void apply_wires(double shift, const Eigen::VectorXd& x, Eigen::VectorXd& y) const;

    [[nodiscard]] Index row(Index i, Index j) const { return i * cols_ + j; }
    [[nodiscard]] Index column(Index i, Index j) const { return n_ + i * cols_ + j; }

private:
    Index position(Index r, Index c) const;

    Index rows_, cols_, n_;
    Eigen::SparseMatrix<double> matrix_;  // J on the fixed pattern
    Eigen::SparseMatrix<double> wires_;   // A alone
    std::vector<double> base_;            // A's values on J's pattern
    std::vector<Index> diagonal_;
    std::vector<std::pair<Index, Index>> cell_;
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> factor_;
};

}  // namespace memcosim::solver::detail
