// The crossbar transient solver against closed forms (a single RC node, an
// RC ladder through its exact modal expansion, the n^2 growth of a
// distributed line's delay), against the DC solver at steady state, and its
// two linear methods against each other.
#include "core/error.hpp"
#include "solver/crossbar_transient.hpp"
#include "solver/settling_delay.hpp"

#include <Eigen/Eigenvalues>
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <random>

using namespace memcosim;
using solver::LinearMethod;
using solver::TransientDrive;
using solver::TransientSettings;

namespace {

// A unit step reached through a linear ramp of `rise` seconds starting at t = 0.
TransientDrive ramp_step(double rise) {
    return TransientDrive{[rise](double t) { return t <= 0.0 ? 0.0 : (t >= rise ? 1.0 : t / rise); }, {0.0, rise}};
}

// Response of 1 / (1 + s tau) to that ramp-step, from rest.
double first_order_ramp(double t, double tau, double rise) {
    if (t <= 0.0) return 0.0;
    if (t < rise) return (t - tau * (1.0 - std::exp(-t / tau))) / rise;
    return 1.0 - (tau / rise) * std::expm1(rise / tau) * std::exp(-t / tau);
}

std::vector<double> column_waveform(const solver::TransientResult& result, Eigen::Index j) {
    std::vector<double> values(result.times.size());
    for (std::size_t n = 0; n < values.size(); ++n) values[n] = result.column_currents(Eigen::Index(n), j);
    return values;
}

CrossbarArray random_array(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> g(1e-5, 1e-4), v(0.1, 0.3);
    CrossbarArray array;
    array.conductance.resize(rows, cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = g(generator);
    array.inputs.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) array.inputs(i) = v(generator);
    array.row_wire_resistance = 2.0;
    array.column_wire_resistance = 3.0;
    array.wire_capacitance = 2e-14;
    return array;
}

}  // namespace

TEST_CASE("1x1 crossbar: the row node charges as exp(-t/RC)", "[transient]") {
    // Driver --R-- row node (C) --G-- column node (C) --r-- sense, with r so
    // small that the column node stays at 0 V: one RC node with
    // tau = C / (1/R + G), and the column current is G u.
    CrossbarArray array;
    const double R = 1e3, G = 2e-4, C = 1e-12, V = 0.5;
    array.conductance = RowMajorMatrix::Constant(1, 1, G);
    array.inputs = Eigen::VectorXd::Constant(1, V);
    array.row_wire_resistance = R;
    array.column_wire_resistance = 1e-3;
    array.wire_capacitance = C;
    const double tau = C / (1.0 / R + G);
    const double final_current = G * V * (1.0 / R) / (1.0 / R + G);
    const double rise = 0.05 * tau;
    TransientSettings settings;
    settings.step = tau / 100.0;
    settings.stop = 8.0 * tau;
    const auto result = solver::simulate_crossbar_transient(array, ramp_step(rise), settings);
    double worst = 0.0;
    for (std::size_t n = 0; n < result.times.size(); ++n) {
        const double exact = final_current * first_order_ramp(result.times[n], tau, rise);
        worst = std::max(worst, std::abs(result.column_currents(Eigen::Index(n), 0) - exact));
    }
    CHECK(worst < 1e-4 * final_current);
    // 1% settling on the value F at the stop time: after the ramp the current
    // is I (1 - a e^(-t/tau)) with a = (tau/rise)(e^(rise/tau) - 1), so
    // I a (e^(-t/tau) - e^(-stop/tau)) = 0.01 F.
    const double a = (tau / rise) * std::expm1(rise / tau);
    const double F = final_current * first_order_ramp(settings.stop, tau, rise);
    const double exact_delay = -tau * std::log(0.01 * F / (final_current * a) + std::exp(-settings.stop / tau));
    CHECK(solver::settling_delay(result.times, column_waveform(result, 0), 0.0) ==
          Catch::Approx(exact_delay).epsilon(2e-3));
}

namespace {

// One row line of n cells with negligible cell conductance: an open RC
// ladder of n segments r and n nodes C, driven at its left end. Exact
// response of the far node to the ramp-step, by modal expansion of
// C u' + A u = g V e_0 (A: the ladder's nodal matrix plus G on the diagonal).
double ladder_far_node(double t, Eigen::Index n, double r, double C, double G, double rise) {
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index k = 0; k < n; ++k) {
        A(k, k) = 1.0 / r + (k + 1 < n ? 1.0 / r : 0.0) + G;
        if (k + 1 < n) A(k, k + 1) = A(k + 1, k) = -1.0 / r;
    }
    Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
    b(0) = 1.0 / r;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> modes(A);
    double u = 0.0;
    for (Eigen::Index k = 0; k < n; ++k) {
        const double lambda = modes.eigenvalues()(k);
        const Eigen::VectorXd phi = modes.eigenvectors().col(k);
        u += phi(n - 1) * phi.dot(b) / lambda * first_order_ramp(t, C / lambda, rise);
    }
    return u;
}

struct LadderRun {
    double delay, exact_delay, worst_error, peak;
};

LadderRun run_ladder(Eigen::Index n) {
    const double r = 10.0, C = 1e-13, G = 1e-9;
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(1, n, G);
    array.inputs = Eigen::VectorXd::Constant(1, 1.0);
    array.row_wire_resistance = r;
    array.column_wire_resistance = 1e-3;
    array.wire_capacitance = C;
    const double scale = double(n * n) * r * C;  // the line's time scale
    const double rise = 0.002 * scale;
    TransientSettings settings;
    settings.step = scale / 200.0;
    settings.stop = 4.0 * scale;
    const auto result = solver::simulate_crossbar_transient(array, ramp_step(rise), settings);
    const auto far = column_waveform(result, n - 1);
    std::vector<double> exact(far.size());
    LadderRun run{solver::settling_delay(result.times, far, 0.0), 0.0, 0.0, 0.0};
    for (std::size_t k = 0; k < far.size(); ++k) {
        exact[k] = G * ladder_far_node(result.times[k], n, r, C, G, rise);
        run.worst_error = std::max(run.worst_error, std::abs(far[k] - exact[k]));
        run.peak = std::max(run.peak, std::abs(exact[k]));
    }
    // The exact waveform sampled 10x finer, for its own settling delay.
    std::vector<double> fine_times, fine_values;
    for (int k = 0; k <= 2000; ++k) {
        fine_times.push_back(settings.stop * k / 2000.0);
        fine_values.push_back(G * ladder_far_node(fine_times.back(), n, r, C, G, rise));
    }
    run.exact_delay = solver::settling_delay(fine_times, fine_values, 0.0);
    return run;
}

}  // namespace

TEST_CASE("a row line is an RC ladder: exact waveform, settling and n^2 delay", "[transient]") {
    const LadderRun small = run_ladder(8), medium = run_ladder(16), large = run_ladder(32);
    for (const auto& run : {small, medium, large}) {
        CHECK(run.worst_error < 2e-3 * run.peak);
        CHECK(run.delay == Catch::Approx(run.exact_delay).epsilon(0.01));
    }
    // A distributed line's delay grows as n^2 r C: doubling n quadruples it
    // (the discrete ladder approaches that from above as n grows).
    CHECK(medium.delay / small.delay == Catch::Approx(4.0).epsilon(0.08));
    CHECK(large.delay / medium.delay == Catch::Approx(4.0).epsilon(0.04));
    // Open distributed line, far end: 1 - (4/pi) e^(-t/tau1) with
    // tau1 = 4 n^2 r C / pi^2, so 1% settling at tau1 ln(400/pi); the Elmore
    // delay n^2 r C / 2 is a fixed fraction of that.
    const double tau1 = 4.0 * 32.0 * 32.0 * 10.0 * 1e-13 / (M_PI * M_PI);
    CHECK(large.delay == Catch::Approx(tau1 * std::log(400.0 / M_PI)).epsilon(0.05));
}

TEST_CASE("the transient settles on the DC solution", "[transient]") {
    CrossbarArray array = random_array(20, 16, 3);
    TransientSettings settings;
    settings.step = 2e-11;
    settings.stop = 4e-9;
    const auto result = solver::simulate_crossbar_transient(array, ramp_step(1e-10), settings);
    const auto dc = solver::solve_linear_crossbar(array);
    const Eigen::VectorXd last = result.column_currents.row(result.column_currents.rows() - 1).transpose();
    CHECK((last - dc.column_currents).cwiseAbs().maxCoeff() < 1e-7 * dc.column_currents.cwiseAbs().maxCoeff());
    // The node next to each driver is the stiffest (C / 2g = 2e-14 s against
    // a 2e-11 s step): the trapezoidal rule keeps a small remnant of the
    // kinks' excitation ringing there (factor -0.996 per step, after the
    // backward Euler start-up took out 99%), about 0.1 uV, which the 0.5 S
    // driver segment turns into ~1e-7 A of the row current.
    const Eigen::VectorXd drawn = result.row_currents.row(result.row_currents.rows() - 1).transpose();
    CHECK((drawn - dc.row_currents).cwiseAbs().maxCoeff() < 1e-3 * dc.row_currents.cwiseAbs().maxCoeff());
}

TEST_CASE("direct and PCG transients agree, periphery included", "[transient]") {
    CrossbarArray array = random_array(48, 40, 5);
    SECTION("default periphery") {}
    SECTION("driver and load resistances, biased columns (a non-zero start)") {
        array.row_drivers.assign(48, LineTermination{false, 50.0});
        array.column_terminations.assign(40, LineTermination{false, 20.0});
        array.column_bias = Eigen::VectorXd::Constant(40, 0.05);
    }
    // A pulse with corners off the step grid.
    const TransientDrive drive{[](double t) {
                                   if (t < 1.03e-10) return 0.0;
                                   if (t < 2.07e-10) return (t - 1.03e-10) / 1.04e-10;
                                   return 1.0;
                               },
                               {1.03e-10, 2.07e-10}};
    TransientSettings settings;
    settings.step = 5e-11;
    settings.stop = 3e-9;
    settings.method = LinearMethod::direct;
    const auto direct = solver::simulate_crossbar_transient(array, drive, settings);
    settings.method = LinearMethod::multigrid_pcg;
    const auto pcg = solver::simulate_crossbar_transient(array, drive, settings);
    REQUIRE(direct.times == pcg.times);
    // 61 grid points, 2 corners and a backward Euler start after t = 0 and each corner.
    CHECK(direct.times.size() == 66);
    CHECK(direct.step_sizes == 9);  // grid, 3 Euler start-ups, 5 pieces between corners and grid
    const double peak = direct.column_currents.cwiseAbs().maxCoeff();
    CHECK((direct.column_currents - pcg.column_currents).cwiseAbs().maxCoeff() < 1e-7 * peak);
    CHECK(pcg.iterations > 0);
    CHECK(pcg.iterations < 8 * 65);
}

TEST_CASE("time points: the step grid, the stop time and the corners off the grid", "[transient]") {
    const auto times = solver::transient_time_points(1.0, 3.5, {0.0, 1.0 + 1e-8, 1.5, 2.25, 5.0});
    const std::vector<double> expected{0.0, 1.0, 1.5, 2.0, 2.25, 3.0, 3.5};
    CHECK(times == expected);
}

TEST_CASE("settling delay of sampled waveforms", "[transient]") {
    std::vector<double> t, rising, pulse;
    const double tau = 2.0;
    for (int k = 0; k <= 4000; ++k) {
        t.push_back(k * 0.01);
        rising.push_back(3.0 * (1.0 - std::exp(-t.back() / tau)));
        pulse.push_back(t.back() < 20.0 ? rising.back() : rising.back() * std::exp(-(t.back() - 20.0) / tau));
    }
    CHECK(solver::settling_delay(t, rising, 0.0) == Catch::Approx(tau * std::log(100.0)).epsilon(1e-4));
    CHECK(solver::settling_delay(t, rising, 1.0) == Catch::Approx(tau * std::log(100.0) - 1.0).epsilon(1e-4));
    // A pulse that has ended: the band is 1% of the excursion from the final value.
    const double height = 3.0 * (1.0 - std::exp(-20.0 / tau)), last = height * std::exp(-20.0 / tau);
    const double band = 0.01 * (height - last);
    CHECK(solver::settling_delay(t, pulse, 0.0) ==
          Catch::Approx(20.0 + tau * std::log(height / (band + last))).epsilon(1e-4));
    CHECK(solver::settling_delay({0.0, 1.0}, {2.0, 2.0}, 0.0) == 0.0);
}

TEST_CASE("bad transient settings are refused", "[transient]") {
    CrossbarArray array = random_array(4, 4, 1);
    TransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 1e-9;
    const auto drive = ramp_step(1e-11);
    auto bad = settings;
    bad.step = 0.0;
    CHECK_THROWS_AS(solver::simulate_crossbar_transient(array, drive, bad), InputError);
    bad = settings;
    bad.stop = settings.step;
    CHECK_THROWS_AS(solver::simulate_crossbar_transient(array, drive, bad), InputError);
    array.wire_capacitance = -1e-15;
    CHECK_THROWS_AS(solver::simulate_crossbar_transient(array, drive, settings), InputError);
}
