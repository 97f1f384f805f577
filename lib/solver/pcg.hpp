#pragma once
// Preconditioned conjugate gradients on raw vectors, for an SPD operator and
// an SPD preconditioner supplied by the caller. Four work vectors (x, r, p and
// one shared by A p and M^{-1} r) are allocated once per solve.
#include <Eigen/Core>

#include <functional>

namespace memcosim::solver::detail {

using Index = Eigen::Index;

class PcgProblem {
public:
    virtual ~PcgProblem() = default;
    [[nodiscard]] virtual Index size() const = 0;
    [[nodiscard]] virtual double rhs_norm() const = 0;
    // y = A x; returns x . y.
    virtual double apply(const double* x, double* y) = 0;
    // r = b - A x; returns ||r||^2.
    virtual double residual(const double* x, double* r) = 0;
    // z = M^{-1} r.
    virtual void precondition(const double* r, double* z) = 0;
    // The smallest ||b - A x|| rounding allows at this x (see
    // crossbar_system.hpp); a residual within a small multiple of it counts
    // as converged even above the tolerance.
    virtual double residual_floor(const double* x) = 0;
};

struct PcgSettings {
    double relative_tolerance = 1e-10;
    int max_iterations = 200;
    std::function<void(int, double)> progress;  // may be empty
};

struct PcgOutcome {
    int iterations = 0;
    double relative_residual = 0.0;  // of the true residual b - A x
    bool converged = false;
};

// Starts from x = 0 (x is resized). Stops when the recursively updated
// residual meets the tolerance, then checks the true residual b - A x and,
// if rounding made them drift apart, restarts from there. Converged means
// the true residual meets the tolerance or sits at the rounding floor.
PcgOutcome run_pcg(PcgProblem& problem, const PcgSettings& settings, Eigen::VectorXd& x);

}  // namespace memcosim::solver::detail
