#pragma once
// The spike amplitudes of each STDP scheme: those the specs leave out are
// chosen from the device's thresholds, and the ones given are checked so that
// a single spike programs nothing while the pairing the scheme relies on can.
// (Whether a gate-scheme transistor passes enough current needs ngspice:
// neuro/stdp_gate_check.hpp.)
#include "neuro/stdp_setup.hpp"

#include <string_view>

namespace memcosim::neuro {

// Fills the amplitudes `setup`'s specs leave out (setup.thresholds must be
// set) and throws InputError naming the spec, the numbers and the rule broken.
void settle_amplitudes(StdpSetup& setup, std::string_view pre_spec, std::string_view post_spec);

}  // namespace memcosim::neuro
