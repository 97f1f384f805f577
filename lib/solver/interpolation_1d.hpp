#pragma once
// Linear interpolation from a coarse set of positions on a line of `fine`
// nodes. The 2D coarse space of each field is the tensor product of two of
// these (bilinear interpolation), one per direction, because the boundary
// conditions differ per field and direction:
//   u along j: Dirichlet just left of j = 0 (the driver)   -> FixedEnd::low
//   u along i: free at both ends (rows meet only via cells) -> FixedEnd::none
//   w along i: Dirichlet just below i = R-1 (the sense)    -> FixedEnd::high
//   w along j: free at both ends                            -> FixedEnd::none
// The Dirichlet ends hold only when every line of the family ends on an
// ideal source; otherwise (floating lines, driver or load resistances) that
// direction is FixedEnd::none too (coarse_space.cpp).
// A fixed end is a virtual coarse point with value 0 (errors vanish there), so
// the coarse functions near it ramp down to 0 as the true error does. The free
// end itself is always a coarse point.
#include <Eigen/SparseCore>

#include <vector>

namespace memcosim::solver::detail {

using Index = Eigen::Index;

enum class FixedEnd { none, low, high };

struct Interpolation1D {
    Index fine = 0;
    Index coarse = 0;
    std::vector<Index> position;  // fine index of each coarse point, ascending
    // Fine node f = weight_lo[f] * coarse[lo[f]] + weight_hi[f] * coarse[hi[f]].
    // Unused neighbours carry weight 0 and a valid index equal to the other one,
    // so kernels need no branches.
    std::vector<Index> lo, hi;
    std::vector<double> weight_lo, weight_hi;

    // Maximal runs of fine nodes [begin, end) sharing the same lo and hi.
    // Kernels loop over runs so the coarse values stay in registers: a
    // scatter-add per fine node would chain every update through memory.
    struct Run {
        Index begin, end, lo, hi;
    };
    std::vector<Run> runs;

    [[nodiscard]] Eigen::SparseMatrix<double> matrix() const;  // fine x coarse
    // Largest |coarse index of this - coarse index of other| over fine nodes
    // (both interpolate the same line); bounds the band of P_a^T D P_b.
    [[nodiscard]] Index max_offset(const Interpolation1D& other) const;
};

// Runs over which both a's and b's neighbours stay the same (for P_a^T D P_b).
[[nodiscard]] std::vector<Interpolation1D::Run> joint_runs(const Interpolation1D& a, const Interpolation1D& b);

// Coarse points every `spacing` nodes, counted from the fixed end (or from 0).
[[nodiscard]] Interpolation1D make_interpolation(Index fine, Index spacing, FixedEnd fixed);

}  // namespace memcosim::solver::detail
