// Every model in va_models/: ngspice (the lowered subcircuit) and the C++
// evaluator (integrated by the behavioral engine) on the same test bench.
// Issue 3: sine I-V within 1% RMS of the peak current; conductance after
// each pulse within 1%.
#include "experiments/stimulus.hpp"
#include "model_cases.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cmath>

using namespace memcosim;
using experiments::EngineKind;

namespace {

double rms_difference_on_behavioral_grid(const solver::DeviceTrace& spice, const solver::DeviceTrace& behavioral) {
    double sum = 0.0;
    for (std::size_t n = 0; n < behavioral.time.size(); ++n) {
        const double d = experiments::interpolate(spice.time, spice.current, behavioral.time[n]) - behavioral.current[n];
        sum += d * d;
    }
    return std::sqrt(sum / static_cast<double>(behavioral.time.size()));
}


}  // namespace

TEST_CASE("sine I-V: ngspice and the evaluator agree for every model", "[agreement][models][iv]") {
    const auto c = GENERATE(from_range(test::model_cases()));
    CAPTURE(c.model);
    const auto device = test::device_for(c);
    const auto drive = experiments::periodic_waveform({experiments::WaveShape::sine, c.amplitude, c.frequency, 2});
    const experiments::TransientSettings settings{2.0 / c.frequency, 1.0 / (2000.0 * c.frequency)};
    const auto spice = experiments::run_device(device, drive, settings, EngineKind::spice, &shared_engine());
    const auto behavioral = experiments::run_device(device, drive, settings, EngineKind::behavioral, nullptr);
    const double scale = test::peak(spice.current);
    REQUIRE(scale > 0.0);
    CHECK(rms_difference_on_behavioral_grid(spice, behavioral) <= 0.01 * scale);
}

TEST_CASE("pulse trains: conductance after each pulse agrees for every model", "[agreement][models][pulses]") {
    const auto c = GENERATE(from_range(test::model_cases()));
    if (c.pulse_width == 0.0) return;  // a selector has no state to program
    CAPTURE(c.model);
    const auto device = test::device_for(c);
    experiments::PulseTrain train;
    train.amplitude = c.pulse_amplitude;
    train.width = train.read_width = train.gap = c.pulse_width;
    train.count = 8;
    const auto spice = experiments::run_pulse_train(device, train, EngineKind::spice, &shared_engine());
    const auto behavioral = experiments::run_pulse_train(device, train, EngineKind::behavioral, nullptr);
    REQUIRE(spice.conductance.size() == 8);
    for (std::size_t k = 0; k < 8; ++k) {
        CAPTURE(k);
        CHECK(std::abs(spice.conductance[k] - behavioral.conductance[k]) <= 0.01 * std::abs(behavioral.conductance[k]));
    }
    // The pulses program the device: the conductance moves.
    CHECK(std::abs(behavioral.conductance.back() - behavioral.conductance.front()) >
          1e-3 * std::abs(behavioral.conductance.front()));
}
