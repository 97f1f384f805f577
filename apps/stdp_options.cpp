#include "stdp_options.hpp"

#include "device_options.hpp"

namespace memcosim::cli {

void StdpOptions::add_to(CLI::App& command, bool spikes_required) {
    command.add_option("--model", model, "model or preset name (see `memcosim models list`), or a .va file")
        ->required();
    command.add_option("--param", parameters, "model parameter override K=V (repeatable)");
    command
        .add_option("--scheme", scheme,
                    "synapse bench: overlap (two-terminal, pre on top, post on bottom), gate (1T1R: pre = gate pulse, "
                    "post on the top electrode) or differential (G+ - G-, two devices)")
        ->capture_default_str();
    command
        .add_option("--transistor", transistor,
                    "gate scheme: access transistor level1, bsim4 or FILE.mod[:w=..,l=..]")
        ->capture_default_str();
    auto* pre_option = command.add_option(
        "--pre", pre, "pre spike SHAPE[:K=V,...] (rectangular, exponential, bipolar; gate scheme: the rectangular "
                      "gate pulse); amplitudes left out are chosen from the model's thresholds (gate: the card's gate "
                      "voltage)");
    auto* post_option = command.add_option("--post", post, "post spike SHAPE[:K=V,...], as --pre");
    if (spikes_required) {
        pre_option->required();
        post_option->required();
    }
}

neuro::StdpSetup StdpOptions::build() const { return build(pre, post); }

neuro::StdpSetup StdpOptions::build(const std::string& pre_spec, const std::string& post_spec) const {
    const DeviceOptions device_options{model, parameters, "spice"};
    return neuro::make_stdp_setup(device_options.build(), neuro::parse_stdp_scheme(scheme), pre_spec, post_spec,
                                  transistor);
}

}  // namespace memcosim::cli
