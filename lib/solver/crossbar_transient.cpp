#include "solver/crossbar_transient.hpp"

#include "core/error.hpp"
#include "solver/crossbar_system.hpp"
#include "solver/shifted_crossbar_solver.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace memcosim::solver {

using detail::Index;

std::vector<double> transient_time_points(double step, double stop, const std::vector<double>& breakpoints) {
    const double snap = 1e-6 * step;
    std::vector<double> times;
    // k * step, not a running sum, so grid points carry no accumulated rounding.
    for (long long k = 0;; ++k) {
        const double t = double(k) * step;
        if (t > stop - snap) break;
        times.push_back(t);
    }
    times.push_back(stop);
    std::vector<double> extra;
    for (double b : breakpoints) {
        if (!(b > snap && b < stop - snap)) continue;
        const auto at = std::lower_bound(times.begin(), times.end(), b);
        const bool near_grid = (at != times.end() && *at - b <= snap) || (at != times.begin() && b - *(at - 1) <= snap);
        if (!near_grid) extra.push_back(b);
    }
    std::sort(extra.begin(), extra.end());
    // Corners closer than the snap distance to each other count once.
    extra.erase(std::unique(extra.begin(), extra.end(), [snap](double a, double b) { return b - a <= snap; }),
                extra.end());
    times.insert(times.end(), extra.begin(), extra.end());
    std::sort(times.begin(), times.end());
    return times;
}

// A kink in the input excites the stiff local modes of the wire nodes (time
// constants C/g far below the step), which the trapezoidal rule carries on
// undamped (its amplification tends to -1) while backward Euler removes them.
TransientSchedule transient_schedule(double step, double stop, const std::vector<double>& breakpoints) {
    const std::vector<double> points = transient_time_points(step, stop, breakpoints);
    const double snap = 1e-6 * step;
    const auto is_corner = [&](double t) {
        if (t == 0.0) return true;
        return std::any_of(breakpoints.begin(), breakpoints.end(), [&](double b) { return std::abs(b - t) <= snap; });
    };
    TransientSchedule schedule;
    for (std::size_t k = 0; k < points.size(); ++k) {
        schedule.times.push_back(points[k]);
        schedule.backward_euler.push_back(false);
        if (k + 1 < points.size() && is_corner(points[k])) {
            schedule.times.push_back(points[k] + 0.1 * (points[k + 1] - points[k]));
            schedule.backward_euler.push_back(true);
        }
    }
    return schedule;
}

namespace {

void validate(const CrossbarArray& array, const TransientDrive& drive, const TransientSettings& settings) {
    array.validate();
    if (array.ideal_wires()) throw InputError("crossbar transient: ideal (0 ohm) wires have no nodes to charge");
    if (!(array.wire_capacitance >= 0.0) || !std::isfinite(array.wire_capacitance)) {
        throw InputError(fmt::format("crossbar transient: wire capacitance must be >= 0 F, got {}",
                                     array.wire_capacitance));
    }
    if (!(settings.step > 0.0) || !std::isfinite(settings.step)) {
        throw InputError(fmt::format("crossbar transient: step must be > 0, got {}", settings.step));
    }
    if (!(settings.stop > settings.step) || !std::isfinite(settings.stop)) {
        throw InputError(fmt::format("crossbar transient: stop ({}) must be larger than step ({})", settings.stop,
                                     settings.step));
    }
    if (!drive.shape) throw InputError("crossbar transient: no drive waveform");
    if (array.cell_source_currents.size() != 0) {
        throw InputError("crossbar transient: cell Norton sources (linearised nonlinear cells) are not supported");
    }
}

// Source terms b(t): each row's end segment to its driver, each column's to its terminal.
void source_vector(const detail::CrossbarSystem& s, double shape, bool columns_follow, Eigen::VectorXd& b) {
    const Index N = s.cells();
    b.setZero(2 * N);
    const double column_shape = columns_follow ? shape : 1.0;
    for (Index i = 0; i < s.rows; ++i) b[i * s.cols] = s.row_end[i] * s.row_source[i] * shape;
    for (Index j = 0; j < s.cols; ++j) {
        b[N + (s.rows - 1) * s.cols + j] = s.column_end[j] * s.column_source[j] * column_shape;
    }
}

// The DC operating point at t = 0 (ngspice's starting point).
Eigen::VectorXd initial_state(const CrossbarArray& array, double shape, bool columns_follow) {
    const Index N = array.rows() * array.cols();
    Eigen::VectorXd x = Eigen::VectorXd::Zero(2 * N);
    const bool biased = array.column_bias.size() != 0 && array.column_bias.cwiseAbs().maxCoeff() > 0.0 &&
                        !(columns_follow && shape == 0.0);
    if (shape == 0.0 && !biased) return x;  // every source at 0 V: all nodes at 0 V exactly
    CrossbarArray at_start = array;
    at_start.inputs = array.inputs * shape;
    if (columns_follow && at_start.column_bias.size() != 0) at_start.column_bias *= shape;
    const CrossbarSolution dc = solve_linear_crossbar(at_start);
    x.head(N) = Eigen::Map<const Eigen::VectorXd>(dc.row_voltages.data(), N);
    x.tail(N) = Eigen::Map<const Eigen::VectorXd>(dc.column_voltages.data(), N);
    return x;
}

void record(const detail::CrossbarSystem& s, const Eigen::VectorXd& x, double shape, bool columns_follow, Index n,
            TransientResult& out) {
    const Index N = s.cells();
    const double column_shape = columns_follow ? shape : 1.0;
    for (Index j = 0; j < s.cols; ++j) {
        const double end = x[N + (s.rows - 1) * s.cols + j];
        out.column_currents(n, j) = s.column_end[j] * (end - s.column_source[j] * column_shape);
    }
    for (Index i = 0; i < s.rows; ++i) {
        out.row_currents(n, i) = s.row_end[i] * (s.row_source[i] * shape - x[i * s.cols]);
    }
}

// Linear solvers by shift (2C/h for a trapezoidal step, C/h for a backward
// Euler one). Grid steps differ from `step` by rounding only, so shifts
// within 1e-9 relative share one solver.
class SolverCache {
public:
    SolverCache(const detail::CrossbarSystem& system, bool direct, const TransientSettings& s)
        : system_(system), direct_(direct), settings_(s) {}

    struct Entry {
        double shift;
        std::unique_ptr<detail::ShiftedCrossbarSolver> solver;
    };

    Entry& get(double shift) {
        for (auto& entry : entries_) {
            if (std::abs(entry.shift - shift) <= 1e-9 * shift) return entry;
        }
        auto solver = direct_ ? detail::make_direct_shifted_solver(system_, shift)
                              : detail::make_pcg_shifted_solver(system_, shift, settings_.relative_tolerance,
                                                                settings_.max_iterations);
        entries_.push_back(Entry{shift, std::move(solver)});
        return entries_.back();
    }
    [[nodiscard]] int size() const { return static_cast<int>(entries_.size()); }

private:
    const detail::CrossbarSystem& system_;
    bool direct_;
    const TransientSettings& settings_;
    std::vector<Entry> entries_;
};

// sqrt(sum (G_ij V_i)^2): the PCG tolerance's reference current.
double cell_current_scale(const CrossbarArray& array) {
    const Eigen::ArrayXXd currents = array.conductance.array().colwise() * array.inputs.array();
    const double scale = std::sqrt(2.0) * currents.matrix().norm();
    if (scale > 0.0) return scale;
    // No row drive: the column bias drives the array.
    double bias = array.column_bias.size() ? array.column_bias.cwiseAbs().maxCoeff() : 0.0;
    return std::sqrt(2.0) * array.conductance.norm() * bias;
}

}  // namespace

TransientResult simulate_crossbar_transient(const CrossbarArray& array, const TransientDrive& drive,
                                            const TransientSettings& settings) {
    validate(array, drive, settings);
    const detail::CrossbarSystem system = detail::make_system(array);
    const Index N = system.cells();
    const bool direct = settings.method == LinearMethod::direct ||
                        (settings.method == LinearMethod::automatic && N <= 32 * 32);

    TransientResult out;
    out.method_used = direct ? LinearMethod::direct : LinearMethod::multigrid_pcg;
    const TransientSchedule schedule = transient_schedule(settings.step, settings.stop, drive.breakpoints);
    out.times = schedule.times;
    const Index points = static_cast<Index>(out.times.size());
    out.on_output_grid.resize(out.times.size());
    for (std::size_t n = 0; n < out.times.size(); ++n) {
        const double k = std::round(out.times[n] / settings.step);
        out.on_output_grid[n] = out.times[n] == settings.stop || out.times[n] == k * settings.step;
    }
    out.column_currents.resize(points, system.cols);
    out.row_currents.resize(points, system.rows);

    const double scale = cell_current_scale(array);
    const double C = array.wire_capacitance;
    SolverCache solvers(system, direct, settings);
    Eigen::VectorXd x = initial_state(array, drive.shape(0.0), drive.columns_follow);
    Eigen::VectorXd previous = x, b_now, b_next, Ax, f, next;
    double shape_now = drive.shape(0.0);
    source_vector(system, shape_now, drive.columns_follow, b_now);
    record(system, x, shape_now, drive.columns_follow, 0, out);
    double h_previous = 0.0;
    for (Index n = 1; n < points; ++n) {
        const double h = out.times[n] - out.times[n - 1];
        const bool euler = schedule.backward_euler[std::size_t(n)];
        auto& entry = solvers.get((euler ? 1.0 : 2.0) * C / h);
        const double shape_next = drive.shape(out.times[n]);
        source_vector(system, shape_next, drive.columns_follow, b_next);
        if (euler) {
            // (A + sI) x_{n+1} = s x_n + b_{n+1}
            f = entry.shift * x + b_next;
        } else {
            // (A + sI) x_{n+1} = s x_n + (b_n - A x_n) + b_{n+1}; b_n - A x_n
            // is the capacitor current C x'_n at t_n.
            apply_shifted_operator(system, 0.0, x, Ax);
            f = entry.shift * x + (b_now - Ax) + b_next;
        }
        // Initial guess: the line through the last two points.
        if (h_previous > 0.0) {
            next = x + (h / h_previous) * (x - previous);
        } else {
            next = x;
        }
        out.iterations += entry.solver->solve(f, scale, x.norm(), next);
        previous.swap(x);
        x.swap(next);
        b_now.swap(b_next);
        shape_now = shape_next;
        h_previous = h;
        record(system, x, shape_now, drive.columns_follow, n, out);
        if (settings.progress) settings.progress(out.times[n], settings.stop);
    }
    out.step_sizes = solvers.size();
    return out;
}

}  // namespace memcosim::solver
