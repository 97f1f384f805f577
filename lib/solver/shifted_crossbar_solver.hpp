#pragma once
// Solves (A + s I) x = f for the crossbar nodal matrix A of
// crossbar_system.hpp and a shift s >= 0 on every wire node: the matrix of
// one implicit time step with capacitance C to ground at every node
// (s = 2C/h for the trapezoidal rule). Used by crossbar_transient.cpp.
//
// Two methods behind one interface, set up once per shift and reused:
//  - direct: A + s I assembled (nodal_assembly.hpp) and factored by sparse LDL^T;
//  - PCG: the two-level preconditioner of multigrid_pcg.cpp with the shift
//    added where it belongs. The shift only touches the diagonal, so the
//    wire-chain factors are those of a system whose cell conductances on the
//    diagonal are G + s (the off-diagonal coupling keeps G), and the Galerkin
//    operator gains s * blockdiag(P_u^T P_u, P_w^T P_w), the coarse mass
//    matrices, which are Kronecker products of 1D Gram matrices. The
//    smoother's residual after the pre-smoothing still lives on the row
//    equations only and equals D w, so the transfers are reused unchanged.
#include "solver/crossbar_system.hpp"

#include <memory>

namespace memcosim::solver::detail {

class ShiftedCrossbarSolver {
public:
    virtual ~ShiftedCrossbarSolver() = default;
    // x: on entry the initial guess (PCG) or ignored (direct); on exit the
    // solution. `scale` is the norm the PCG tolerance is relative to and
    // `state_norm` the size of the voltages the right-hand side was computed
    // from (for the rounding floor). Returns the PCG iterations (0: direct).
    virtual int solve(const Eigen::VectorXd& f, double scale, double state_norm, Eigen::VectorXd& x) = 0;
};

// The system must outlive the solver. Throws EngineError on a failed
// factorization (impossible for a valid array) or PCG non-convergence (at solve).
[[nodiscard]] std::unique_ptr<ShiftedCrossbarSolver> make_direct_shifted_solver(const CrossbarSystem& system,
                                                                                double shift);
[[nodiscard]] std::unique_ptr<ShiftedCrossbarSolver> make_pcg_shifted_solver(const CrossbarSystem& system,
                                                                             double shift, double relative_tolerance,
                                                                             int max_iterations);

// y = (A + s I) x.
void apply_shifted_operator(const CrossbarSystem& system, double shift, const Eigen::VectorXd& x, Eigen::VectorXd& y);

}  // namespace memcosim::solver::detail
