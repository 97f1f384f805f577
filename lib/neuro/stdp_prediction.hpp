#pragma once
// One spike pairing predicted by the fitted window surrogate, in the same
// terms as a SPICE measurement (neuro/stdp_experiment.hpp), for any scheme.
// Differential: both devices start at `state`; the window's bound P(g) reads
// the device the pairing programs: dt > 0 raises G+ by h+(dt) P+(G+),
// dt < 0 raises G- by h-(-dt) P-(G-), so the weight G+ - G- moves by the
// window's dG.
#include "neuro/stdp_experiment.hpp"
#include "surrogate/stdp_window.hpp"

namespace memcosim::neuro {

[[nodiscard]] StdpMeasurement predict_stdp_pairing(const surrogate::StdpWindow& window, StdpScheme scheme,
                                                   ConductanceReader& reader, double dt, double state);

}  // namespace memcosim::neuro
