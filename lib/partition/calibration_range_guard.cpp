#include "partition/calibration_range_guard.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <utility>

namespace memcosim::partition {

CalibrationRangeGuard::CalibrationRangeGuard(calibrate::CalibrationRange range, std::string source, bool strict,
                                             Warn warn)
    : source_(std::move(source)), strict_(strict), warn_(std::move(warn)) {
    bounds_.range = std::move(range);
}

void CalibrationRangeGuard::check(const calibrate::OperatingPoint& point, const std::string& what) {
    const std::vector<std::string> problems = calibrate::out_of_range(bounds_, point);
    if (problems.empty()) return;
    ++outside_;
    if (strict_) {
        throw InputError(fmt::format("{}: {} (--strict refuses use outside the calibrated range of {})", what,
                                     fmt::join(problems, "; "), source_));
    }
    for (const std::string& problem : problems) {
        // Messages start with the quantity's name ("rows = 16 is outside ...").
        const std::string quantity = problem.substr(0, problem.find(' '));
        if (!warned_.insert(quantity).second) continue;
        if (warn_) {
            warn_(fmt::format("{}: {} of {} (the surrogate's error there is unknown; further tiles outside in {} "
                              "are not repeated)",
                              what, problem, source_, quantity));
        }
    }
}

}  // namespace memcosim::partition
