#pragma once
// Runs the STDP bench in ngspice and turns each device's final state into a
// conductance change: G before and after are read from the model's I-V at
// the setup's read voltage (G = I(v_read, x) / v_read), with x the state
// ngspice integrated through the spike pair. For the differential scheme
// the synaptic weight is G+ - G-; both devices are reported too.
#include "neuro/stdp_bench.hpp"
#include "spice/engine.hpp"

#include <vector>

namespace memcosim::neuro {

struct StdpMeasurement {
    double dt = 0.0;
    double state_before = 0.0, state_after = 0.0;  // the device; differential: G+
    double g_before = 0.0, g_after = 0.0;  // S: the synaptic weight (the conductance; differential: G+ - G-)
    // differential only: G- (state and conductance), and G+'s conductance
    double minus_state_before = 0.0, minus_state_after = 0.0;
    double plus_g_before = 0.0, plus_g_after = 0.0, minus_g_before = 0.0, minus_g_after = 0.0;
    // S: the conductance the window's bound P(g) depends on - the device this
    // pairing programs (differential: G+ for dt >= 0, G- for dt < 0).
    double window_g = 0.0;
    [[nodiscard]] double delta_g() const { return g_after - g_before; }
};

// For the gate scheme the transistor's ability to program is checked first
// (neuro/stdp_gate_check.hpp).
[[nodiscard]] std::vector<StdpMeasurement> run_stdp_spice(const StdpSetup& setup,
                                                          const std::vector<StdpPairing>& pairings,
                                                          spice::Engine& engine);

// `points` timing differences evenly spaced over [dt_min, dt_max]. Throws
// InputError for an empty or reversed range or fewer than 2 points.
[[nodiscard]] std::vector<double> timing_differences(double dt_min, double dt_max, int points);

}  // namespace memcosim::neuro
