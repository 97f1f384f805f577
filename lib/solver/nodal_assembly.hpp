#pragma once
// The direct method: assemble the SPD nodal matrix of the crossbar explicitly
// (unknown k = i*C + j for row node (i,j), N + k for column node (i,j)) and
// factor it with Eigen's sparse LDL^T, solving for the deviation from the
// ideal-wire state like the iterative method (crossbar_system.hpp). Exact up to rounding; its cost grows
// like a 2D sparse factorization, so it serves small arrays and as the
// reference the iterative method is tested against.
#include "solver/crossbar_system.hpp"

#include <Eigen/SparseCore>

namespace memcosim::solver::detail {

// Lower and upper triangles both present (Eigen's LDLT reads the lower).
[[nodiscard]] Eigen::SparseMatrix<double> assemble_nodal_matrix(const CrossbarSystem& system);

struct DirectSolution {
    Eigen::VectorXd deviation;  // d = [d_u; d_w] of crossbar_system.hpp
    double relative_residual = 0.0;
};

// Throws EngineError if the factorization fails (it cannot for a valid array).
[[nodiscard]] DirectSolution solve_direct(const CrossbarSystem& system);

}  // namespace memcosim::solver::detail
