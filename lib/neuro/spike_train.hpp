#pragma once
// A spike train: one shape placed at each spike time; spikes that overlap add.
#include "neuro/spike_waveform.hpp"

#include <vector>

namespace memcosim::neuro {

struct SpikeTrain {
    SpikeShape shape;
    std::vector<double> times;  // spike start times, s, >= 0 (any order)
};

// Sum over spikes of spike_value(shape, t - t_k).
[[nodiscard]] double spike_train_value(const SpikeTrain& train, double t);

// The train as one PWL: each spike's PWL (tolerance `tolerance`) summed at the
// union of their corner times. Between corners every term is linear, so the
// sum is exact there and the error is at most tolerance times the largest
// number of spikes that overlap. Throws InputError for a negative or
// non-finite spike time or a bad shape.
[[nodiscard]] netlist::PiecewiseLinear spike_train_pwl(const SpikeTrain& train, double tolerance);

}  // namespace memcosim::neuro
