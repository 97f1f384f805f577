#pragma once
// The coarse space of the two-level preconditioner: a 2D grid for each field
// (row-node voltages u, column-node voltages w) with bilinear interpolation
//   P = blockdiag(P_u, P_w),  P_u = P_u,i (x) P_u,j,  P_w = P_w,i (x) P_w,j,
// its Galerkin operator A_c = P^T A P, factored once with sparse Cholesky, and
// the transfers the V-cycle needs. Coarse unknown (I, J) of a field is stored
// at I * (coarse points along j) + J; u's come first, then w's.
#include "solver/crossbar_system.hpp"
#include "solver/interpolation_1d.hpp"

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>
#include <vector>

namespace memcosim::solver::detail {

// Cells between coarse grid lines along the row wires (j) and along the
// column wires (i).
struct CoarseSpacing {
    Index along_rows = 32;
    Index along_columns = 32;
};

// `requested` > 0 is used in both directions; 0 picks from the coupling
// lengths (see the definition for why and how).
[[nodiscard]] CoarseSpacing choose_coarse_spacing(const CrossbarSystem& system, int requested);

struct CoarseSpace {
    Interpolation1D u_i, u_j, w_i, w_j;

    [[nodiscard]] Index u_size() const { return u_i.coarse * u_j.coarse; }
    [[nodiscard]] Index w_size() const { return w_i.coarse * w_j.coarse; }
    [[nodiscard]] Index size() const { return u_size() + w_size(); }
};

[[nodiscard]] CoarseSpace make_coarse_space(const CrossbarSystem& system, CoarseSpacing spacing);

// A_c = P^T A P, assembled from the tensor structure (galerkin_operator.cpp).
[[nodiscard]] Eigen::SparseMatrix<double> galerkin_operator(const CrossbarSystem& system, const CoarseSpace& space);

// Per-chunk scratch for the transfers (parallel.hpp), allocated once per solver.
struct TransferWorkspace {
    explicit TransferWorkspace(const CoarseSpace& space);
    std::vector<double> accumulators;  // chunks x u_size(): restriction partial sums
    std::vector<double> lines;         // chunks x u_j.coarse: one coarse line each
};

// coarse_u = P_u^T (G .* w): the restriction of the residual left after the
// pre-smoother, which lives on the row equations only and equals D w.
void restrict_cell_currents(const CrossbarSystem& system, const CoarseSpace& space, const double* w,
                            double* coarse_u, TransferWorkspace& work);

// u += P_u e_u.
void prolong_add_row_field(const CrossbarSystem& system, const CoarseSpace& space, const double* e_u, double* u,
                           TransferWorkspace& work);

// The factored coarse operator. Throws EngineError if it is not positive
// definite (it is for any valid array, P having full column rank).
class CoarseSolver {
public:
    explicit CoarseSolver(const Eigen::SparseMatrix<double>& coarse_operator);
    void solve(const Eigen::VectorXd& rhs, Eigen::VectorXd& solution) const { solution = factor_.solve(rhs); }
    [[nodiscard]] Index size() const { return size_; }

private:
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> factor_;
    Index size_ = 0;
};

}  // namespace memcosim::solver::detail
