// Restriction and prolongation between the fine row field and its coarse
// grid, one fine row at a time: along j through the runs of the 1D
// interpolation (coarse values held in registers), along i as a weighted
// add of whole coarse lines.
#include "solver/coarse_space.hpp"
#include "solver/parallel.hpp"

#include <algorithm>

namespace memcosim::solver::detail {

TransferWorkspace::TransferWorkspace(const CoarseSpace& space)
    : accumulators(static_cast<size_t>(chunk_count * space.u_size())),
      lines(static_cast<size_t>(chunk_count * space.u_j.coarse)) {}

namespace {

// line = P_j^T (G .* w) on fine row i (one entry per coarse point along j).
void restrict_along_row(const Interpolation1D& Pj, const double* G, const double* w, double* line) {
    std::fill(line, line + Pj.coarse, 0.0);
    for (const auto& run : Pj.runs) {
        double to_lo = 0.0, to_hi = 0.0;
        for (Index j = run.begin; j < run.end; ++j) {
            const double current = G[j] * w[j];
            to_lo += Pj.weight_lo[j] * current;
            to_hi += Pj.weight_hi[j] * current;
        }
        line[run.lo] += to_lo;
        line[run.hi] += to_hi;
    }
}

// row += P_j line.
void prolong_along_row(const Interpolation1D& Pj, const double* line, double* row) {
    for (const auto& run : Pj.runs) {
        const double lo = line[run.lo], hi = line[run.hi];
        for (Index j = run.begin; j < run.end; ++j) row[j] += Pj.weight_lo[j] * lo + Pj.weight_hi[j] * hi;
    }
}

}  // namespace

void restrict_cell_currents(const CrossbarSystem& s, const CoarseSpace& cs, const double* w, double* coarse_u,
                            TransferWorkspace& work) {
    // Neighbouring fine rows share coarse rows, so each chunk sums into its
    // own accumulator; they are added in chunk order afterwards.
    const Index n = cs.u_size(), nj = cs.u_j.coarse;
    const Interpolation1D& Pi = cs.u_i;
    std::fill(work.accumulators.begin(), work.accumulators.end(), 0.0);
    parallel_chunks(s.rows, s.cells(), [&](int chunk, Index begin, Index end) {
        double* coarse = work.accumulators.data() + chunk * n;
        double* line = work.lines.data() + chunk * nj;
        for (Index i = begin; i < end; ++i) {
            restrict_along_row(cs.u_j, s.conductance_row(i), w + i * s.cols, line);
            double* lo = coarse + Pi.lo[i] * nj;
            double* hi = coarse + Pi.hi[i] * nj;
            for (Index J = 0; J < nj; ++J) {
                lo[J] += Pi.weight_lo[i] * line[J];
                hi[J] += Pi.weight_hi[i] * line[J];
            }
        }
    });
    std::copy(work.accumulators.begin(), work.accumulators.begin() + n, coarse_u);
    for (int chunk = 1; chunk < chunk_count; ++chunk) {
        const double* p = work.accumulators.data() + chunk * n;
        for (Index k = 0; k < n; ++k) coarse_u[k] += p[k];
    }
}

void prolong_add_row_field(const CrossbarSystem& s, const CoarseSpace& cs, const double* e_u, double* u,
                           TransferWorkspace& work) {
    const Index nj = cs.u_j.coarse;
    const Interpolation1D& Pi = cs.u_i;
    parallel_chunks(s.rows, s.cells(), [&](int chunk, Index begin, Index end) {
        double* line = work.lines.data() + chunk * nj;
        for (Index i = begin; i < end; ++i) {
            const double* lo = e_u + Pi.lo[i] * nj;
            const double* hi = e_u + Pi.hi[i] * nj;
            for (Index J = 0; J < nj; ++J) line[J] = Pi.weight_lo[i] * lo[J] + Pi.weight_hi[i] * hi[J];
            prolong_along_row(cs.u_j, line, u + i * s.cols);
        }
    });
}

}  // namespace memcosim::solver::detail
