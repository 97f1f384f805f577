#pragma once
// The switching thresholds of a device model, found from its C++ evaluator:
// the largest voltage below which the first state does not move at all.
// Overlap STDP needs them: each spike alone must stay below them and the
// overlap of a pre and a post spike must cross them.
//
// Found numerically, so any Verilog-A model works without naming its
// threshold parameters: the rate dx/dt is scanned at several states over
// 0 .. max_voltage (1 mV grid), then the first voltage where it is not zero
// is refined by bisection to 1 uV. A model whose state moves at 0 V or at
// the first grid step (HP linear drift, the diffusive memristor) has no
// threshold on that side.
#include "models/device_model.hpp"

#include <optional>
#include <vector>

namespace memcosim::neuro {

struct SwitchingThresholds {
    std::optional<double> set;    // V > 0: the SET (potentiating) threshold, as a positive number
    std::optional<double> reset;  // V < 0: the RESET threshold, as a magnitude
};

// `parameter_values` in model.parameters() order (models::resolve_parameters).
[[nodiscard]] SwitchingThresholds find_switching_thresholds(const models::DeviceModel& model,
                                                            const std::vector<double>& parameter_values,
                                                            double max_voltage = 10.0);

}  // namespace memcosim::neuro
