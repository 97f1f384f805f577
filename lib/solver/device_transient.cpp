#include "solver/device_transient.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

struct Point {
    double current = 0.0;
    Eigen::VectorXd rate;
    Eigen::MatrixXd jacobian;  // d rate / d x
};

Point evaluate(const DeviceFunction& device, double v, const Eigen::VectorXd& x, double t) {
    const auto m = x.size();
    Point point{0.0, Eigen::VectorXd::Zero(m), Eigen::MatrixXd::Zero(m, m)};
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> jacobian(m, m);
    jacobian.setZero();
    device(v, x.data(), t, point.current, point.rate.data(), jacobian.data());
    point.jacobian = jacobian;
    return point;
}

// One trapezoidal step from (t, x) with rate f0 to t + h; nullopt-like false if Newton fails.
bool trapezoidal_step(const DeviceFunction& device, const std::function<double(double)>& voltage, double t, double h,
                      const Eigen::VectorXd& x, const Eigen::VectorXd& f0, const DeviceTransientOptions& options,
                      Eigen::VectorXd& next) {
    next = x + h * f0;  // explicit predictor
    if (x.size() == 0) return true;  // a stateless device (a selector) has nothing to integrate
    const double v1 = voltage(t + h);
    const auto m = x.size();
    for (int iteration = 0; iteration < options.max_newton_iterations; ++iteration) {
        const Point p = evaluate(device, v1, next, t + h);
        const Eigen::VectorXd residual = next - x - 0.5 * h * (f0 + p.rate);
        const Eigen::MatrixXd jacobian = Eigen::MatrixXd::Identity(m, m) - 0.5 * h * p.jacobian;
        const Eigen::VectorXd delta = jacobian.partialPivLu().solve(residual);
        if (!delta.allFinite()) return false;
        next -= delta;
        if (delta.cwiseAbs().maxCoeff() <= options.state_tolerance + 1e-12 * next.cwiseAbs().maxCoeff()) return true;
    }
    return false;
}

// A converged trapezoidal step whose local error estimate is within tolerance.
bool accepted_step(const DeviceFunction& device, const std::function<double(double)>& voltage, double t, double h,
                   const Eigen::VectorXd& x, const Eigen::VectorXd& f0, const DeviceTransientOptions& options,
                   Eigen::VectorXd& next) {
    if (!trapezoidal_step(device, voltage, t, h, x, f0, options, next)) return false;
    if (x.size() == 0) return true;
    const double error = 0.5 * (next - (x + h * f0)).cwiseAbs().maxCoeff();
    return error <= options.local_error_tolerance || h <= 1e-6 * options.max_step;
}

void record(DeviceTrace& trace, double t, double v, double current, const Eigen::VectorXd& x) {
    trace.time.push_back(t);
    trace.voltage.push_back(v);
    trace.current.push_back(current);
    for (Eigen::Index k = 0; k < x.size(); ++k) trace.states[static_cast<std::size_t>(k)].push_back(x(k));
}

}  // namespace

DeviceTrace simulate_device(const DeviceFunction& device, std::size_t state_count,
                            const std::vector<double>& initial_state, const std::function<double(double)>& voltage,
                            const DeviceTransientOptions& options) {
    if (!(options.stop > 0.0) || !(options.max_step > 0.0)) {
        throw InputError("device transient: stop time and maximum step must be > 0");
    }
    if (initial_state.size() != state_count) throw InputError("device transient: wrong number of initial states");
    std::vector<double> stops = options.breakpoints;
    stops.push_back(options.stop);
    std::sort(stops.begin(), stops.end());
    DeviceTrace trace;
    trace.states.resize(state_count);
    Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(initial_state.data(), static_cast<Eigen::Index>(state_count));
    double t = 0.0;
    Point here = evaluate(device, voltage(0.0), x, 0.0);
    record(trace, 0.0, voltage(0.0), here.current, x);
    auto next_stop = std::upper_bound(stops.begin(), stops.end(), 0.0);
    Eigen::VectorXd next;
    double h_last = options.max_step;
    while (t < options.stop && next_stop != stops.end()) {
        double h = std::min({options.max_step, 2.0 * h_last, *next_stop - t});
        while (!accepted_step(device, voltage, t, h, x, here.rate, options, next)) {
            h *= 0.5;
            if (h < 1e-9 * options.max_step) {
                throw EngineError(fmt::format("device transient: no step converges at t = {:.6e} s", t));
            }
        }
        h_last = h;
        t = (t + h >= *next_stop * (1.0 - 1e-12)) ? *next_stop : t + h;
        if (t >= *next_stop) next_stop = std::upper_bound(stops.begin(), stops.end(), t);
        x = next;
        here = evaluate(device, voltage(t), x, t);
        record(trace, t, voltage(t), here.current, x);
    }
    return trace;
}

}  // namespace memcosim::solver
