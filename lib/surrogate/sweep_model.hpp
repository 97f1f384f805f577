#pragma once
// Our IR-drop surrogate: a few block Gauss-Seidel sweeps of the decoupled
// line equations (surrogate/line_sweeps.hpp) plus a calibrated extrapolation
// of what the remaining sweeps would add.
//
// Idea: starting from the columns at 0 V, sweep k gives column currents
// I^(k) that approach the exact I geometrically: each sweep removes most of
// the error, the slow part being the smooth coupling mode with contraction
// rho (near 0 for weak coupling r g N^2 << 1, towards 1 for strong). The
// untaken sweeps add about s D with s = rho / (1 - rho) and D the last step
// I^(K) - I^(K-1) (Aitken's extrapolation). rho is estimated from the array's
// own iterates, ||I^(K) - I^(K-1)|| / ||I^(K-1) - I^(K-2)||, so the model
// scales itself with the coupling instead of extrapolating a fitted function
// of it; what the geometric picture misses is absorbed by two weights,
//   I = I^(K) + D (w_0 + w_1 s),
// fitted once by linear least squares against the exact solver (relative
// error per column), with a small ridge towards pure Aitken (0, 1). Exact for zero wire (no sweep is needed); O(K R C), no
// matrix to factor.
#include "core/crossbar_array.hpp"

#include <vector>

namespace memcosim::surrogate {

struct SweepModelCoefficients {
    int sweeps = 3;  // K >= 2; I^(0) is the ideal product
    // w_0, w_1; (0, 1) is pure Aitken extrapolation, (0, 0) plain sweeps.
    std::vector<double> weights = {0.0, 1.0};
};

// One calibration point: an array and its exact column currents.
struct SweepModelSample {
    CrossbarArray array;
    Eigen::VectorXd exact_column_currents;
};

class SweepModel {
public:
    explicit SweepModel(SweepModelCoefficients coefficients = {});

    // Column currents, amperes. Throws InputError outside the supported read.
    [[nodiscard]] Eigen::VectorXd column_currents(const CrossbarArray& array) const;

    [[nodiscard]] const SweepModelCoefficients& coefficients() const { return coefficients_; }

    // Fits the weights for `sweeps` sweeps by linear least squares on the
    // relative column-current error over every column of every sample with
    // non-ideal wires, ridge-regularized towards pure Aitken extrapolation.
    // Throws InputError with no usable sample.
    [[nodiscard]] static SweepModel fit(const std::vector<SweepModelSample>& samples, int sweeps);

private:
    SweepModelCoefficients coefficients_;
};

}  // namespace memcosim::surrogate
