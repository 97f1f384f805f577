#pragma once
// The flags that choose a device model and its parameters (`--model`,
// `--param K=V`), shared by `iv` and `pulses`.
#include "experiments/device_experiment.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace memcosim::cli {

struct DeviceOptions {
    std::string model;
    std::vector<std::string> parameters;  // "K=V"
    std::string engine = "behavioral";

    void add_to(CLI::App& command);
    // Loads the model (registry name, preset or .va file) and checks every override.
    [[nodiscard]] experiments::DeviceUnderTest build() const;
};

// Writes `time,voltage,current,state[,state_<name>...]`.
[[nodiscard]] std::string device_trace_csv(const solver::DeviceTrace& trace, const models::DeviceModel& model);

}  // namespace memcosim::cli
