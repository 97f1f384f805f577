// The nonlinear crossbar transient (solver/nonlinear_transient.hpp) against
// references that do not share its code: the linear transient
// (solver/crossbar_transient.hpp) for linear cells, and a fine explicit
// Runge-Kutta integration of the two-node ODE of a 1x1 array with a sinh
// cell; and its errors.
#include "core/error.hpp"
#include "solver/crossbar_transient.hpp"
#include "solver/nonlinear_transient.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <random>

using namespace memcosim;
using Catch::Matchers::ContainsSubstring;

namespace {

// 0 until 0.2 ns, up in 0.1 ns, 1 ns flat, down in 0.1 ns.
solver::TransientDrive trapezoid_pulse() {
    const auto shape = [](double t) {
        const double d = 0.2e-9, r = 0.1e-9, w = 1e-9;
        if (t <= d) return 0.0;
        if (t <= d + r) return (t - d) / r;
        if (t <= d + r + w) return 1.0;
        if (t <= d + 2 * r + w) return 1.0 - (t - d - r - w) / r;
        return 0.0;
    };
    return {shape, {0.2e-9, 0.3e-9, 1.3e-9, 1.4e-9}};
}

// I = i0 sinh(v / v0): a selector-like cell.
class SinhCells final : public solver::TransientCells {
public:
    static constexpr double i0 = 1e-6, v0 = 0.1;
    void begin_step(double, bool) override {}
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix&, RowMajorMatrix& current,
                  RowMajorMatrix& conductance) override {
        current = (v.array() / v0).sinh() * i0;
        conductance = (v.array() / v0).cosh() * (i0 / v0);
    }
    void accept() override {}
};

// A cell that breaks (non-finite current) once its voltage exceeds 0.15 V.
class BreakingCells final : public solver::TransientCells {
public:
    void begin_step(double, bool) override {}
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix&, RowMajorMatrix& current,
                  RowMajorMatrix& conductance) override {
        current = v * 1e-4;
        conductance = RowMajorMatrix::Constant(v.rows(), v.cols(), 1e-4);
        if (v.cwiseAbs().maxCoeff() > 0.15) current(0, 0) = std::nan("");
    }
    void accept() override {}
};

CrossbarArray random_array(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> g(1e-5, 1e-4), v(0.1, 0.3);
    CrossbarArray array;
    array.conductance.resize(rows, cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = g(rng);
    array.inputs.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) array.inputs(i) = v(rng);
    array.row_wire_resistance = 20.0;
    array.column_wire_resistance = 30.0;
    array.wire_capacitance = 2e-13;
    return array;
}

}  // namespace

TEST_CASE("linear cells through the nonlinear transient equal the linear transient", "[solver][transient]") {
    const CrossbarArray array = random_array(8, 6, 3);
    const auto drive = trapezoid_pulse();
    solver::TransientSettings linear_settings;
    linear_settings.step = 1e-11;
    linear_settings.stop = 2e-9;
    linear_settings.method = solver::LinearMethod::direct;
    const auto linear = solver::simulate_crossbar_transient(array, drive, linear_settings);

    solver::NonlinearTransientSettings settings;
    settings.step = linear_settings.step;
    settings.stop = linear_settings.stop;
    solver::LinearTransientCells cells(array.conductance);
    const auto nonlinear = solver::simulate_nonlinear_transient(array, drive, cells, settings);

    REQUIRE(nonlinear.times == linear.times);
    const double peak = linear.column_currents.cwiseAbs().maxCoeff();
    REQUIRE(peak > 1e-5);
    CHECK((nonlinear.column_currents - linear.column_currents).cwiseAbs().maxCoeff() <= 1e-9 * peak);
    CHECK((nonlinear.row_currents - linear.row_currents).cwiseAbs().maxCoeff() <= 1e-9 * peak);
    // One linear solve per step, and one more to see that nothing moves.
    CHECK(nonlinear.newton_iterations <= 2 * static_cast<long long>(nonlinear.times.size()));
}

TEST_CASE("a 1x1 array of a sinh cell follows its two-node ODE", "[solver][transient]") {
    // driver --r-- u --cell-- w --r-- sense, C on u and on w:
    //   C u' = (V(t) - u) / r - I(u - w),   C w' = I(u - w) - w / r.
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(1, 1, 1e-5);  // size only
    array.inputs = Eigen::VectorXd::Constant(1, 0.5);
    const double r = 1e3, c = 1e-12;
    array.row_wire_resistance = r;
    array.column_wire_resistance = r;
    array.wire_capacitance = c;
    const auto drive = trapezoid_pulse();
    solver::NonlinearTransientSettings settings;
    settings.step = 5e-12;
    settings.stop = 3e-9;
    SinhCells cells;
    const auto result = solver::simulate_nonlinear_transient(array, drive, cells, settings);

    // Reference: classical RK4 with steps 1/50 of the solver's, sampled at its times.
    const auto cell = [](double v) { return SinhCells::i0 * std::sinh(v / SinhCells::v0); };
    const auto rates = [&](double t, const Eigen::Vector2d& x) {
        const double i = cell(x(0) - x(1));
        return Eigen::Vector2d(((0.5 * drive.shape(t) - x(0)) / r - i) / c, (i - x(1) / r) / c);
    };
    Eigen::Vector2d x = Eigen::Vector2d::Zero();
    double t = 0.0, largest = 0.0, peak = 0.0;
    const double h = settings.step / 50.0;
    for (std::size_t n = 1; n < result.times.size(); ++n) {
        while (t < result.times[n] - 1e-9 * h) {
            const double dt = std::min(h, result.times[n] - t);
            const Eigen::Vector2d k1 = rates(t, x), k2 = rates(t + dt / 2, x + dt / 2 * k1);
            const Eigen::Vector2d k3 = rates(t + dt / 2, x + dt / 2 * k2), k4 = rates(t + dt, x + dt * k3);
            x += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            t += dt;
        }
        const double reference = x(1) / r;  // current into the sense node
        peak = std::max(peak, std::abs(reference));
        largest = std::max(largest, std::abs(result.column_currents(Eigen::Index(n), 0) - reference));
    }
    REQUIRE(peak > 1e-6);
    CHECK(largest <= 2e-3 * peak);
}

TEST_CASE("a step whose Newton cannot converge names the time", "[solver][transient]") {
    CrossbarArray array = random_array(4, 4, 5);
    array.inputs.setConstant(0.3);
    solver::NonlinearTransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 1e-9;
    BreakingCells cells;
    try {
        (void)solver::simulate_nonlinear_transient(array, trapezoid_pulse(), cells, settings);
        FAIL("no error");
    } catch (const EngineError& error) {
        const std::string message = error.what();
        CHECK_THAT(message, ContainsSubstring("does not converge at t = 2."));
        CHECK_THAT(message, ContainsSubstring("non-finite"));
    }
}

TEST_CASE("bad nonlinear transient input is refused", "[solver][transient]") {
    CrossbarArray array = random_array(3, 3, 7);
    solver::LinearTransientCells cells(array.conductance);
    solver::NonlinearTransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 1e-9;
    array.wire_capacitance = -1e-15;
    CHECK_THROWS_AS(solver::simulate_nonlinear_transient(array, trapezoid_pulse(), cells, settings), InputError);
    array.wire_capacitance = 1e-15;
    settings.stop = 0.5e-11;
    CHECK_THROWS_WITH(solver::simulate_nonlinear_transient(array, trapezoid_pulse(), cells, settings),
                      ContainsSubstring("must be larger than step"));
    settings.stop = 1e-9;
    array.row_wire_resistance = array.column_wire_resistance = 0.0;
    CHECK_THROWS_WITH(solver::simulate_nonlinear_transient(array, trapezoid_pulse(), cells, settings),
                      ContainsSubstring("ideal"));
}
