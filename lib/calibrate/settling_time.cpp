#include "calibrate/settling_time.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::calibrate {

double settling_time(const std::vector<double>& time, const std::vector<double>& value, double start,
                     double tolerance) {
    if (time.size() != value.size() || time.size() < 2) {
        throw EngineError(fmt::format("settling time: {} times for {} values", time.size(), value.size()));
    }
    const double final_value = value.back();
    const double band = tolerance * std::abs(final_value);
    if (band == 0.0) throw EngineError("settling time: the waveform ends at 0, no relative band");
    const auto outside = [&](std::size_t k) { return std::abs(value[k] - final_value) > band; };
    // The last sample outside the band; the waveform settles between it and the next.
    std::size_t last_outside = time.size();
    for (std::size_t k = time.size(); k-- > 0;) {
        if (outside(k)) {
            last_outside = k;
            break;
        }
    }
    if (last_outside == time.size()) return 0.0;  // inside from the first sample
    const double window = time.back() - time.front();
    if (time[last_outside] > time.back() - 0.1 * window) {
        throw EngineError(fmt::format("settling time: not settled within {:.3g} s (still outside {} % at {:.3g} s)",
                                      window, 100.0 * tolerance, time[last_outside]));
    }
    const std::size_t k = last_outside;
    // Interpolate where |v - final| crosses the band between samples k and k+1.
    const double e0 = std::abs(value[k] - final_value), e1 = std::abs(value[k + 1] - final_value);
    const double fraction = e0 == e1 ? 0.0 : (e0 - band) / (e0 - e1);
    const double crossing = time[k] + fraction * (time[k + 1] - time[k]);
    return std::max(0.0, crossing - start);
}

}  // namespace memcosim::calibrate
