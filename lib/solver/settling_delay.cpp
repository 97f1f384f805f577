#include "solver/settling_delay.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {

double settling_delay(const std::vector<double>& times, const std::vector<double>& values, double reference,
                      double fraction) {
    if (times.empty() || times.size() != values.size()) {
        throw InputError(fmt::format("settling delay: {} times but {} values", times.size(), values.size()));
    }
    const double final_value = values.back();
    double peak = 0.0, excursion = 0.0;
    for (double v : values) {
        peak = std::max(peak, std::abs(v));
        excursion = std::max(excursion, std::abs(v - final_value));
    }
    if (excursion <= 1e-9 * peak) return 0.0;
    const double band = fraction * excursion;
    const auto outside = [&](std::size_t k) { return std::abs(values[k] - final_value) > band; };
    // Last sample outside the band; the signal is inside from the next one on.
    std::size_t last = times.size();
    for (std::size_t k = times.size(); k-- > 0;) {
        if (outside(k)) {
            last = k;
            break;
        }
    }
    if (last == times.size()) return 0.0;
    double settle = times[last + 1];
    // Where the straight line between the two samples enters the band.
    const double a = values[last] - final_value, b = values[last + 1] - final_value;
    const double edge = a > 0.0 ? band : -band;
    if (a != b) settle = times[last] + (times[last + 1] - times[last]) * std::clamp((edge - a) / (b - a), 0.0, 1.0);
    return std::max(0.0, settle - reference);
}

}  // namespace memcosim::solver
