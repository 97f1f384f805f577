#pragma once
// The settling delay of a sampled waveform: the time after `start` from
// which it stays within `tolerance` (relative) of its final value, the last
// sample. Linear interpolation between the samples around the last exit.
#include <vector>

namespace memcosim::calibrate {

// Throws EngineError when the waveform has not settled by the end of the
// window (its last tenth strays outside the band: the run was too short),
// or for mismatched, empty or all-zero input.
[[nodiscard]] double settling_time(const std::vector<double>& time, const std::vector<double>& value, double start,
                                   double tolerance = 0.01);

}  // namespace memcosim::calibrate
