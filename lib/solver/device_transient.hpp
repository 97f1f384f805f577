#pragma once
// Transient of one two-terminal device driven by a voltage waveform: the
// behavioral twin of an ngspice .tran on the same test bench.
//
// The device is dx/dt = rate(V(t), x, t), I = current(V(t), x, t). States
// are integrated with the trapezoidal rule (ngspice's default method), each
// step solved by Newton with the exact Jacobian d rate / d x, stepping onto
// every corner of the waveform.
#include <Eigen/Dense>
#include <functional>
#include <vector>

namespace memcosim::solver {

// Fills current, rate[m] and the m x m Jacobian drate_dx (row-major:
// [k * m + l] = d rate_k / d x_l) at (v, x, t).
using DeviceFunction =
    std::function<void(double v, const double* x, double t, double& current, double* rate, double* drate_dx)>;

struct DeviceTransientOptions {
    double stop = 0.0;              // seconds
    double max_step = 0.0;          // seconds, > 0
    std::vector<double> breakpoints;  // times the steps must land on (waveform corners)
    int max_newton_iterations = 50;
    double state_tolerance = 1e-12;   // absolute, per Newton step
    // Local error allowed per step on each state (absolute: states are O(1)
    // by the va_models convention). Estimated from the gap between the
    // trapezoidal result and the explicit predictor; a step above it is
    // retried at half the size, so abrupt switching is resolved the way
    // ngspice's truncation-error control resolves it.
    double local_error_tolerance = 1e-4;
};

struct DeviceTrace {
    std::vector<double> time, voltage, current;
    std::vector<std::vector<double>> states;  // states[k][n]: state k at time n
};

// Throws EngineError if Newton fails even at a step 1e-6 of max_step.
[[nodiscard]] DeviceTrace simulate_device(const DeviceFunction& device, std::size_t state_count,
                                          const std::vector<double>& initial_state,
                                          const std::function<double(double)>& voltage,
                                          const DeviceTransientOptions& options);

}  // namespace memcosim::solver
