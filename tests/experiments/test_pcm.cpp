// Phase-change memory (issue 3): drift exponent, gradual SET, abrupt RESET.
#include "experiments/stimulus.hpp"
#include "model_cases.hpp"
#include "models/evaluator.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace memcosim;
using experiments::EngineKind;

namespace {

experiments::DeviceUnderTest pcm(models::ParameterOverrides parameters = {}) {
    static const models::ModelRegistry registry;
    return {registry.load("pcm"), std::move(parameters)};
}

// Least-squares slope of log G against log t.
double log_log_slope(const std::vector<double>& t, const std::vector<double>& g) {
    double mx = 0, my = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
        mx += std::log(t[k]);
        my += std::log(g[k]);
    }
    mx /= static_cast<double>(t.size());
    my /= static_cast<double>(t.size());
    double sxy = 0, sxx = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
        sxy += (std::log(t[k]) - mx) * (std::log(g[k]) - my);
        sxx += (std::log(t[k]) - mx) * (std::log(t[k]) - mx);
    }
    return sxy / sxx;
}

}  // namespace

TEST_CASE("the drift exponent fitted from a read series is nu", "[models][pcm]") {
    // A freshly RESET cell read at 0.1 V from 100 us to 10 ms; G = G_am0 (1 + t/t_d0)^-nu.
    const double nu = 0.1;
    const experiments::TransientSettings settings{1e-2, 1e-7};
    for (auto engine : {EngineKind::behavioral, EngineKind::spice}) {
        CAPTURE(experiments::to_string(engine));
        const auto trace = experiments::run_device(pcm({{"nu", nu}}), netlist::Dc{0.1}, settings, engine,
                                                   engine == EngineKind::spice ? &shared_engine() : nullptr);
        std::vector<double> times, conductances;
        for (double t = 1e-4; t <= 1e-2 * 1.0001; t *= std::pow(10.0, 0.25)) {
            times.push_back(t);
            conductances.push_back(experiments::interpolate(trace.time, trace.current, t) / 0.1);
        }
        CHECK(std::abs(-log_log_slope(times, conductances) - nu) <= 0.02 * nu);
    }
}

TEST_CASE("SET pulses raise the conductance monotonically and saturate", "[models][pcm]") {
    experiments::PulseTrain train;
    train.amplitude = 1.0;
    train.width = train.read_width = train.gap = 20e-9;
    train.count = 20;
    const auto curve = experiments::run_pulse_train(pcm(), train, EngineKind::behavioral, nullptr);
    for (std::size_t k = 1; k < curve.conductance.size(); ++k) CHECK(curve.conductance[k] >= curve.conductance[k - 1]);
    const double first_step = curve.conductance[1] - curve.conductance[0];
    const double last_step = curve.conductance.back() - curve.conductance[curve.conductance.size() - 2];
    CHECK(last_step < 0.2 * first_step);  // saturating
}

TEST_CASE("a RESET pulse is abrupt: one pulse melts the crystalline cell", "[models][pcm]") {
    experiments::PulseTrain train;
    train.amplitude = 1.6;
    train.width = train.read_width = train.gap = 20e-9;
    train.count = 1;
    const auto device = pcm({{"fc0", 1.0}});
    models::Evaluator evaluator(device.model, models::resolve_parameters(device.model, device.parameters));
    const double before = evaluator.evaluate(0.1, evaluator.initial_states()).current / 0.1;
    for (auto engine : {EngineKind::behavioral, EngineKind::spice}) {
        CAPTURE(experiments::to_string(engine));
        const auto curve = experiments::run_pulse_train(device, train, engine,
                                                        engine == EngineKind::spice ? &shared_engine() : nullptr);
        CHECK(curve.conductance.front() < 0.05 * before);
    }
}
