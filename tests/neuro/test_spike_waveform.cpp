// Spike shapes: the PWL stays within its stated tolerance of the function,
// the bipolar shape has the signs and integral overlap STDP relies on, and
// trains add overlapping spikes.
#include "core/error.hpp"
#include "netlist/waveform_value.hpp"
#include "neuro/spike_train.hpp"
#include "neuro/spike_waveform.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include <cmath>

using namespace memcosim;

namespace {

neuro::SpikeShape bipolar() {
    neuro::SpikeShape s;
    s.kind = neuro::SpikeShapeKind::bipolar;
    s.a_plus = 1.0;
    s.t_plus = 1e-6;
    s.a_minus = 0.3;
    s.tau_minus = 20e-6;
    return s;
}

// Largest |PWL - function| on a grid much finer than the PWL's segments.
double max_pwl_error(const netlist::PiecewiseLinear& pwl, auto function, double stop) {
    double worst = 0.0;
    const int samples = 200000;
    for (int k = 0; k <= samples; ++k) {
        const double t = stop * k / samples;
        worst = std::max(worst, std::abs(netlist::waveform_value(pwl, t) - function(t)));
    }
    return worst;
}

}  // namespace

TEST_CASE("Spike PWL stays within tolerance of the function", "[neuro]") {
    neuro::SpikeShape rect;
    rect.width = 2e-6;
    neuro::SpikeShape exponential;
    exponential.kind = neuro::SpikeShapeKind::exponential;
    exponential.tau = 5e-6;
    for (const auto& shape : {rect, exponential, bipolar()}) {
        for (double tolerance : {1e-2, 1e-3, 1e-4}) {
            const auto pwl = neuro::spike_pwl(shape, tolerance);
            const double stop = 1.5 * pwl.points.back().first;
            const double error = max_pwl_error(pwl, [&](double t) { return neuro::spike_value(shape, t); }, stop);
            INFO(fmt::format("shape {}, tolerance {}: {} points, max error {:.3e}", static_cast<int>(shape.kind),
                             tolerance, pwl.points.size(), error));
            CHECK(error <= tolerance);
            for (std::size_t k = 1; k < pwl.points.size(); ++k)
                CHECK(pwl.points[k].first > pwl.points[k - 1].first);
        }
    }
}

TEST_CASE("Bipolar spike: positive pulse, negative tail, known integral", "[neuro]") {
    const auto s = bipolar();
    CHECK(neuro::spike_value(s, -1e-9) == 0.0);
    CHECK(neuro::spike_value(s, 0.5e-6) == 1.0);
    CHECK(neuro::spike_value(s, 2e-6) < 0.0);
    CHECK(neuro::spike_value(s, 2e-6) == Catch::Approx(-0.3 * std::exp(-(2e-6 - 1.002e-6) / 20e-6)));
    // Net area a_plus t_plus - a_minus tau_minus (+ edge terms): negative here.
    const double expected = 1.0 * 1e-6 - 0.3 * 20e-6 + 0.5e-9 * 1.0 + 0.5 * (1.0 - 0.3) * 1e-9;
    CHECK(neuro::spike_integral(s) == Catch::Approx(expected).epsilon(1e-12));
    CHECK(neuro::spike_integral(s) < 0.0);
    // The PWL's trapezoid area matches the exact integral to the truncated tail.
    const auto pwl = neuro::spike_pwl(s, 1e-5);
    double area = 0.0, positive = 0.0;
    for (std::size_t k = 1; k < pwl.points.size(); ++k) {
        const auto [t0, v0] = pwl.points[k - 1];
        const auto [t1, v1] = pwl.points[k];
        area += 0.5 * (v0 + v1) * (t1 - t0);
        if (v0 >= 0.0 && v1 >= 0.0) positive += 0.5 * (v0 + v1) * (t1 - t0);
    }
    CHECK(area == Catch::Approx(expected).epsilon(1e-3));
    CHECK(positive == Catch::Approx(1e-6 + 0.5e-9).epsilon(1e-3));
}

TEST_CASE("Rectangular and exponential integrals", "[neuro]") {
    neuro::SpikeShape rect;
    rect.amplitude = 2.0;
    rect.width = 1e-6;
    CHECK(neuro::spike_integral(rect) == Catch::Approx(2.0 * (1e-6 + 1e-9)));
    neuro::SpikeShape exponential;
    exponential.kind = neuro::SpikeShapeKind::exponential;
    exponential.amplitude = -0.5;  // polarity is free for single-polarity shapes
    CHECK(neuro::spike_integral(exponential) == Catch::Approx(-0.5 * (0.5e-9 + 1e-6)));
    CHECK(neuro::spike_value(exponential, 1e-9 + 1e-6) == Catch::Approx(-0.5 / std::exp(1.0)));
}

TEST_CASE("Spike train adds overlapping spikes", "[neuro]") {
    neuro::SpikeTrain train{bipolar(), {0.0, 5e-6, 5.5e-6, 40e-6}};
    const double tolerance = 1e-4;
    const auto pwl = neuro::spike_train_pwl(train, tolerance);
    for (std::size_t k = 1; k < pwl.points.size(); ++k) REQUIRE(pwl.points[k].first > pwl.points[k - 1].first);
    // Exponential tails make all 4 spikes overlap somewhere: bound 4 tolerances.
    const double error = max_pwl_error(pwl, [&](double t) { return neuro::spike_train_value(train, t); }, 300e-6);
    INFO(fmt::format("train: {} points, max error {:.3e}", pwl.points.size(), error));
    CHECK(error <= 4 * tolerance);
    // Overlap: the pulse at 5.5 us sits on the tails of two earlier spikes.
    const double t = 5.5e-6 + 0.5e-6;
    CHECK(neuro::spike_train_value(train, t) ==
          Catch::Approx(1.0 + neuro::spike_value(train.shape, t) + neuro::spike_value(train.shape, t - 5e-6)));
}

TEST_CASE("Bad spike shapes are rejected", "[neuro][bad-input]") {
    auto s = bipolar();
    s.t_plus = -1e-6;
    CHECK_THROWS_AS(neuro::validate(s), InputError);
    CHECK_THROWS_AS(neuro::spike_pwl(s, 1e-3), InputError);
    s = bipolar();
    s.a_minus = -0.3;
    CHECK_THROWS_AS(neuro::validate(s), InputError);
    neuro::SpikeShape rect;
    rect.width = 0.0;
    CHECK_THROWS_AS(neuro::validate(rect), InputError);
    CHECK_THROWS_AS(neuro::spike_pwl(bipolar(), 0.0), InputError);
    CHECK_THROWS_AS(neuro::spike_train_pwl({bipolar(), {1e-6, -1e-6}}, 1e-3), InputError);
}
