#include "solver/shifted_crossbar_solver.hpp"

#include "core/error.hpp"
#include "solver/chain_factors.hpp"
#include "solver/coarse_space.hpp"
#include "solver/nodal_assembly.hpp"

#include <Eigen/SparseCholesky>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <vector>

namespace memcosim::solver::detail {

void apply_shifted_operator(const CrossbarSystem& system, double shift, const Eigen::VectorXd& x, Eigen::VectorXd& y) {
    y.resize(x.size());
    apply_operator(system, x.data(), y.data());
    if (shift != 0.0) y += shift * x;
}

namespace {

// ---- direct -----------------------------------------------------------------

class DirectShiftedSolver final : public ShiftedCrossbarSolver {
public:
    DirectShiftedSolver(const CrossbarSystem& system, double shift) {
        Eigen::SparseMatrix<double> matrix = assemble_nodal_matrix(system);
        for (Index k = 0; k < matrix.rows(); ++k) matrix.coeffRef(k, k) += shift;
        factor_.compute(matrix);
        if (factor_.info() != Eigen::Success) {
            throw EngineError(fmt::format("crossbar transient: sparse LDL^T factorization of the {}x{} array failed",
                                          system.rows, system.cols));
        }
    }
    int solve(const Eigen::VectorXd& f, double, double, Eigen::VectorXd& x) override {
        x = factor_.solve(f);
        return 0;
    }

private:
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> factor_;
};

// ---- PCG --------------------------------------------------------------------

using Sparse = Eigen::SparseMatrix<double>;
using Triplet = Eigen::Triplet<double>;

// (P_a (x) P_b)^T (P_a (x) P_b) = (P_a^T P_a) (x) (P_b^T P_b), scaled and
// shifted by `offset` on both axes.
void add_kronecker_gram(const Interpolation1D& a, const Interpolation1D& b, double scale, Index offset,
                        std::vector<Triplet>& t) {
    const Sparse pa = a.matrix(), pb = b.matrix();
    const Sparse ga = Sparse(pa.transpose()) * pa;
    const Sparse gb = Sparse(pb.transpose()) * pb;
    for (Index ka = 0; ka < ga.outerSize(); ++ka) {
        for (Sparse::InnerIterator ea(ga, ka); ea; ++ea) {
            for (Index kb = 0; kb < gb.outerSize(); ++kb) {
                for (Sparse::InnerIterator eb(gb, kb); eb; ++eb) {
                    t.emplace_back(offset + ea.row() * b.coarse + eb.row(), offset + ea.col() * b.coarse + eb.col(),
                                   scale * ea.value() * eb.value());
                }
            }
        }
    }
}

// Coarse spacing from the coupling length sqrt(g / (G + s)) (see
// choose_coarse_spacing in coarse_space.cpp for why): the shift ties each
// node to ground and so shortens the length over which the two fields move
// together. The grid is coarsened while it has more than 40000 unknowns.
CoarseSpacing shifted_spacing(const CrossbarSystem& s, double shift) {
    double sum = 0.0;
    for (Index k = 0; k < s.cells(); ++k) sum += s.conductance[k];
    const double loading = sum / double(s.cells()) + shift;
    const auto power_of_two = [](double x) {
        Index p = 4;
        while (p < 64 && double(p) * std::sqrt(2.0) < x) p *= 2;
        return p;
    };
    CoarseSpacing spacing{power_of_two(0.5 * std::sqrt(s.g_row / loading)),
                          power_of_two(0.5 * std::sqrt(s.g_col / loading))};
    const auto unknowns = [&] {
        return 2 * (s.rows / spacing.along_columns + 2) * (s.cols / spacing.along_rows + 2);
    };
    while (unknowns() > 40000 && std::min(spacing.along_rows, spacing.along_columns) < 256) {
        Index& finer = spacing.along_rows <= spacing.along_columns ? spacing.along_rows : spacing.along_columns;
        finer *= 2;
    }
    return spacing;
}

Sparse shifted_coarse_operator(const CrossbarSystem& system, const CoarseSpace& space, double shift) {
    Sparse coarse = galerkin_operator(system, space);
    if (shift == 0.0) return coarse;
    std::vector<Triplet> t;
    add_kronecker_gram(space.u_i, space.u_j, shift, 0, t);
    add_kronecker_gram(space.w_i, space.w_j, shift, space.u_size(), t);
    Sparse mass(coarse.rows(), coarse.cols());
    mass.setFromTriplets(t.begin(), t.end());
    return coarse + mass;
}

// The chain factors of A + s I: factor_chains reads the cell conductances
// only on the diagonal, so a view whose conductances are G + s gives them.
ChainFactors shifted_chain_factors(const CrossbarSystem& system, double shift, Eigen::VectorXd& loaded) {
    loaded = Eigen::Map<const Eigen::VectorXd>(system.conductance, system.cells()).array() + shift;
    CrossbarSystem view = system;
    view.conductance = loaded.data();
    return factor_chains(view);
}

// PCG with work vectors kept across solves: a transient calls this once per
// time step, mostly for one or two iterations, so fresh allocations (page
// faults on every step) would cost more than the iterations themselves.
class PcgShiftedSolver final : public ShiftedCrossbarSolver {
public:
    PcgShiftedSolver(const CrossbarSystem& system, double shift, double tolerance, int max_iterations)
        : system_(system),
          shift_(shift),
          tolerance_(tolerance),
          max_iterations_(max_iterations),
          factors_(shifted_chain_factors(system, shift, loaded_conductance_)),
          space_(make_coarse_space(system, shifted_spacing(system, shift))),
          coarse_(shifted_coarse_operator(system, space_, shift)),
          transfer_work_(space_),
          coarse_rhs_(Eigen::VectorXd::Zero(space_.size())),
          coarse_solution_(Eigen::VectorXd::Zero(space_.size())) {
        // Largest diagonal entry of A + s I: bounds |A| for the rounding floor.
        const double g_max = std::max(system.g_row, system.g_col);
        const double e_max = std::max(system.row_end.size() ? system.row_end.maxCoeff() : 0.0,
                                      system.column_end.size() ? system.column_end.maxCoeff() : 0.0);
        const double G_max = Eigen::Map<const Eigen::VectorXd>(system.conductance, system.cells()).maxCoeff();
        diagonal_bound_ = 2.0 * std::max(g_max, e_max) + G_max + shift;
        const Index n = 2 * system.cells();
        r_.resize(n);
        z_.resize(n);
        p_.resize(n);
        q_.resize(n);
    }

    int solve(const Eigen::VectorXd& f, double scale, double state_norm, Eigen::VectorXd& x) override {
        // The right-hand side was formed from voltages of size state_norm,
        // each term carrying a rounding error of about eps |A| |x|: a
        // residual below a few times that is as good as it gets.
        const double floor = 4.0 * std::numeric_limits<double>::epsilon() * diagonal_bound_ *
                             std::max(state_norm, x.norm());
        const double target = std::max(tolerance_ * scale, floor);
        int iterations = 0;
        double residual = 0.0;
        for (int restart = 0; restart < 4; ++restart) {
            // True residual, then plain PCG from x (restarted if rounding made
            // the recursive residual drift from it).
            apply_shifted_operator(system_, shift_, x, q_);
            r_ = f - q_;
            residual = r_.norm();
            if (!(residual > target) || iterations >= max_iterations_) break;
            precondition(r_, z_);
            double rz = r_.dot(z_);
            p_ = z_;
            while (iterations < max_iterations_) {
                apply_shifted_operator(system_, shift_, p_, q_);
                const double alpha = rz / p_.dot(q_);
                x += alpha * p_;
                r_ -= alpha * q_;
                ++iterations;
                if (!(r_.norm() > target)) break;  // also stops on NaN
                precondition(r_, z_);
                const double rz_next = r_.dot(z_);
                p_ = z_ + (rz_next / rz) * p_;
                rz = rz_next;
            }
        }
        if (!(residual <= target)) {
            throw EngineError(fmt::format(
                "crossbar transient: PCG reached residual {:.3g} A after {} iterations (target {:.3g} A)", residual,
                iterations, target));
        }
        return iterations;
    }

private:
    // The two-level preconditioner of multigrid_pcg.cpp with the shifted
    // factors and coarse operator.
    void precondition(const Eigen::VectorXd& r, Eigen::VectorXd& z) {
        const Index N = system_.cells();
        double* u = z.data();
        double* w = z.data() + N;
        solve_row_chains(system_, factors_, r.data(), nullptr, u);
        solve_column_chains(system_, factors_, r.data() + N, u, w);
        restrict_cell_currents(system_, space_, w, coarse_rhs_.data(), transfer_work_);
        coarse_rhs_.tail(space_.w_size()).setZero();
        coarse_.solve(coarse_rhs_, coarse_solution_);
        prolong_add_row_field(system_, space_, coarse_solution_.data(), u, transfer_work_);
        solve_column_chains(system_, factors_, r.data() + N, u, w);
        solve_row_chains(system_, factors_, r.data(), w, u);
    }

    const CrossbarSystem& system_;
    double shift_, tolerance_;
    int max_iterations_;
    Eigen::VectorXd loaded_conductance_;
    ChainFactors factors_;
    CoarseSpace space_;
    CoarseSolver coarse_;
    TransferWorkspace transfer_work_;
    Eigen::VectorXd coarse_rhs_, coarse_solution_;
    Eigen::VectorXd r_, z_, p_, q_;  // work vectors, allocated once
    double diagonal_bound_ = 0.0;
};

}  // namespace

std::unique_ptr<ShiftedCrossbarSolver> make_direct_shifted_solver(const CrossbarSystem& system, double shift) {
    return std::make_unique<DirectShiftedSolver>(system, shift);
}

std::unique_ptr<ShiftedCrossbarSolver> make_pcg_shifted_solver(const CrossbarSystem& system, double shift,
                                                               double relative_tolerance, int max_iterations) {
    return std::make_unique<PcgShiftedSolver>(system, shift, relative_tolerance, max_iterations);
}

}  // namespace memcosim::solver::detail
