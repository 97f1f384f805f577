// Memristor fingerprints (Chua), on both engines: the loop is pinched at the
// origin, the hysteresis lobes shrink as the frequency rises, and the states
// stay within their bounds.
#include "experiments/stimulus.hpp"
#include "model_cases.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cmath>

using namespace memcosim;
using experiments::EngineKind;

namespace {

solver::DeviceTrace sine_run(const test::ModelCase& c, double frequency, EngineKind engine) {
    const auto drive = experiments::periodic_waveform({experiments::WaveShape::sine, c.amplitude, frequency, 2});
    return experiments::run_device(test::device_for(c), drive, {2.0 / frequency, 1.0 / (2000.0 * frequency)}, engine,
                                   engine == EngineKind::spice ? &shared_engine() : nullptr);
}

// |closed integral of I dV| over [from, to), where V starts and ends at 0.
double lobe_area(const solver::DeviceTrace& trace, double from, double to) {
    double area = 0.0;
    for (std::size_t n = 1; n < trace.time.size(); ++n) {
        if (trace.time[n - 1] < from || trace.time[n] > to) continue;
        area += 0.5 * (trace.current[n] + trace.current[n - 1]) * (trace.voltage[n] - trace.voltage[n - 1]);
    }
    return std::abs(area);
}

// Both lobes of the first period (positive half, then negative half): the
// cycle in which the state switches. Devices that saturate (PCM crystallises
// for good, the RRAM gap closes completely) show little hysteresis after it.
double hysteresis_area(const solver::DeviceTrace& trace, double frequency) {
    const double period = 1.0 / frequency;
    return lobe_area(trace, 0.0, 0.5 * period) + lobe_area(trace, 0.5 * period, period);
}


}  // namespace

TEST_CASE("the loop is pinched: no current at zero voltage", "[models][fingerprint]") {
    const auto c = GENERATE(from_range(test::model_cases()));
    for (auto engine : {EngineKind::behavioral, EngineKind::spice}) {
        CAPTURE(c.model, experiments::to_string(engine));
        const auto trace = sine_run(c, c.frequency, engine);
        const double scale = test::peak(trace.current);
        for (int k = 1; k <= 3; ++k) {
            const double t = k / (2.0 * c.frequency);
            CHECK(std::abs(experiments::interpolate(trace.time, trace.current, t)) <= 2e-3 * scale);
        }
    }
}

TEST_CASE("hysteresis lobes shrink as the frequency rises", "[models][fingerprint]") {
    const auto c = GENERATE(from_range(test::model_cases()));
    if (!c.has_memory) return;
    for (auto engine : {EngineKind::behavioral, EngineKind::spice}) {
        CAPTURE(c.model, experiments::to_string(engine));
        const double f = c.fingerprint_frequency > 0.0 ? c.fingerprint_frequency : c.frequency;
        const double slow = hysteresis_area(sine_run(c, f, engine), f);
        const double fast = hysteresis_area(sine_run(c, 10.0 * f, engine), 10.0 * f);
        CHECK(slow > 0.0);
        CHECK(fast < slow);
    }
}

TEST_CASE("states stay within their bounds", "[models][fingerprint]") {
    const auto c = GENERATE(from_range(test::model_cases()));
    const auto device = test::device_for(c);
    for (auto engine : {EngineKind::behavioral, EngineKind::spice}) {
        const auto trace = sine_run(c, c.frequency, engine);
        for (std::size_t k = 0; k < trace.states.size(); ++k) {
            const std::string name = device.model.states()[k].name;
            CAPTURE(c.model, experiments::to_string(engine), name);
            const auto [low, high] = std::minmax_element(trace.states[k].begin(), trace.states[k].end());
            // Up to the behavioral integrator's local error tolerance (1e-4 per step on O(1) states).
            CHECK(*low >= -1e-4);
            if (name != "ud") CHECK(*high <= 1.0 + 1e-4);  // the PCM drift clock has no upper bound
        }
    }
}
