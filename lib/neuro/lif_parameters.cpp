#include "neuro/lif_parameters.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace memcosim::neuro {

void validate(const LifParameters& p) {
    auto positive = [](double value, const char* name) {
        if (!std::isfinite(value) || value <= 0.0)
            throw InputError(fmt::format("LIF neuron: {} must be a finite number > 0, got {}", name, value));
    };
    positive(p.capacitance, "capacitance");
    positive(p.resistance, "resistance");
    positive(p.t_refractory, "t_refractory");
    if (!std::isfinite(p.v_reset) || !std::isfinite(p.v_threshold) || p.v_threshold <= p.v_reset)
        throw InputError(fmt::format("LIF neuron: v_threshold ({}) must be finite and above v_reset ({})",
                                     p.v_threshold, p.v_reset));
}

double lif_rate(const LifParameters& p, double current) {
    const double v_inf = p.resistance * current;
    if (v_inf <= p.v_threshold) return 0.0;
    return 1.0 / (p.t_refractory + p.tau() * std::log((v_inf - p.v_reset) / (v_inf - p.v_threshold)));
}

}  // namespace memcosim::neuro
