// The behavioral device transient against closed forms of simple state equations.
#include "core/error.hpp"
#include "solver/device_transient.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace memcosim;

TEST_CASE("a relaxing state follows its exponential", "[solver][device-transient]") {
    // dx/dt = (k V - x) / tau, I = x V: with V = 1 from t = 0, x = k (1 - exp(-t / tau)).
    const double tau = 1e-6, k = 0.8;
    const solver::DeviceFunction device = [&](double v, const double* x, double, double& current, double* rate,
                                              double* jacobian) {
        current = x[0] * v;
        rate[0] = (k * v - x[0]) / tau;
        jacobian[0] = -1.0 / tau;
    };
    solver::DeviceTransientOptions options;
    options.stop = 5e-6;
    options.max_step = 1e-8;
    const auto trace = solver::simulate_device(device, 1, {0.0}, [](double) { return 1.0; }, options);
    REQUIRE(trace.time.back() == options.stop);
    double worst = 0.0;
    for (std::size_t n = 0; n < trace.time.size(); ++n) {
        worst = std::max(worst, std::abs(trace.states[0][n] - k * (1.0 - std::exp(-trace.time[n] / tau))));
        CHECK(trace.current[n] == trace.states[0][n] * 1.0);
    }
    CHECK(worst < 1e-5);  // trapezoidal: O((h / tau)^2)
}

TEST_CASE("steps land on every breakpoint of the drive", "[solver][device-transient]") {
    const solver::DeviceFunction device = [](double v, const double* x, double, double& current, double* rate,
                                             double* jacobian) {
        current = v;
        rate[0] = v;  // x integrates the drive exactly (piecewise linear)
        jacobian[0] = 0.0;
        (void)x;
    };
    // A pulse 0 -> 1 V between 1 and 2 us: the integral is exactly 1e-6 V s by t = 3 us.
    const auto drive = [](double t) { return (t >= 1e-6 && t < 2e-6) ? 1.0 : 0.0; };
    solver::DeviceTransientOptions options;
    options.stop = 3e-6;
    options.max_step = 0.7e-6;
    options.breakpoints = {1e-6, 2e-6};
    const auto trace = solver::simulate_device(device, 1, {0.0}, drive, options);
    CHECK(std::find(trace.time.begin(), trace.time.end(), 1e-6) != trace.time.end());
    CHECK(std::find(trace.time.begin(), trace.time.end(), 2e-6) != trace.time.end());
    CHECK(std::abs(trace.states[0].back() - 1e-6) < 1e-7);
}

TEST_CASE("bad transient settings are refused", "[solver][device-transient][bad-input]") {
    const solver::DeviceFunction device = [](double, const double*, double, double& current, double*, double*) {
        current = 0.0;
    };
    solver::DeviceTransientOptions options;
    options.stop = 1e-6;
    CHECK_THROWS_AS(solver::simulate_device(device, 0, {}, [](double) { return 0.0; }, options), InputError);
}
