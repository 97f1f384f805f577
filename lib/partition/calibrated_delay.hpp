#pragma once
// A delay calibration file (`memcosim calibrate delay`) turned into the
// CalibratedDelay the read latency uses (read_delay.hpp), with the
// calibration's range enforced on every array: warn once per quantity
// outside it, or with strict refuse (InputError).
#include "calibrate/calibration_file.hpp"
#include "partition/calibration_range_guard.hpp"
#include "partition/read_delay.hpp"

#include <memory>

namespace memcosim::partition {

// Throws InputError naming `source` unless `calibration` is a delay
// calibration with the delay model's parameters and a held-out error.
[[nodiscard]] std::shared_ptr<const CalibratedDelay> calibrated_delay_from(const calibrate::Calibration& calibration,
                                                                           const std::string& source, bool strict,
                                                                           Warn warn);

}  // namespace memcosim::partition
