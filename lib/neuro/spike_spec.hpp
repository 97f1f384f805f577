#pragma once
// Text form of a spike shape, for the command line and config files:
//   SHAPE[:K=V,...]   e.g. "bipolar:a_plus=1,t_plus=1e-6,a_minus=0.3,tau_minus=20e-6"
// SHAPE is rectangular, exponential or bipolar; parameters not given keep the
// defaults of SpikeShape. Each shape accepts only its own parameters (and
// `edge`), so a typo is an error rather than a silently ignored value.
#include "neuro/spike_waveform.hpp"

#include <string>
#include <string_view>

namespace memcosim::neuro {

// Throws InputError naming the spec and what was expected: unknown shape,
// unknown parameter (listing the accepted ones), a value that is not a
// number, a repeated parameter, or a value validate() rejects.
[[nodiscard]] SpikeShape parse_spike_spec(std::string_view spec);

// The canonical spec of a shape: every parameter of its kind, parsed back
// by parse_spike_spec to the same shape.
[[nodiscard]] std::string format_spike_spec(const SpikeShape& shape);

}  // namespace memcosim::neuro
