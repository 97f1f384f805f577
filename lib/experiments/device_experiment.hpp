#pragma once
// One device driven by a voltage waveform, in either engine, on the same
// test bench: an ideal source across the device's two terminals.
//  - spice: the model's dynamic subcircuit (models/spice_lowering.hpp) in
//    ngspice, .tran with the given maximum step;
//  - behavioral: the C++ evaluator (models/evaluator.hpp) integrated by
//    solver::simulate_device with the same maximum step.
#include "models/device_model.hpp"
#include "models/parameter_overrides.hpp"
#include "netlist/circuit.hpp"
#include "solver/device_transient.hpp"
#include "spice/engine.hpp"

#include <string>

namespace memcosim::experiments {

enum class EngineKind { spice, behavioral };

// "spice", "behavioral" -> kind; InputError otherwise.
[[nodiscard]] EngineKind parse_engine(const std::string& text);
[[nodiscard]] const char* to_string(EngineKind kind);

struct DeviceUnderTest {
    models::DeviceModel model;
    models::ParameterOverrides parameters;
};

struct TransientSettings {
    double stop = 0.0;      // seconds
    double max_step = 0.0;  // seconds
};

// Time, voltage across the device, current through it (p -> n) and every
// state. `spice_engine` is needed for EngineKind::spice only.
[[nodiscard]] solver::DeviceTrace run_device(const DeviceUnderTest& device, const netlist::Waveform& drive,
                                             const TransientSettings& settings, EngineKind engine,
                                             spice::Engine* spice_engine);

// The ngspice test bench run_device uses (for `gen`-style inspection).
[[nodiscard]] netlist::Circuit device_test_bench(const DeviceUnderTest& device, const netlist::Waveform& drive,
                                                 const TransientSettings& settings);

// Linear interpolation of a trace column at time t (traces from ngspice have
// uneven time points).
[[nodiscard]] double interpolate(const std::vector<double>& time, const std::vector<double>& values, double t);

}  // namespace memcosim::experiments
