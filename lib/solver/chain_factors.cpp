#include "solver/chain_factors.hpp"

#include "solver/huge_pages.hpp"
#include "solver/parallel.hpp"

namespace memcosim::solver::detail {

namespace {

// Row wires i .. i+B-1: a segment to the driver (e_i, 0 if floating) or the
// previous node left of every node, and one to the right of all but the
// last. B chains are interleaved because each step waits on a division from
// the previous one.
template <int B>
void factor_row_chains(const CrossbarSystem& s, Index i, double* inv) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_row;
    const double right = C > 1 ? g : 0.0;
    for (int b = 0; b < B; ++b) inv[b * C] = 1.0 / (s.row_end[i + b] + right + G[b * C]);
    double previous_inverse[B];
    for (int b = 0; b < B; ++b) previous_inverse[b] = inv[b * C];
    for (Index j = 1; j < C; ++j) {
        const double wires = g + (j + 1 < C ? g : 0.0);
        for (int b = 0; b < B; ++b) {
            const Index at = b * C + j;
            inv[at] = 1.0 / (wires + G[at] - g * g * previous_inverse[b]);
            previous_inverse[b] = inv[at];
        }
    }
}

// Column wires: a segment below every node (to the next node, or e_j to the
// terminal) and one above all but row 0. Swept down i over all columns at once.
void factor_column_chains(const CrossbarSystem& s, Index j0, Index j1, double* inv) {
    const Index C = s.cols;
    const double g = s.g_col;
    const double* e = s.column_end.data();
    for (Index i = 0; i < s.rows; ++i) {
        const double* G = s.conductance_row(i);
        double* row = inv + i * C;
        const bool last = i + 1 == s.rows;
        if (i == 0) {
            for (Index j = j0; j < j1; ++j) row[j] = 1.0 / ((last ? e[j] : g) + G[j]);
            continue;
        }
        const double* above = row - C;
        for (Index j = j0; j < j1; ++j) row[j] = 1.0 / (g + (last ? e[j] : g) + G[j] - g * g * above[j]);
    }
}

// Forward and backward substitution along B row chains at once (rows
// C apart). One chain alone is bound by the latency of its recurrence (each
// step waits for the previous one); B independent chains interleaved keep
// the floating-point units busy. The backward step is written as
// y*inv + (g*inv)*x_next so the loop-carried dependency is one multiply and
// one add. With `coupled` false the right-hand side is r alone (w = 0).
template <int B, bool coupled>
void solve_row_group(Index C, double g, const double* inv, const double* r, const double* G, const double* w,
                     double* out) {
    double y[B] = {};
    double coupling[B] = {};  // g / d_{k-1} per chain
    for (Index k = 0; k < C; ++k) {
        for (int b = 0; b < B; ++b) {
            const Index at = b * C + k;
            const double rhs = coupled ? r[at] + G[at] * w[at] : r[at];
            y[b] = rhs + coupling[b] * y[b];
            out[at] = y[b];
            coupling[b] = g * inv[at];
        }
    }
    double x[B] = {};
    for (Index k = C - 1; k >= 0; --k) {
        for (int b = 0; b < B; ++b) {
            const Index at = b * C + k;
            x[b] = out[at] * inv[at] + (g * inv[at]) * x[b];
            out[at] = x[b];
        }
    }
}

template <int B>
void solve_rows(const CrossbarSystem& s, const ChainFactors& f, Index i, const double* r_u, const double* w,
                double* out_u) {
    const Index k = i * s.cols;
    const double* inv = f.row_inverse_pivots.data() + k;
    if (w != nullptr) {
        solve_row_group<B, true>(s.cols, s.g_row, inv, r_u + k, s.conductance_row(i), w + k, out_u + k);
    } else {
        solve_row_group<B, false>(s.cols, s.g_row, inv, r_u + k, s.conductance_row(i), nullptr, out_u + k);
    }
}

}  // namespace

ChainFactors factor_chains(const CrossbarSystem& s) {
    ChainFactors f;
    allocate_large(f.row_inverse_pivots, s.cells());
    allocate_large(f.column_inverse_pivots, s.cells());
    parallel_chunks(s.rows, s.cells(), [&](int, Index begin, Index end) {
        constexpr int group = 4;
        Index i = begin;
        for (; i + group <= end; i += group) factor_row_chains<group>(s, i, f.row_inverse_pivots.data() + i * s.cols);
        for (; i < end; ++i) factor_row_chains<1>(s, i, f.row_inverse_pivots.data() + i * s.cols);
    });
    parallel_chunks(s.cols, s.cells(), [&](int, Index begin, Index end) {
        factor_column_chains(s, begin, end, f.column_inverse_pivots.data());
    });
    return f;
}

void solve_row_chains(const CrossbarSystem& s, const ChainFactors& f, const double* r_u, const double* w,
                      double* out_u) {
    parallel_chunks(s.rows, s.cells(), [&](int, Index begin, Index end) {
        constexpr int group = 4;
        Index i = begin;
        for (; i + group <= end; i += group) solve_rows<group>(s, f, i, r_u, w, out_u);
        for (; i < end; ++i) solve_rows<1>(s, f, i, r_u, w, out_u);
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
    parallel_chunks(s.cols, s.cells(), [&](int, Index begin, Index end) {
        solve_column_slice(s, f.column_inverse_pivots.data(), r_w, u, out_w, begin, end);
    });
}

}  // namespace memcosim::solver::detail
