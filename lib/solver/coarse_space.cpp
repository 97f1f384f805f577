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

// Power of two nearest to x on a log scale, clamped to [lo, hi].
Index nearest_power_of_two(double x, Index lo, Index hi) {
    Index p = lo;
    while (p < hi && double(p) * std::sqrt(2.0) < x) p *= 2;
    return p;
}

// Coarse unknowns (both fields) for a given spacing.
Index coarse_unknowns(const CrossbarSystem& s, CoarseSpacing spacing) {
    const Index along_i = s.rows / spacing.along_columns + 2;
    const Index along_j = s.cols / spacing.along_rows + 2;
    return 2 * along_i * along_j;
}

}  // namespace

// Why the coupling length: along a wire of segment conductance g loaded by
// cells of conductance G, the row and column fields stay tied together over
// lambda = sqrt(g / G) cells. Error components smoother than lambda are
// shared by both fields (u ~ w) and are what block Gauss-Seidel cannot
// remove; the coarse grid must resolve them, so its spacing is about
// lambda / 2 (each direction from its own wire). Shorter components are local
// to one wire and the exact chain solves remove them.
//
// Measured at 1024 x 1024 (iterations to 1e-10 for spacing 8/16/32/64/128):
//   r = 1 ohm,  G <= 1e-4 S (lambda ~ 140):  3/3/3/4/5
//   r = 5 ohm,  G <= 1e-4 S (lambda ~ 63):   3/4/4/5/8
//   r = 1 ohm,  G <= 1e-3 S (lambda ~ 45):   4/4/5/7/10
//   r = 5 ohm,  G <= 1e-3 S (lambda ~ 20):   4/5/7/12/20
// so convergence degrades slowly when the spacing exceeds lambda / 2, while
// the sparse factorization of the coarse operator grows quickly as the
// spacing shrinks (2048 x 2048 at spacing 8: 130k coarse unknowns, 3.3 s).
// The spacing is therefore also coarsened until the coarse grid has at most
// max_coarse_unknowns, where the factorization takes a few tenths of a
// second; beyond that, more cheap iterations win.
CoarseSpacing choose_coarse_spacing(const CrossbarSystem& s, int requested) {
    if (requested > 0) return {requested, requested};
    constexpr Index max_coarse_unknowns = 40000;
    const double G = mean_conductance(s);
    CoarseSpacing spacing{nearest_power_of_two(0.5 * std::sqrt(s.g_row / G), 4, 64),
                          nearest_power_of_two(0.5 * std::sqrt(s.g_col / G), 4, 64)};
    while (coarse_unknowns(s, spacing) > max_coarse_unknowns &&
           std::min(spacing.along_rows, spacing.along_columns) < 256) {
        // Coarsen the finer direction first, keeping the grid as isotropic as the wires allow.
        Index& finer = spacing.along_rows <= spacing.along_columns ? spacing.along_rows : spacing.along_columns;
        finer *= 2;
    }
    return spacing;
}

// The coarse functions ramp to 0 at a line's end only when every line of
// that family ends on an ideal source one wire segment away, so the error
// truly vanishes there. A floating line's error does not vanish at its end,
// and behind a driver or load resistance it need not: there the end is free
// and the Galerkin operator carries the end conductance itself.
CoarseSpace make_coarse_space(const CrossbarSystem& s, CoarseSpacing spacing) {
    CoarseSpace space;
    space.u_i = make_interpolation(s.rows, spacing.along_columns, FixedEnd::none);
    space.u_j = make_interpolation(s.cols, spacing.along_rows, s.rows_pinned ? FixedEnd::low : FixedEnd::none);
    space.w_i = make_interpolation(s.rows, spacing.along_columns, s.columns_pinned ? FixedEnd::high : FixedEnd::none);
    space.w_j = make_interpolation(s.cols, spacing.along_rows, FixedEnd::none);
    return space;
}

CoarseSolver::CoarseSolver(const Eigen::SparseMatrix<double>& coarse_operator) : size_(coarse_operator.rows()) {
    factor_.compute(coarse_operator);
    if (factor_.info() != Eigen::Success) {
        throw EngineError(fmt::format(
            "linear crossbar solver: factorization of the {}-unknown coarse operator failed", coarse_operator.rows()));
    }
}

}  // namespace memcosim::solver::detail
