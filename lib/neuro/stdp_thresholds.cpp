#include "neuro/stdp_thresholds.hpp"

#include "models/evaluator.hpp"

#include <array>
#include <cmath>
#include <vector>

namespace memcosim::neuro {
namespace {

// A rate below this (normalized state per second) is no motion: 1e-12/s
// moves a state by 1e-12 of its range in a second.
constexpr double still_rate = 1e-12;
constexpr double grid_step = 1e-3;      // V
constexpr double resolution = 1e-6;     // V
constexpr std::array<double, 5> probe_states{0.1, 0.3, 0.5, 0.7, 0.9};

class RateProbe {
public:
    RateProbe(const models::DeviceModel& model, const std::vector<double>& values)
        : evaluator_(model, values), states_(evaluator_.initial_states().begin(), evaluator_.initial_states().end()) {}

    // True if the first state moves at voltage v for any probe state.
    bool moves(double v) {
        for (double x : probe_states) {
            states_[0] = x;
            if (std::abs(evaluator_.evaluate(v, states_).rate[0]) > still_rate) return true;
        }
        return false;
    }

private:
    models::Evaluator evaluator_;
    std::vector<double> states_;
};

// sign = +1 scans positive voltages, -1 negative ones.
std::optional<double> threshold_on_side(RateProbe& probe, double sign, double max_voltage) {
    if (probe.moves(0.0) || probe.moves(sign * grid_step)) return std::nullopt;
    double still = grid_step;
    for (double v = 2.0 * grid_step; v <= max_voltage + 0.5 * grid_step; v += grid_step) {
        if (!probe.moves(sign * v)) {
            still = v;
            continue;
        }
        double moving = v;
        while (moving - still > resolution) {
            const double middle = 0.5 * (still + moving);
            (probe.moves(sign * middle) ? moving : still) = middle;
        }
        return still;
    }
    return std::nullopt;  // never moves on this side up to max_voltage
}

}  // namespace

SwitchingThresholds find_switching_thresholds(const models::DeviceModel& model,
                                              const std::vector<double>& parameter_values, double max_voltage) {
    SwitchingThresholds thresholds;
    if (model.state_count() == 0) return thresholds;
    RateProbe probe(model, parameter_values);
    thresholds.set = threshold_on_side(probe, 1.0, max_voltage);
    thresholds.reset = threshold_on_side(probe, -1.0, max_voltage);
    return thresholds;
}

}  // namespace memcosim::neuro
