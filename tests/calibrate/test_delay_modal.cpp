// The modal (separable) transient of a uniform crossbar read against the
// exact transient solver (trapezoidal steps of the full RC network): the
// column waveforms and the 1 % settling delay of the slowest column must
// agree, with a ramped drive and with unequal row inputs and wires.
#include "core/error.hpp"
#include "solver/crossbar_transient.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "solver/settling_delay.hpp"
#include "surrogate/delay_model.hpp"
#include "surrogate/modal_delay.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <random>

using namespace memcosim;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct UniformCase {
    long rows, cols;
    double r_row, r_col, c_wire, g;
    bool random_inputs;
};

CrossbarArray uniform_array(const UniformCase& u) {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(u.rows, u.cols, u.g);
    array.inputs = Eigen::VectorXd::Constant(u.rows, 0.2);
    if (u.random_inputs) {
        std::mt19937_64 generator(7);
        for (long i = 0; i < u.rows; ++i) array.inputs(i) = 0.05 + 0.15 * static_cast<double>(generator() % 1000) / 999.0;
    }
    array.row_wire_resistance = u.r_row;
    array.column_wire_resistance = u.r_col;
    array.wire_capacitance = u.c_wire;
    return array;
}

surrogate::UniformReadTransient modal_read(const CrossbarArray& array, double g, double rise) {
    return {array.rows(), array.cols(), array.row_wire_resistance, array.column_wire_resistance, array.wire_capacitance,
            g, array.inputs, rise};
}

}  // namespace

TEST_CASE("modal transient of a uniform array equals the transient solver", "[delay]") {
    const UniformCase cases[] = {
        {12, 12, 2.0, 2.0, 1e-15, 1e-4, false},  // coupling r g N^2 = 0.03
        {10, 16, 5.0, 0.5, 3e-15, 5e-4, true},   // unequal wires and sizes, r g N^2 up to 0.64
        {16, 8, 0.3, 4.0, 1e-14, 2e-3, true},    // strong coupling: column r g N^2 = 2
    };
    for (const UniformCase& u : cases) {
        const CrossbarArray array = uniform_array(u);
        const surrogate::ModalReadResponse modal(modal_read(array, u.g, 0.0));
        // The final currents are the DC solve's.
        const Eigen::VectorXd dc = solver::solve_linear_crossbar(array).column_currents;
        for (long j = 0; j < u.cols; ++j) CHECK_THAT(modal.final_currents()(j), WithinRel(dc(j), 1e-9));

        const double delay = modal.settling().delay;
        solver::TransientSettings settings;
        settings.step = delay / 4000.0;
        settings.stop = 4.0 * delay;
        const double rise = settings.step;
        const solver::TransientDrive drive{[rise](double t) { return t <= 0.0 ? 0.0 : std::min(1.0, t / rise); },
                                           {0.0, rise}};
        const auto result = solver::simulate_crossbar_transient(array, drive, settings);
        const surrogate::ModalReadResponse ramped(modal_read(array, u.g, rise));
        double slowest = 0.0, worst_waveform = 0.0;
        for (long j = 0; j < u.cols; ++j) {
            std::vector<double> waveform(result.times.size());
            for (std::size_t n = 0; n < waveform.size(); ++n) {
                waveform[n] = result.column_currents(static_cast<Eigen::Index>(n), j);
                if (result.times[n] >= rise) {
                    const double exact = ramped.currents(result.times[n] - rise)(j);
                    worst_waveform = std::max(worst_waveform, std::abs(waveform[n] - exact) / std::abs(dc(j)));
                }
            }
            slowest = std::max(slowest, solver::settling_delay(result.times, waveform, rise));
        }
        INFO(u.rows << "x" << u.cols << " modal delay " << delay << " s, solver " << slowest << " s");
        CHECK(worst_waveform < 2e-3);  // the solver's start-up steps after the ramp dominate this
        CHECK_THAT(ramped.settling().delay, WithinRel(slowest, 1e-3));
        // The ramp only shifts the response by about half its length.
        CHECK_THAT(ramped.settling().delay, WithinAbs(delay - 0.5 * rise, 0.05 * rise + 1e-4 * delay));
    }
}

TEST_CASE("modal delay of one row line is the RC ladder's first-mode settling", "[delay]") {
    // 1 x n with a negligible cell: the row wire is an open RC ladder, its
    // slowest mode 4 sin^2(pi / (2 (2n+1))) / (r c); its weight dominates late.
    const long n = 64;
    const surrogate::ModalReadResponse line({1, n, 1.0, 1e-3, 1e-15, 1e-12, {}, 0.0});
    const double delay = line.settling().delay;
    const double rate = 4.0 * std::pow(std::sin(M_PI / (2.0 * (2.0 * n + 1.0))), 2) / (1.0 * 1e-15);
    // ln(100) / rate plus a fixed offset from the mode weight 8/pi^2-ish: bounded.
    CHECK(delay > std::log(100.0) / rate);
    CHECK(delay < std::log(200.0) / rate);
}

TEST_CASE("modal delay refuses invalid cases", "[delay]") {
    CHECK_THROWS_AS(surrogate::ModalReadResponse({0, 4, 1.0, 1.0, 1e-15, 1e-5, {}, 0.0}), InputError);
    CHECK_THROWS_AS(surrogate::ModalReadResponse({4, 4, 1.0, -1.0, 1e-15, 1e-5, {}, 0.0}), InputError);
    CHECK_THROWS_AS(surrogate::ModalReadResponse({4, 4, 1.0, 1.0, 1e-15, 1e-5, Eigen::VectorXd::Ones(3), 0.0}),
                    InputError);
    CHECK_THROWS_AS(surrogate::ModalReadResponse({4, 4, 1.0, 1.0, 1e-15, 1e-5, Eigen::VectorXd::Zero(4), 0.0})
                        .settling(),
                    EngineError);
}
