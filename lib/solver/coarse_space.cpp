#include "solver/coarse_space.hpp"

#include "core/error.hpp"
#include "solver/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace memcosim::solver::detail {

namespace {

// Mean cell conductance: sets how strongly the two fields are tied together.
double mean_conductance(const CrossbarSystem& s) {
    const double sum = parallel_sum(s.rows, s.cells(), [&](Index begin, Index end) {
        double part = 0.0;
        for (Index k = begin * s.cols; k < end * s.cols; ++k) part += s.conductance[k];
        return part;
    });
    return sum / double(s.cells());
}

// Largest power of two not above x, clamped to [lo, hi].
Index power_of_two_at_most(double x, Index lo, Index hi) {
    Index p = lo;
    while (p * 2 <= hi && double(p * 2) <= x) p *= 2;
    return p;
}

}  // namespace

// Why the coupling length: along a wire of segment conductance g loaded by
// cells of conductance G, the row and column fields stay tied together over
// lambda = sqrt(g / G) cells. Error components smoother than lambda are
// shared by both fields (u ~ w) and are what block Gauss-Seidel cannot
// remove; the coarse grid must resolve them, so its spacing has to be a
// fraction of lambda. Shorter components are local to one wire and the
// exact chain solves remove them. Each direction gets its own spacing, from
// its own wire conductance. The spacing is kept within [4, 64]: coarser adds
// nothing, and finer makes the coarse factorization the dominant cost.
CoarseSpacing choose_coarse_spacing(const CrossbarSystem& s, int requested) {
    if (requested > 0) return {requested, requested};
    const double G = mean_conductance(s);
    const double fraction = 0.5;
    return {power_of_two_at_most(fraction * std::sqrt(s.g_row / G), 4, 64),
            power_of_two_at_most(fraction * std::sqrt(s.g_col / G), 4, 64)};
}

CoarseSpace make_coarse_space(const CrossbarSystem& s, CoarseSpacing spacing) {
    CoarseSpace space;
    space.u_i = make_interpolation(s.rows, spacing.along_columns, FixedEnd::none);
    space.u_j = make_interpolation(s.cols, spacing.along_rows, FixedEnd::low);
    space.w_i = make_interpolation(s.rows, spacing.along_columns, FixedEnd::high);
    space.w_j = make_interpolation(s.cols, spacing.along_rows, FixedEnd::none);
    return space;
}

namespace {

// Restriction of G .* w on fine row i along j (into line[], one entry per
// coarse point along j), then spread over the coarse rows of fine row i.
void restrict_row(const CrossbarSystem& s, const CoarseSpace& cs, Index i, const double* w, double* line,
                  double* coarse) {
    const Interpolation1D& Pj = cs.u_j;
    const Interpolation1D& Pi = cs.u_i;
    const double* G = s.conductance_row(i);
    std::fill(line, line + Pj.coarse, 0.0);
    for (Index j = 0; j < s.cols; ++j) {
        const double current = G[j] * w[j];
        line[Pj.lo[j]] += Pj.weight_lo[j] * current;
        line[Pj.hi[j]] += Pj.weight_hi[j] * current;
    }
    double* lo = coarse + Pi.lo[i] * Pj.coarse;
    double* hi = coarse + Pi.hi[i] * Pj.coarse;
    for (Index J = 0; J < Pj.coarse; ++J) {
        lo[J] += Pi.weight_lo[i] * line[J];
        hi[J] += Pi.weight_hi[i] * line[J];
    }
}

}  // namespace

void restrict_cell_currents(const CrossbarSystem& s, const CoarseSpace& cs, const double* w, double* coarse_u) {
    // Each thread accumulates into its own copy (neighbouring fine rows share
    // coarse rows); the copies are added in thread order.
    const Index n = cs.u_size();
    const Index stride = n + cs.u_j.coarse;  // accumulator, then the scratch line
    const int threads = max_threads();
    std::vector<double> partial(static_cast<size_t>(threads * stride), 0.0);
    parallel_slices(s.rows, s.cells(), [&](int part, Index begin, Index end) {
        double* coarse = partial.data() + part * stride;
        for (Index i = begin; i < end; ++i) restrict_row(s, cs, i, w + i * s.cols, coarse + n, coarse);
    });
    std::copy(partial.begin(), partial.begin() + n, coarse_u);
    for (int part = 1; part < threads; ++part) {
        const double* p = partial.data() + part * stride;
        for (Index k = 0; k < n; ++k) coarse_u[k] += p[k];
    }
}

void prolong_add_row_field(const CrossbarSystem& s, const CoarseSpace& cs, const double* e_u, double* u) {
    const Interpolation1D& Pj = cs.u_j;
    const Interpolation1D& Pi = cs.u_i;
    parallel_slices(s.rows, s.cells(), [&](int, Index begin, Index end) {
        std::vector<double> line(static_cast<size_t>(Pj.coarse));
        for (Index i = begin; i < end; ++i) {
            // Interpolate along i first (one coarse line), then along j.
            const double* lo = e_u + Pi.lo[i] * Pj.coarse;
            const double* hi = e_u + Pi.hi[i] * Pj.coarse;
            for (Index J = 0; J < Pj.coarse; ++J) line[J] = Pi.weight_lo[i] * lo[J] + Pi.weight_hi[i] * hi[J];
            double* row = u + i * s.cols;
            for (Index j = 0; j < s.cols; ++j) row[j] += Pj.weight_lo[j] * line[Pj.lo[j]] + Pj.weight_hi[j] * line[Pj.hi[j]];
        }
    });
}

CoarseSolver::CoarseSolver(const Eigen::SparseMatrix<double>& coarse_operator) : size_(coarse_operator.rows()) {
    factor_.compute(coarse_operator);
    if (factor_.info() != Eigen::Success) {
        throw EngineError(fmt::format(
            "linear crossbar solver: factorization of the {}-unknown coarse operator failed", coarse_operator.rows()));
    }
}

}  // namespace memcosim::solver::detail
