#pragma once
// Runs the STDP bench in ngspice and turns each device's final state into a
// conductance change: G before and after are read from the model's I-V at
// the setup's read voltage (G = I(v_read, x) / v_read), with x the state
// ngspice integrated through the spike pair.
#include "neuro/stdp_bench.hpp"
#include "spice/engine.hpp"

#include <vector>

namespace memcosim::neuro {

struct StdpMeasurement {
    double dt = 0.0;
    double state_before = 0.0, state_after = 0.0;
    double g_before = 0.0, g_after = 0.0;  // siemens
    [[nodiscard]] double delta_g() const { return g_after - g_before; }
};

[[nodiscard]] std::vector<StdpMeasurement> run_stdp_spice(const StdpSetup& setup,
                                                          const std::vector<StdpPairing>& pairings,
                                                          spice::Engine& engine);

// `points` timing differences evenly spaced over [dt_min, dt_max]. Throws
// InputError for an empty or reversed range or fewer than 2 points.
[[nodiscard]] std::vector<double> timing_differences(double dt_min, double dt_max, int points);

}  // namespace memcosim::neuro
