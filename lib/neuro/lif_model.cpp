#include "neuro/lif_model.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace memcosim::neuro {

LifNeuron::LifNeuron(const LifParameters& parameters) : p_(parameters) {
    validate(p_);
    voltage_ = p_.v_reset;
}

void LifNeuron::advance(double current, double duration, std::vector<double>& spikes) {
    if (!std::isfinite(current) || !std::isfinite(duration) || duration < 0.0)
        throw InputError(fmt::format("LIF neuron: advance needs a finite current and duration >= 0, got {} A, {} s",
                                     current, duration));
    const double end = time_ + duration;
    const double v_inf = p_.resistance * current;
    const double tau = p_.tau();
    while (time_ < end) {
        if (refractory_left_ > 0.0) {  // clamped: only the refractory clock runs
            const double step = std::min(refractory_left_, end - time_);
            refractory_left_ -= step;
            time_ += step;
            continue;
        }
        // Time to reach V_th from voltage_: only finite if V_inf lies above it.
        double to_threshold = std::numeric_limits<double>::infinity();
        if (v_inf > p_.v_threshold)
            to_threshold = voltage_ >= p_.v_threshold ? 0.0
                                                      : tau * std::log((v_inf - voltage_) / (v_inf - p_.v_threshold));
        const double step = std::min(to_threshold, end - time_);
        if (to_threshold <= end - time_) {  // spike inside this interval
            time_ += step;
            spikes.push_back(time_);
            voltage_ = p_.v_reset;
            refractory_left_ = p_.t_refractory;
        } else {
            voltage_ = v_inf + (voltage_ - v_inf) * std::exp(-step / tau);
            time_ = end;
        }
    }
}

std::vector<double> lif_spike_times(const LifParameters& parameters, double current, double stop) {
    LifNeuron neuron(parameters);
    std::vector<double> spikes;
    neuron.advance(current, stop, spikes);
    return spikes;
}

}  // namespace memcosim::neuro
