#pragma once
// Every model of va_models/ with the stimuli its header suggests: a sine
// that switches the state substantially, and a programming pulse train.
#include "experiments/device_experiment.hpp"
#include "experiments/pulse_experiment.hpp"
#include "models/model_registry.hpp"

#include <cmath>
#include <string>
#include <vector>

memcosim::spice::Engine& shared_engine();

namespace memcosim::test {

struct ModelCase {
    std::string model;
    models::ParameterOverrides parameters;  // initial state etc.
    double amplitude, frequency;            // sine I-V test
    double pulse_amplitude, pulse_width;    // programming pulses (0: stateless, no pulse test)
    bool has_memory = true;                 // hysteresis expected
    // A frequency above which the lobe area falls as the frequency rises (0:
    // `frequency`): lobes grow until the drive is faster than the switching,
    // which for the diffusive device is about 1/tau, for the RRAM gap the
    // exponential SET rate, and for PCM the 1 ns threshold switching.
    double fingerprint_frequency = 0.0;
};

inline std::vector<ModelCase> model_cases() {
    return {
        {"hp_linear_drift", {{"x0", 0.1}}, 1.0, 0.5, 1.0, 20e-3},
        {"vteam", {{"x0", 1.0}}, 1.0, 1e6, 0.7, 50e-9},
        {"yakopcic", {}, 0.5, 100.0, 0.3, 100e-6},
        {"rram_gap", {{"gn0", 0.0}}, 1.0, 1e3, -1.2, 50e-9, true, 1e5},
        {"pcm", {}, 1.0, 1e6, 1.0, 20e-9, true, 1e9},
        {"selector_sinh", {}, 1.0, 1e3, 0.0, 0.0, false},
        {"diffusive", {}, 1.0, 1e3, 0.7, 5e-6, true, 1e4},
        {"fouda", {}, 1.0, 5e3, 1.0, 1e-6},
    };
}

// Largest |value| of a trace column.
inline double peak(const std::vector<double>& values) {
    double largest = 0.0;
    for (double v : values) largest = std::max(largest, std::abs(v));
    return largest;
}

inline experiments::DeviceUnderTest device_for(const ModelCase& c) {
    static const models::ModelRegistry registry;
    return {registry.load(c.model), c.parameters};
}

}  // namespace memcosim::test
