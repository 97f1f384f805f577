// The behavioral LIF netlist element in ngspice against the closed-form
// firing rate, and against the event-driven C++ model spike by spike.
#include "netlist/spice_writer.hpp"
#include "neuro/lif_model.hpp"
#include "neuro/lif_netlist.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include <cmath>
#include <vector>

memcosim::spice::Engine& shared_engine();

namespace {

using namespace memcosim;

neuro::LifParameters test_neuron() {
    neuro::LifParameters p;
    p.capacitance = 1e-12;
    p.resistance = 1e6;  // tau = 1 us
    p.v_threshold = 0.5;
    p.t_refractory = 0.2e-6;
    return p;
}

// Rising edges of the 0/1 V spike node, linearly interpolated at 0.5 V.
std::vector<double> spike_times_from_spice(const neuro::LifParameters& p, double current, double stop) {
    netlist::Circuit circuit;
    circuit.title = "lif neuron rate test";
    circuit.add(netlist::CurrentSource{"iin", netlist::ground, "mem", netlist::Dc{current}});
    neuro::add_lif_neuron(circuit, "n1", p, {"mem", "spike"});
    circuit.analyses.push_back(netlist::Transient{p.tau() / 500, stop, 0.0, p.tau() / 500, true});
    const auto result = shared_engine().run(netlist::write_spice_lines(circuit));
    const auto& time = result.vector("time").real;
    const auto& spike = result.vector("v(spike)").real;
    std::vector<double> edges;
    for (std::size_t k = 1; k < time.size(); ++k)
        if (spike[k - 1] < 0.5 && spike[k] >= 0.5)
            edges.push_back(time[k - 1] + (time[k] - time[k - 1]) * (0.5 - spike[k - 1]) / (spike[k] - spike[k - 1]));
    return edges;
}

double rate_of(const std::vector<double>& spikes) {
    REQUIRE(spikes.size() >= 3);
    return static_cast<double>(spikes.size() - 1) / (spikes.back() - spikes.front());
}

}  // namespace

TEST_CASE("SPICE LIF firing rate matches the closed form", "[neuro][spice]") {
    const auto p = test_neuron();
    for (double v_inf : {0.6, 1.0, 2.0, 5.0}) {
        const double current = v_inf / p.resistance;
        const auto spikes = spike_times_from_spice(p, current, 20e-6);
        const double expected = neuro::lif_rate(p, current);
        const double measured = rate_of(spikes);
        INFO(fmt::format("R I = {} V: {} spikes, rate {} Hz, closed form {} Hz, rel. error {:.3e}", v_inf,
                         spikes.size(), measured, expected, measured / expected - 1.0));
        CHECK(measured == Catch::Approx(expected).epsilon(0.02));
        // First spike: the time to charge from rest, no refractory period before it.
        const double first = p.tau() * std::log(v_inf / (v_inf - p.v_threshold));
        CHECK(spikes.front() == Catch::Approx(first).epsilon(0.02));
    }
}

TEST_CASE("SPICE LIF does not fire when R I is at or below threshold", "[neuro][spice]") {
    const auto p = test_neuron();
    for (double v_inf : {0.0, 0.45, 0.4995})
        CHECK(spike_times_from_spice(p, v_inf / p.resistance, 20e-6).empty());
}

TEST_CASE("SPICE LIF and the event-driven model spike at the same times", "[neuro][spice]") {
    const auto p = test_neuron();
    const double current = 1.5e-6;
    const auto spice_spikes = spike_times_from_spice(p, current, 10e-6);
    const auto model_spikes = neuro::lif_spike_times(p, current, 10e-6);
    REQUIRE(spice_spikes.size() == model_spikes.size());
    for (std::size_t k = 0; k < model_spikes.size(); ++k) {
        INFO(fmt::format("spike {}: SPICE {} s, model {} s", k, spice_spikes[k], model_spikes[k]));
        CHECK(std::abs(spice_spikes[k] - model_spikes[k]) < 0.02 * p.tau());
    }
}

TEST_CASE("SPICE LIF with a non-zero reset potential matches the closed form", "[neuro][spice]") {
    auto p = test_neuron();
    p.v_reset = 0.1;
    p.t_refractory = 0.5e-6;
    const double current = 1.2e-6;
    const double measured = rate_of(spike_times_from_spice(p, current, 20e-6));
    const double expected = 1.0 / (p.t_refractory + p.tau() * std::log((1.2 - 0.1) / (1.2 - 0.5)));
    INFO(fmt::format("rate {} Hz, closed form {} Hz, rel. error {:.3e}", measured, expected, measured / expected - 1.0));
    CHECK(measured == Catch::Approx(expected).epsilon(0.02));
    CHECK(neuro::lif_rate(p, current) == Catch::Approx(expected).epsilon(1e-12));
}
