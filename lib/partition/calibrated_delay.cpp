#include "partition/calibrated_delay.hpp"

#include "calibrate/delay_calibration.hpp"
#include "core/error.hpp"

#include <fmt/format.h>

namespace memcosim::partition {

std::shared_ptr<const CalibratedDelay> calibrated_delay_from(const calibrate::Calibration& calibration,
                                                             const std::string& source, bool strict, Warn warn) {
    auto delay = std::make_shared<CalibratedDelay>();
    delay->parameters = calibrate::delay_parameters_from(calibration, source);
    if (calibration.held_out.count == 0) {
        throw InputError(fmt::format("{}: the delay calibration has no held-out error (count 0)", source));
    }
    delay->source = source;
    delay->held_out_error = calibration.held_out.max;
    // Shared: the guard remembers what it has already warned about.
    auto guard = std::make_shared<CalibrationRangeGuard>(calibration.range, source, strict, std::move(warn));
    delay->check_range = [guard](const surrogate::DelayCase& c) {
        guard->check(calibrate::delay_operating_point(c),
                     fmt::format("delay surrogate, tile array {}x{}", c.rows, c.cols));
    };
    return delay;
}

}  // namespace memcosim::partition
