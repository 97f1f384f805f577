#pragma once
// Transient of a linear (1R) crossbar read with wire resistance and wire
// capacitance: every row node (i,j) and column node (i,j) has
// CrossbarArray::wire_capacitance to ground (the generator's cr<i>_<j> and
// cc<i>_<j> capacitors), and row i's driver follows inputs(i) * shape(t).
//
// The circuit is C dx/dt + A x = b(t), with A the nodal matrix of
// crossbar_system.hpp (periphery included) and x = [u; w] the node voltages.
// It is integrated with the trapezoidal rule, ngspice's default method, on
// fixed steps: every multiple of `step` is a time point, and so is every
// corner of the drive (a pulse's edges) that falls between them, so no step
// straddles a kink of the input. Each step solves
//     (A + (2C/h) I) x_{n+1} = (2C/h) x_n + (b_n - A x_n) + b_{n+1},
// where b_n - A x_n = C x'_n is the capacitor current at t_n. The start is
// the DC operating point at t = 0, as in ngspice. Like ngspice after a
// breakpoint (integration order 1, a tenth of the step), the first step
// after t = 0 and after every corner is a backward Euler step of a tenth of
// the interval: a kink in the input excites the stiff local modes of the
// wire nodes (time constants C/g far below any useful step), which the
// trapezoidal rule would carry on undamped.
//
// A + (2C/h) I is symmetric positive definite with the crossbar structure,
// the capacitance adding to every wire node's diagonal, so it is solved
// either by a sparse LDL^T factorization (small arrays) or by the two-level
// PCG of multigrid_pcg.hpp with the shift carried into the wire-chain
// factors and the Galerkin coarse operator. Either is set up once per
// distinct step size and reused; PCG starts each step from a linear
// extrapolation of the previous two.
#include "core/crossbar_array.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <functional>
#include <vector>

namespace memcosim::solver {

// Row i's source at time t is array.inputs(i) * shape(t); column terminals
// keep their DC bias unless `columns_follow` (a write pulse: every line
// source, rows and columns, follows the same shape). `breakpoints` are the
// corners of shape in [0, stop].
struct TransientDrive {
    std::function<double(double)> shape;
    std::vector<double> breakpoints;
    bool columns_follow = false;
};

struct TransientSettings {
    double step = 0.0;  // seconds, > 0: output spacing and largest time step
    double stop = 0.0;  // seconds, > step
    LinearMethod method = LinearMethod::automatic;  // automatic: direct up to 32x32 cells, else PCG
    // PCG: each step's KCL residual relative to the cell currents at full
    // drive (sqrt(sum (G_ij V_i)^2)).
    double relative_tolerance = 1e-9;
    int max_iterations = 200;
    // Called after each time point with (time, stop); may be empty.
    std::function<void(double, double)> progress;
};

struct TransientResult {
    std::vector<double> times;          // every time point: the grid k*step, the corners, the Euler start-ups
    std::vector<bool> on_output_grid;   // times[n] is a multiple of step (or stop itself)
    RowMajorMatrix column_currents;     // times x C: current into column j's terminal, amperes (0 if floating)
    RowMajorMatrix row_currents;        // times x R: current drawn from row i's driver, amperes
    LinearMethod method_used = LinearMethod::direct;
    int step_sizes = 0;                 // distinct shifts 2C/h or C/h, i.e. factorizations / PCG set-ups
    long long iterations = 0;           // PCG iterations over all steps (0 for direct)
};

// Throws InputError for an invalid array, ideal wires, a negative
// capacitance or bad step/stop; EngineError if PCG fails to converge.
[[nodiscard]] TransientResult simulate_crossbar_transient(const CrossbarArray& array, const TransientDrive& drive,
                                                          const TransientSettings& settings);

// The time points simulate_crossbar_transient steps onto: k*step for
// k*step <= stop, stop itself, and every breakpoint in (0, stop) further than
// 1e-6*step from those. Sorted.
[[nodiscard]] std::vector<double> transient_time_points(double step, double stop,
                                                        const std::vector<double>& breakpoints);

// The steps of a transient: the time points above plus, right after t = 0
// and after every breakpoint, a point a tenth of the way to the next one,
// reached by a backward Euler step (ngspice's restart after a breakpoint);
// every other step is trapezoidal. Shared by the linear and the nonlinear
// (solver/nonlinear_transient.hpp) transients.
struct TransientSchedule {
    std::vector<double> times;
    std::vector<bool> backward_euler;  // the step into times[n] is a backward Euler one
};
[[nodiscard]] TransientSchedule transient_schedule(double step, double stop, const std::vector<double>& breakpoints);

}  // namespace memcosim::solver
