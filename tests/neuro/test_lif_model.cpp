// The event-driven LIF model against the closed-form firing rate.
#include "core/error.hpp"
#include "neuro/lif_model.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include <cmath>

using namespace memcosim;

namespace {
neuro::LifParameters test_neuron() {
    neuro::LifParameters p;
    p.capacitance = 1e-12;
    p.resistance = 1e6;
    p.v_threshold = 0.5;
    p.t_refractory = 0.2e-6;
    return p;
}
}  // namespace

TEST_CASE("LIF model firing rate matches the closed form", "[neuro]") {
    const auto p = test_neuron();
    for (double v_inf : {0.51, 0.6, 1.0, 2.0, 5.0, 50.0}) {
        const double current = v_inf / p.resistance;
        const auto spikes = neuro::lif_spike_times(p, current, 200e-6);
        REQUIRE(spikes.size() >= 3);
        const double rate = static_cast<double>(spikes.size() - 1) / (spikes.back() - spikes.front());
        const double expected = 1.0 / (p.t_refractory + p.tau() * std::log(v_inf / (v_inf - p.v_threshold)));
        INFO(fmt::format("R I = {} V: rate {} Hz, closed form {} Hz", v_inf, rate, expected));
        // Exact integration: only rounding error is left.
        CHECK(rate == Catch::Approx(expected).epsilon(1e-9));
        CHECK(neuro::lif_rate(p, current) == Catch::Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("LIF model does not fire when R I <= V_th", "[neuro]") {
    const auto p = test_neuron();
    for (double v_inf : {-1.0, 0.0, 0.3, 0.5}) {
        CHECK(neuro::lif_spike_times(p, v_inf / p.resistance, 1e-3).empty());
        CHECK(neuro::lif_rate(p, v_inf / p.resistance) == 0.0);
    }
}

TEST_CASE("LIF model is the same whether advanced in one step or many", "[neuro]") {
    const auto p = test_neuron();
    neuro::LifNeuron neuron(p);
    std::vector<double> spikes;
    for (int k = 0; k < 1000; ++k) neuron.advance(1e-6, 1e-8, spikes);
    const auto reference = neuro::lif_spike_times(p, 1e-6, 1e-5);
    REQUIRE(spikes.size() == reference.size());
    for (std::size_t k = 0; k < spikes.size(); ++k) CHECK(spikes[k] == Catch::Approx(reference[k]).epsilon(1e-9));
}

TEST_CASE("LIF model holds the membrane during the refractory period", "[neuro]") {
    const auto p = test_neuron();
    neuro::LifNeuron neuron(p);
    std::vector<double> spikes;
    neuron.advance(2e-6, 0.2870e-6, spikes);  // just short of the first spike (tau ln(2/1.5) = 0.28768 us)
    REQUIRE(spikes.empty());
    neuron.advance(2e-6, 0.001e-6, spikes);
    REQUIRE(spikes.size() == 1);
    CHECK(neuron.refractory());
    CHECK(neuron.voltage() == p.v_reset);
    neuron.advance(2e-6, 0.1e-6, spikes);
    CHECK(neuron.voltage() == p.v_reset);
    neuron.advance(2e-6, 0.2e-6, spikes);
    CHECK_FALSE(neuron.refractory());
    CHECK(neuron.voltage() > p.v_reset);
}

TEST_CASE("LIF parameters out of range are rejected", "[neuro][bad-input]") {
    auto p = test_neuron();
    p.capacitance = -1e-12;
    CHECK_THROWS_AS(neuro::LifNeuron(p), InputError);
    p = test_neuron();
    p.t_refractory = 0.0;
    CHECK_THROWS_AS(neuro::LifNeuron(p), InputError);
    p = test_neuron();
    p.v_threshold = p.v_reset;
    CHECK_THROWS_AS(neuro::LifNeuron(p), InputError);
    neuro::LifNeuron neuron(test_neuron());
    std::vector<double> spikes;
    CHECK_THROWS_AS(neuron.advance(1e-6, -1.0, spikes), InputError);
}
