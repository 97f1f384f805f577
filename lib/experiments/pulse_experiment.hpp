#pragma once
// Potentiation / depression curves: a train of programming pulses, each
// followed by a small read, on the device test bench in either engine. The
// conductance after pulse k is I / V in the middle of read k.
#include "experiments/device_experiment.hpp"
#include "experiments/stimulus.hpp"

namespace memcosim::experiments {

struct PulseCurve {
    std::vector<double> conductance;  // siemens, one per pulse
    std::vector<double> state;        // the first state at each read (empty for a stateless model)
    solver::DeviceTrace trace;        // the whole transient
};

// The time step is a fiftieth of the shortest of pulse, read and gap.
[[nodiscard]] PulseCurve run_pulse_train(const DeviceUnderTest& device, const PulseTrain& train, EngineKind engine,
                                         spice::Engine* spice_engine);

}  // namespace memcosim::experiments
