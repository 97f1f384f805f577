#include "neuro/spike_train.hpp"

#include "core/error.hpp"
#include "netlist/waveform_value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {

double spike_train_value(const SpikeTrain& train, double t) {
    double sum = 0.0;
    for (double start : train.times) sum += spike_value(train.shape, t - start);
    return sum;
}

netlist::PiecewiseLinear spike_train_pwl(const SpikeTrain& train, double tolerance) {
    for (double start : train.times)
        if (!std::isfinite(start) || start < 0.0)
            throw InputError(fmt::format("spike train: spike times must be finite and >= 0, got {}", start));
    const netlist::PiecewiseLinear single = spike_pwl(train.shape, tolerance);
    const double length = single.points.back().first;

    std::vector<double> corners{0.0};
    for (double start : train.times)
        for (const auto& point : single.points) corners.push_back(start + point.first);
    std::sort(corners.begin(), corners.end());
    // PWL times must increase strictly; corners closer than this are one corner.
    const double merge = 1e-6 * train.shape.edge;
    netlist::PiecewiseLinear out;
    for (double t : corners) {
        if (!out.points.empty() && t - out.points.back().first <= merge) continue;
        double value = 0.0;
        for (double start : train.times)
            if (t >= start && t <= start + length)  // outside its support a spike's PWL is 0
                value += netlist::waveform_value(single, t - start);
        out.points.emplace_back(t, value);
    }
    return out;
}

}  // namespace memcosim::neuro
