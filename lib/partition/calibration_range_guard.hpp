#pragma once
// Holds a surrogate to the range its calibration was fitted on, the way the
// calibration layer defines it (calibrate::out_of_range): outside it, warn,
// or with --strict refuse (InputError, before anything is written).
//
// A partition consults the guard once per tile array, and every array of a
// tiling is outside in the same way, so each quantity (rows, r_row,
// conductance, ...) is warned about once, with the first value found.
#include "calibrate/calibration_file.hpp"

#include <cstddef>
#include <functional>
#include <set>
#include <string>

namespace memcosim::partition {

using Warn = std::function<void(const std::string&)>;

class CalibrationRangeGuard {
public:
    // `source` names the calibration file in messages; `warn` may be empty
    // (warnings are then counted but not shown).
    CalibrationRangeGuard(calibrate::CalibrationRange range, std::string source, bool strict, Warn warn);

    // `what` says what was checked ("tile array 64x128"), for the message.
    void check(const calibrate::OperatingPoint& point, const std::string& what);

    // Checks that found something outside (warned or not).
    [[nodiscard]] std::size_t outside_count() const { return outside_; }

private:
    calibrate::Calibration bounds_;  // only its range is used
    std::string source_;
    bool strict_;
    Warn warn_;
    std::set<std::string> warned_;  // quantities already reported
    std::size_t outside_ = 0;
};

}  // namespace memcosim::partition
