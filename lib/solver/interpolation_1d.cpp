#include "solver/interpolation_1d.hpp"

#include <algorithm>
#include <cstdlib>

namespace memcosim::solver::detail {

namespace {

// Every `spacing` from the fixed end (the virtual point at -1 or n), or from 0
// when neither end is fixed, always ending on the free end.
std::vector<Index> coarse_positions(Index n, Index spacing, FixedEnd fixed) {
    std::vector<Index> p;
    if (fixed == FixedEnd::high) {
        for (Index x = n - spacing; x > 0; x -= spacing) p.push_back(x);
        p.push_back(0);
        std::reverse(p.begin(), p.end());
        return p;
    }
    for (Index x = fixed == FixedEnd::low ? spacing - 1 : 0; x < n - 1; x += spacing) p.push_back(x);
    p.push_back(n - 1);
    return p;
}

// Fills fine node f from coarse point c with weight a, and optionally d with b.
void set_weights(Interpolation1D& P, Index f, Index c, double a, Index d, double b) {
    P.lo[f] = c;
    P.weight_lo[f] = a;
    P.hi[f] = d;
    P.weight_hi[f] = b;
}

}  // namespace

Interpolation1D make_interpolation(Index fine, Index spacing, FixedEnd fixed) {
    Interpolation1D P;
    P.fine = fine;
    P.position = coarse_positions(fine, std::max<Index>(spacing, 1), fixed);
    P.coarse = static_cast<Index>(P.position.size());
    P.lo.resize(fine);
    P.hi.resize(fine);
    P.weight_lo.resize(fine);
    P.weight_hi.resize(fine);
    const auto& pos = P.position;
    Index k = 0;  // coarse interval [pos[k], pos[k+1]] holding f
    for (Index f = 0; f < fine; ++f) {
        while (k + 1 < P.coarse && pos[k + 1] <= f) ++k;
        if (f < pos[0]) {  // between the fixed low end (-1) and the first point
            set_weights(P, f, 0, double(f + 1) / double(pos[0] + 1), 0, 0.0);
        } else if (k + 1 == P.coarse) {  // on the last point, or past it toward a fixed high end
            const double t = f == pos[k] ? 1.0 : double(fine - f) / double(fine - pos[k]);
            set_weights(P, f, k, t, k, 0.0);
        } else {
            const double t = double(f - pos[k]) / double(pos[k + 1] - pos[k]);
            set_weights(P, f, k, 1.0 - t, k + 1, t);
        }
    }
    P.runs = joint_runs(P, P);
    return P;
}

std::vector<Interpolation1D::Run> joint_runs(const Interpolation1D& a, const Interpolation1D& b) {
    std::vector<Interpolation1D::Run> runs;
    for (Index f = 0; f < a.fine; ++f) {
        const bool same = f > 0 && a.lo[f] == a.lo[f - 1] && a.hi[f] == a.hi[f - 1] && b.lo[f] == b.lo[f - 1] &&
                          b.hi[f] == b.hi[f - 1];
        if (same) {
            runs.back().end = f + 1;
        } else {
            runs.push_back({f, f + 1, a.lo[f], a.hi[f]});
        }
    }
    return runs;
}

Eigen::SparseMatrix<double> Interpolation1D::matrix() const {
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(static_cast<size_t>(2 * fine));
    for (Index f = 0; f < fine; ++f) {
        if (weight_lo[f] != 0.0) t.emplace_back(f, lo[f], weight_lo[f]);
        if (weight_hi[f] != 0.0) t.emplace_back(f, hi[f], weight_hi[f]);
    }
    Eigen::SparseMatrix<double> P(fine, coarse);
    P.setFromTriplets(t.begin(), t.end());
    return P;
}

Index Interpolation1D::max_offset(const Interpolation1D& other) const {
    Index m = 0;
    for (Index f = 0; f < fine; ++f) {
        for (Index a : {lo[f], hi[f]}) {
            for (Index b : {other.lo[f], other.hi[f]}) m = std::max(m, std::abs(a - b));
        }
    }
    return m;
}

}  // namespace memcosim::solver::detail
