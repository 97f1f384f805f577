#pragma once
// The multigrid_pcg method of solve_linear_crossbar, with its set-up (chain
// factors, coarse space, coarse factorization) separate from the solve so the
// two can be timed apart (bench/solver_scaling) and the set-up reused.
#include "solver/linear_crossbar_solver.hpp"

#include <memory>

namespace memcosim::solver {

class MultigridPcgSolver {
public:
    // Validates the array (InputError) and does all set-up. The array is
    // borrowed, not copied: it must outlive the solver.
    MultigridPcgSolver(const CrossbarArray& array, const LinearSolveOptions& options);
    ~MultigridPcgSolver();
    MultigridPcgSolver(const MultigridPcgSolver&) = delete;
    MultigridPcgSolver& operator=(const MultigridPcgSolver&) = delete;

    // Throws EngineError if the tolerance is not met within max_iterations.
    [[nodiscard]] CrossbarSolution solve();

    [[nodiscard]] Eigen::Index coarse_unknowns() const;
    [[nodiscard]] Eigen::Index coarse_spacing_along_rows() const;     // cells between coarse lines along j
    [[nodiscard]] Eigen::Index coarse_spacing_along_columns() const;  // ... along i

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace memcosim::solver
