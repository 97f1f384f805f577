#include "solver/transient_nodal_matrix.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::solver::detail {

TransientNodalMatrix::TransientNodalMatrix(const CrossbarSystem& s) : rows_(s.rows), cols_(s.cols), n_(s.cells()) {
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(static_cast<std::size_t>(14 * n_));
    const auto between = [&t](Index a, Index b, double g) {
        t.emplace_back(a, a, g);
        t.emplace_back(b, b, g);
        t.emplace_back(a, b, -g);
        t.emplace_back(b, a, -g);
    };
    for (Index k = 0; k < 2 * n_; ++k) t.emplace_back(k, k, 0.0);
    for (Index i = 0; i < rows_; ++i) {
        t.emplace_back(row(i, 0), row(i, 0), s.row_end[i]);
        for (Index j = 0; j + 1 < cols_; ++j) between(row(i, j), row(i, j + 1), s.g_row);
    }
    for (Index j = 0; j < cols_; ++j) {
        for (Index i = 0; i + 1 < rows_; ++i) between(column(i, j), column(i + 1, j), s.g_col);
        t.emplace_back(column(rows_ - 1, j), column(rows_ - 1, j), s.column_end[j]);
    }
    wires_.resize(2 * n_, 2 * n_);
    wires_.setFromTriplets(t.begin(), t.end());
    wires_.makeCompressed();
    for (Index k = 0; k < n_; ++k) between(k, n_ + k, 0.0);  // the cells' places
    matrix_.resize(2 * n_, 2 * n_);
    matrix_.setFromTriplets(t.begin(), t.end());
    matrix_.makeCompressed();
    base_.assign(matrix_.valuePtr(), matrix_.valuePtr() + matrix_.nonZeros());
    diagonal_.resize(static_cast<std::size_t>(2 * n_));
    for (Index k = 0; k < 2 * n_; ++k) diagonal_[std::size_t(k)] = position(k, k);
    cell_.resize(static_cast<std::size_t>(n_));
    for (Index k = 0; k < n_; ++k) cell_[std::size_t(k)] = {position(k, n_ + k), position(n_ + k, k)};
    factor_.analyzePattern(matrix_);
}

void TransientNodalMatrix::factor(double shift, const RowMajorMatrix& g) {
    double* values = matrix_.valuePtr();
    std::copy(base_.begin(), base_.end(), values);
    for (Index k = 0; k < 2 * n_; ++k) values[diagonal_[std::size_t(k)]] += shift;
    for (Index k = 0; k < n_; ++k) {
        const double gk = g.data()[k];
        values[diagonal_[std::size_t(k)]] += gk;
        values[diagonal_[std::size_t(n_ + k)]] += gk;
        values[cell_[std::size_t(k)].first] -= gk;
        values[cell_[std::size_t(k)].second] -= gk;
    }
    factor_.factorize(matrix_);
    if (factor_.info() != Eigen::Success) {
        throw EngineError(
            fmt::format("nonlinear transient: LDL^T factorization of the {}x{} array failed", rows_, cols_));
    }
}

void TransientNodalMatrix::solve(const Eigen::VectorXd& f, Eigen::VectorXd& x) const { x = factor_.solve(f); }

void TransientNodalMatrix::apply_wires(double shift, const Eigen::VectorXd& x, Eigen::VectorXd& y) const {
    y.noalias() = wires_ * x;
    y += shift * x;
}

Index TransientNodalMatrix::position(Index r, Index c) const {
    const auto* outer = matrix_.outerIndexPtr();
    const auto* inner = matrix_.innerIndexPtr();
    const auto* begin = inner + outer[c];
    const auto* end = inner + outer[c + 1];
    const auto* at = std::lower_bound(begin, end, static_cast<Eigen::SparseMatrix<double>::StorageIndex>(r));
    return static_cast<Index>(at - inner);
}

}  // namespace memcosim::solver::detail
