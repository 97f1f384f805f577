// A_c = P^T A P from the tensor structure, never forming P or A:
//
//   [ P_u^T T_r P_u    -P_u^T D P_w ]     P_u^T T_r P_u = g_r (P_ui^T P_ui) (x) (P_uj^T L P_uj)
//   [ -P_w^T D P_u     P_w^T T_c P_w ]                    + P_u^T (E_r + D) P_u
//                                         P_w^T T_c P_w = g_c (P_wi^T L P_wi) (x) (P_wj^T P_wj)
//                                                         + P_w^T (E_c + D) P_w
//
// L is the free chain Laplacian; the end segments (driver, terminal) differ
// from line to line (crossbar_system.hpp), so they are not part of the
// Kronecker product but diagonal terms E at the first / last node of each
// chain, projected one fine node at a time like a cell conductance.
//
// The wire parts are Kronecker products of small 1D matrices (the row wires
// are identical chains that do not talk along i, so that factor is just the
// Gram matrix P^T P). The cell parts P_a^T D P_b depend on every G(i,j) and
// are computed with one separable pass: contract each fine row along j into
// a banded coarse-j matrix, then spread it over the coarse rows of that fine
// row. Both interpolations have at most two weights per node, so the bands
// are narrow and the pass costs a few multiply-adds per cell.
#include "solver/coarse_space.hpp"
#include "solver/parallel.hpp"

#include <algorithm>
#include <vector>

namespace memcosim::solver::detail {

namespace {

using Triplet = Eigen::Triplet<double>;
using Sparse = Eigen::SparseMatrix<double>;

// Wire Laplacian of a chain of n nodes (unit segments). A fixed end adds the
// segment to the Dirichlet node beyond it.
Sparse chain_laplacian(Index n, FixedEnd fixed) {
    std::vector<Triplet> t;
    for (Index k = 0; k < n; ++k) {
        const bool left = k > 0 || fixed == FixedEnd::low;
        const bool right = k + 1 < n || fixed == FixedEnd::high;
        t.emplace_back(k, k, double(left) + double(right));
        if (k + 1 < n) {
            t.emplace_back(k, k + 1, -1.0);
            t.emplace_back(k + 1, k, -1.0);
        }
    }
    Sparse L(n, n);
    L.setFromTriplets(t.begin(), t.end());
    return L;
}

// value * (P_i row i (x) P_j row j)^T (P_i row i (x) P_j row j) at (offset,
// offset): the projection of a diagonal entry `value` at fine node (i, j).
void add_node_diagonal(std::vector<Triplet>& t, const Interpolation1D& Pi, const Interpolation1D& Pj, Index i,
                       Index j, double value, Index offset) {
    if (value == 0.0) return;
    const Index I[2] = {Pi.lo[i], Pi.hi[i]};
    const double WI[2] = {Pi.weight_lo[i], Pi.weight_hi[i]};
    const Index J[2] = {Pj.lo[j], Pj.hi[j]};
    const double WJ[2] = {Pj.weight_lo[j], Pj.weight_hi[j]};
    const Index nj = Pj.coarse;
    for (int a = 0; a < 4; ++a) {
        const double wa = WI[a / 2] * WJ[a % 2];
        if (wa == 0.0) continue;
        for (int b = 0; b < 4; ++b) {
            const double wb = WI[b / 2] * WJ[b % 2];
            if (wb == 0.0) continue;
            t.emplace_back(offset + I[a / 2] * nj + J[a % 2], offset + I[b / 2] * nj + J[b % 2], value * wa * wb);
        }
    }
}

// scale * (A (x) B) added at (offset, offset): entry (I*b + J, K*b + L).
void add_kronecker(std::vector<Triplet>& t, const Sparse& A, const Sparse& B, double scale, Index offset) {
    const Index b = B.rows();
    for (Index ka = 0; ka < A.outerSize(); ++ka) {
        for (Sparse::InnerIterator ea(A, ka); ea; ++ea) {
            for (Index kb = 0; kb < B.outerSize(); ++kb) {
                for (Sparse::InnerIterator eb(B, kb); eb; ++eb) {
                    t.emplace_back(offset + ea.row() * b + eb.row(), offset + ea.col() * b + eb.col(),
                                   scale * ea.value() * eb.value());
                }
            }
        }
    }
}

// The two interpolations on each side of one cell-coupling block.
struct CouplingSides {
    const Interpolation1D& a_i;
    const Interpolation1D& a_j;
    const Interpolation1D& b_i;
    const Interpolation1D& b_j;
};

// Banded accumulator for P_a^T D P_b: entry ((I,J),(K,L)) lives at
// [I][K-I+band_i][J][L-J+band_j].
struct BandedBlock {
    Index band_i, band_j, width_i, width_j, n_aj;
    std::vector<double> values;

    explicit BandedBlock(const CouplingSides& s)
        : band_i(s.a_i.max_offset(s.b_i)),
          band_j(s.a_j.max_offset(s.b_j)),
          width_i(2 * band_i + 1),
          width_j(2 * band_j + 1),
          n_aj(s.a_j.coarse),
          values(static_cast<size_t>(s.a_i.coarse * width_i * n_aj * width_j), 0.0) {}

    [[nodiscard]] Index line_size() const { return n_aj * width_j; }
    double* line(Index I, Index K) { return values.data() + (I * width_i + (K - I + band_i)) * line_size(); }
};

// Fine row i: contract along j into `line` (coarse J x band), one joint
// run of the two j-interpolations at a time, then add it, weighted, to every
// coarse row pair (I, K) the fine row touches.
void accumulate_row(const CrossbarSystem& s, const CouplingSides& sides, const std::vector<Interpolation1D::Run>& runs,
                    Index i, std::vector<double>& line, BandedBlock& block) {
    const double* G = s.conductance_row(i);
    const Interpolation1D& a = sides.a_j;
    const Interpolation1D& b = sides.b_j;
    std::fill(line.begin(), line.end(), 0.0);
    for (const auto& run : runs) {
        double s00 = 0.0, s01 = 0.0, s10 = 0.0, s11 = 0.0;
        for (Index j = run.begin; j < run.end; ++j) {
            const double ga0 = a.weight_lo[j] * G[j], ga1 = a.weight_hi[j] * G[j];
            s00 += ga0 * b.weight_lo[j];
            s01 += ga0 * b.weight_hi[j];
            s10 += ga1 * b.weight_lo[j];
            s11 += ga1 * b.weight_hi[j];
        }
        const Index a0 = a.lo[run.begin], a1 = a.hi[run.begin], b0 = b.lo[run.begin], b1 = b.hi[run.begin];
        double* r0 = line.data() + a0 * block.width_j + block.band_j;  // coarse J = a0, column L at r0[L - a0]
        double* r1 = line.data() + a1 * block.width_j + block.band_j;
        r0[b0 - a0] += s00;
        r0[b1 - a0] += s01;
        r1[b0 - a1] += s10;
        r1[b1 - a1] += s11;
    }
    const Index Ia[2] = {sides.a_i.lo[i], sides.a_i.hi[i]};
    const double WIa[2] = {sides.a_i.weight_lo[i], sides.a_i.weight_hi[i]};
    const Index Kb[2] = {sides.b_i.lo[i], sides.b_i.hi[i]};
    const double WKb[2] = {sides.b_i.weight_lo[i], sides.b_i.weight_hi[i]};
    for (int p = 0; p < 2; ++p) {
        for (int q = 0; q < 2; ++q) {
            const double weight = WIa[p] * WKb[q];
            if (weight == 0.0) continue;
            double* target = block.line(Ia[p], Kb[q]);
            for (Index k = 0; k < block.line_size(); ++k) target[k] += weight * line[k];
        }
    }
}

// P_a^T D P_b over all fine rows, split over threads with private blocks.
BandedBlock coupling_block(const CrossbarSystem& s, const CouplingSides& sides) {
    std::vector<BandedBlock> blocks(static_cast<size_t>(max_threads()), BandedBlock(sides));
    const auto runs = joint_runs(sides.a_j, sides.b_j);
    parallel_per_thread(s.rows, s.cells(), [&](int part, Index begin, Index end) {
        std::vector<double> line(static_cast<size_t>(blocks[part].line_size()));
        for (Index i = begin; i < end; ++i) accumulate_row(s, sides, runs, i, line, blocks[part]);
    });
    for (size_t part = 1; part < blocks.size(); ++part) {
        for (size_t k = 0; k < blocks[0].values.size(); ++k) blocks[0].values[k] += blocks[part].values[k];
    }
    return std::move(blocks[0]);
}

// Emits scale * block at (row_offset, col_offset), and its transpose at the
// mirrored position when `mirror` (the off-diagonal u-w blocks).
void emit_block(std::vector<Triplet>& t, const CouplingSides& sides, BandedBlock& block, double scale,
                Index row_offset, Index col_offset, bool mirror) {
    const Index n_ai = sides.a_i.coarse, n_aj = sides.a_j.coarse;
    const Index n_bi = sides.b_i.coarse, n_bj = sides.b_j.coarse;
    for (Index I = 0; I < n_ai; ++I) {
        for (Index K = std::max<Index>(0, I - block.band_i); K < std::min(n_bi, I + block.band_i + 1); ++K) {
            const double* line = block.line(I, K);
            for (Index J = 0; J < n_aj; ++J) {
                for (Index L = std::max<Index>(0, J - block.band_j); L < std::min(n_bj, J + block.band_j + 1); ++L) {
                    const double v = line[J * block.width_j + L - J + block.band_j];
                    if (v == 0.0) continue;
                    const Index row = row_offset + I * n_aj + J, col = col_offset + K * n_bj + L;
                    t.emplace_back(row, col, scale * v);
                    if (mirror) t.emplace_back(col, row, scale * v);
                }
            }
        }
    }
}

void add_coupling(std::vector<Triplet>& t, const CrossbarSystem& s, const CouplingSides& sides, double scale,
                  Index row_offset, Index col_offset, bool mirror) {
    BandedBlock block = coupling_block(s, sides);
    emit_block(t, sides, block, scale, row_offset, col_offset, mirror);
}

}  // namespace

Eigen::SparseMatrix<double> galerkin_operator(const CrossbarSystem& s, const CoarseSpace& cs) {
    std::vector<Triplet> t;
    const Index nu = cs.u_size();
    const Sparse Pui = cs.u_i.matrix(), Puj = cs.u_j.matrix(), Pwi = cs.w_i.matrix(), Pwj = cs.w_j.matrix();
    const Sparse row_along_i = Pui.transpose() * Pui;
    const Sparse row_along_j = Puj.transpose() * chain_laplacian(s.cols, FixedEnd::none) * Puj;
    const Sparse col_along_i = Pwi.transpose() * chain_laplacian(s.rows, FixedEnd::none) * Pwi;
    const Sparse col_along_j = Pwj.transpose() * Pwj;
    add_kronecker(t, row_along_i, row_along_j, s.g_row, 0);
    add_kronecker(t, col_along_i, col_along_j, s.g_col, nu);
    for (Index i = 0; i < s.rows; ++i) add_node_diagonal(t, cs.u_i, cs.u_j, i, 0, s.row_end[i], 0);
    for (Index j = 0; j < s.cols; ++j) add_node_diagonal(t, cs.w_i, cs.w_j, s.rows - 1, j, s.column_end[j], nu);
    add_coupling(t, s, {cs.u_i, cs.u_j, cs.u_i, cs.u_j}, 1.0, 0, 0, false);
    add_coupling(t, s, {cs.w_i, cs.w_j, cs.w_i, cs.w_j}, 1.0, nu, nu, false);
    add_coupling(t, s, {cs.u_i, cs.u_j, cs.w_i, cs.w_j}, -1.0, 0, nu, true);
    Eigen::SparseMatrix<double> A(cs.size(), cs.size());
    A.setFromTriplets(t.begin(), t.end());
    return A;
}

}  // namespace memcosim::solver::detail
