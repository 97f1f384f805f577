#pragma once
// The flags that describe an STDP synapse bench, shared by `stdp` and
// `calibrate stdp`: the device (--model, --param), the scheme (and the
// access transistor of the gate scheme) and the pre and post spike shapes.
#include "neuro/stdp_setup.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace memcosim::cli {

struct StdpOptions {
    std::string model;
    std::vector<std::string> parameters;  // "K=V"
    std::string scheme = "overlap";
    std::string transistor = "level1";
    std::string pre = "bipolar", post = "bipolar";

    // `spikes_required`: --pre/--post must be given (else they default to the calibration's).
    void add_to(CLI::App& command, bool spikes_required);
    [[nodiscard]] neuro::StdpSetup build() const;
    [[nodiscard]] neuro::StdpSetup build(const std::string& pre_spec, const std::string& post_spec) const;
};

}  // namespace memcosim::cli
