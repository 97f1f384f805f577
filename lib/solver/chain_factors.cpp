#include "solver/chain_factors.hpp"

#include "solver/parallel.hpp"

namespace memcosim::solver::detail {

namespace {

// Row wire i: a segment to the driver (or the previous node) left of every
// node, and one to the right of all but the last.
void factor_row_chain(const CrossbarSystem& s, Index i, double* inv) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_row;
    double previous_inverse = 0.0;  // no coupling before the first node
    for (Index j = 0; j < C; ++j) {
        const double diagonal = g + (j + 1 < C ? g : 0.0) + G[j];
        inv[j] = 1.0 / (diagonal - g * g * previous_inverse);
        previous_inverse = inv[j];
    }
}

// Column wires: a segment below every node (to the next node or the sense
// node) and one above all but row 0. Swept down i over all columns at once.
void factor_column_chains(const CrossbarSystem& s, Index j0, Index j1, double* inv) {
    const Index C = s.cols;
    const double g = s.g_col;
    for (Index i = 0; i < s.rows; ++i) {
        const double* G = s.conductance_row(i);
        double* row = inv + i * C;
        if (i == 0) {
            for (Index j = j0; j < j1; ++j) row[j] = 1.0 / (g + G[j]);
            continue;
        }
        const double* above = row - C;
        for (Index j = j0; j < j1; ++j) row[j] = 1.0 / (2.0 * g + G[j] - g * g * above[j]);
    }
}

// Forward and backward substitution along one contiguous chain; the
// backward step is written as x*inv + (g*inv)*x_next so the loop-carried
// dependency is one multiply-add, not add-multiply-multiply.
void solve_one_row(Index n, double g, const double* inv, const double* r, const double* G, const double* w,
                   double* out) {
    double y = 0.0;
    double coupling = 0.0;  // g / d_{k-1}
    for (Index k = 0; k < n; ++k) {
        const double rhs = w != nullptr ? r[k] + G[k] * w[k] : r[k];
        y = rhs + coupling * y;
        out[k] = y;
        coupling = g * inv[k];
    }
    double x = 0.0;
    for (Index k = n - 1; k >= 0; --k) {
        x = out[k] * inv[k] + (g * inv[k]) * x;
        out[k] = x;
    }
}

}  // namespace

ChainFactors factor_chains(const CrossbarSystem& s) {
    ChainFactors f;
    const auto n = static_cast<size_t>(s.cells());
    f.row_inverse_pivots.resize(n);
    f.column_inverse_pivots.resize(n);
    parallel_slices(s.rows, s.cells(), [&](int, Index begin, Index end) {
        for (Index i = begin; i < end; ++i) factor_row_chain(s, i, f.row_inverse_pivots.data() + i * s.cols);
    });
    parallel_slices(s.cols, s.cells(), [&](int, Index begin, Index end) {
        factor_column_chains(s, begin, end, f.column_inverse_pivots.data());
    });
    return f;
}

void solve_row_chains(const CrossbarSystem& s, const ChainFactors& f, const double* r_u, const double* w,
                      double* out_u) {
    const Index C = s.cols;
    parallel_slices(s.rows, s.cells(), [&](int, Index begin, Index end) {
        for (Index i = begin; i < end; ++i) {
            const Index k = i * C;
            solve_one_row(C, s.g_row, f.row_inverse_pivots.data() + k, r_u + k, s.conductance_row(i),
                          w != nullptr ? w + k : nullptr, out_u + k);
        }
    });
}

namespace {

// Columns [j0, j1) of every row: forward sweep down i, then back up.
void solve_column_slice(const CrossbarSystem& s, const double* inv, const double* r_w, const double* u, double* out,
                        Index j0, Index j1) {
    const Index C = s.cols;
    const double g = s.g_col;
    for (Index i = 0; i < s.rows; ++i) {
        const Index k = i * C;
        const double* G = s.conductance_row(i);
        if (i == 0) {
            for (Index j = j0; j < j1; ++j) out[j] = r_w[j] + G[j] * u[j];
            continue;
        }
        const double* inv_above = inv + k - C;
        const double* y_above = out + k - C;
        for (Index j = j0; j < j1; ++j) out[k + j] = r_w[k + j] + G[j] * u[k + j] + g * inv_above[j] * y_above[j];
    }
    for (Index i = s.rows - 1; i >= 0; --i) {
        const Index k = i * C;
        if (i == s.rows - 1) {
            for (Index j = j0; j < j1; ++j) out[k + j] *= inv[k + j];
            continue;
        }
        const double* x_below = out + k + C;
        for (Index j = j0; j < j1; ++j) out[k + j] = (out[k + j] + g * x_below[j]) * inv[k + j];
    }
}

}  // namespace

void solve_column_chains(const CrossbarSystem& s, const ChainFactors& f, const double* r_w, const double* u,
                         double* out_w) {
    parallel_slices(s.cols, s.cells(), [&](int, Index begin, Index end) {
        solve_column_slice(s, f.column_inverse_pivots.data(), r_w, u, out_w, begin, end);
    });
}

}  // namespace memcosim::solver::detail
