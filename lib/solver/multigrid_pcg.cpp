#include "solver/multigrid_pcg.hpp"

#include "core/error.hpp"
#include "solver/chain_factors.hpp"
#include "solver/coarse_space.hpp"
#include "solver/crossbar_system.hpp"
#include "solver/pcg.hpp"

#include <fmt/format.h>

namespace memcosim::solver {

using detail::Index;

// The two-level preconditioner, one symmetric V-cycle per application:
//   pre-smooth   block Gauss-Seidel, row wires then column wires
//   coarse       Galerkin correction on the bilinear coarse grid
//   post-smooth  block Gauss-Seidel in reverse order (columns, then rows),
//                which is the transpose of the pre-smoother, so the whole
//                preconditioner is symmetric positive definite as PCG needs.
struct MultigridPcgSolver::Impl final : detail::PcgProblem {
    detail::CrossbarSystem system;
    LinearSolveOptions options;
    detail::CoarseSpacing spacing;
    detail::ChainFactors factors;
    detail::CoarseSpace space;
    detail::CoarseSolver coarse;
    detail::TransferWorkspace transfer_work;      // allocated once
    Eigen::VectorXd coarse_rhs, coarse_solution;  // allocated once

    Impl(const CrossbarArray& array, const LinearSolveOptions& opts)
        : system(detail::make_system(array)),
          options(opts),
          spacing(detail::choose_coarse_spacing(system, opts.coarse_spacing)),
          factors(detail::factor_chains(system)),
          space(detail::make_coarse_space(system, spacing)),
          coarse(detail::galerkin_operator(system, space)),
          transfer_work(space),
          coarse_rhs(Eigen::VectorXd::Zero(space.size())),
          coarse_solution(Eigen::VectorXd::Zero(space.size())) {}

    [[nodiscard]] Index size() const override { return 2 * system.cells(); }
    [[nodiscard]] double rhs_norm() const override { return detail::deviation_rhs_norm(system); }
    double apply(const double* x, double* y) override { return detail::apply_operator(system, x, y); }
    double residual(const double* x, double* r) override { return detail::deviation_residual(system, x, r); }
    void precondition(const double* r, double* z) override;
    double residual_floor(const double* x) override { return detail::deviation_residual_floor(system, x); }
};

void MultigridPcgSolver::Impl::precondition(const double* r, double* z) {
    const Index N = system.cells();
    const double* r_u = r;
    const double* r_w = r + N;
    double* u = z;
    double* w = z + N;
    // Pre-smooth from z = 0: rows with w = 0, then columns with the new u.
    detail::solve_row_chains(system, factors, r_u, nullptr, u);
    detail::solve_column_chains(system, factors, r_w, u, w);
    // The column equations now hold exactly and the row equations are off by
    // exactly D w (the cell currents the row solve did not see), so the
    // residual restricts without a matrix-vector product.
    detail::restrict_cell_currents(system, space, w, coarse_rhs.data(), transfer_work);
    coarse_rhs.tail(space.w_size()).setZero();
    coarse.solve(coarse_rhs, coarse_solution);
    // Only the u part of the correction is applied: the post-smoother's first
    // step recomputes w from u alone, so a w correction would be overwritten.
    detail::prolong_add_row_field(system, space, coarse_solution.data(), u, transfer_work);
    detail::solve_column_chains(system, factors, r_w, u, w);
    detail::solve_row_chains(system, factors, r_u, w, u);
}

MultigridPcgSolver::MultigridPcgSolver(const CrossbarArray& array, const LinearSolveOptions& options) {
    array.validate();
    if (array.ideal_wires()) {
        throw InputError("multigrid PCG: ideal wires (0 ohm) leave no wire chains to solve; use solve_linear_crossbar");
    }
    impl_ = std::make_unique<Impl>(array, options);
}

MultigridPcgSolver::~MultigridPcgSolver() = default;

CrossbarSolution MultigridPcgSolver::solve() {
    Impl& m = *impl_;
    Eigen::VectorXd x;  // the deviation from the ideal-wire state
    const detail::PcgOutcome outcome =
        detail::run_pcg(m, {m.options.relative_tolerance, m.options.max_iterations, m.options.progress}, x);
    if (!outcome.converged) {
        throw EngineError(fmt::format(
            "linear crossbar solver: multigrid PCG did not converge on the {}x{} array: relative residual {:.3g} "
            "after {} iterations (tolerance {:.3g})",
            m.system.rows, m.system.cols, outcome.relative_residual, outcome.iterations,
            m.options.relative_tolerance));
    }
    CrossbarSolution solution;
    detail::fill_solution(m.system, x.data(), solution);
    solution.iterations = outcome.iterations;
    solution.relative_residual = outcome.relative_residual;
    solution.method_used = LinearMethod::multigrid_pcg;
    return solution;
}

Eigen::Index MultigridPcgSolver::coarse_unknowns() const { return impl_->coarse.size(); }
Eigen::Index MultigridPcgSolver::coarse_spacing_along_rows() const { return impl_->spacing.along_rows; }
Eigen::Index MultigridPcgSolver::coarse_spacing_along_columns() const { return impl_->spacing.along_columns; }

}  // namespace memcosim::solver
