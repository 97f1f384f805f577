#include "experiments/stimulus.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace memcosim::experiments {

WaveShape parse_wave_shape(const std::string& text) {
    if (text == "sine") return WaveShape::sine;
    if (text == "triangle") return WaveShape::triangle;
    if (text == "pulse") return WaveShape::pulse;
    throw InputError(fmt::format("unknown waveform '{}': expected sine, triangle or pulse", text));
}

namespace {

netlist::Waveform triangle(const PeriodicDrive& drive) {
    const double period = 1.0 / drive.frequency;
    netlist::PiecewiseLinear pwl;
    pwl.points.emplace_back(0.0, 0.0);
    for (int k = 0; k < drive.periods; ++k) {
        const double start = k * period;
        pwl.points.emplace_back(start + 0.25 * period, drive.amplitude);
        pwl.points.emplace_back(start + 0.75 * period, -drive.amplitude);
        pwl.points.emplace_back(start + period, 0.0);
    }
    return pwl;
}

// Appends a flat-topped trapezoid: edge, hold for `width`, edge, then `gap` at 0 V.
void add_trapezoid(netlist::PiecewiseLinear& pwl, double& t, double level, double width, double edge, double gap) {
    pwl.points.emplace_back(t + edge, level);
    pwl.points.emplace_back(t + edge + width, level);
    pwl.points.emplace_back(t + 2 * edge + width, 0.0);
    t += 2 * edge + width + gap;
    pwl.points.emplace_back(t, 0.0);
}

}  // namespace

netlist::Waveform periodic_waveform(const PeriodicDrive& drive) {
    if (!(drive.frequency > 0.0)) throw InputError("--frequency must be > 0 Hz");
    if (drive.periods < 1) throw InputError("--periods must be at least 1");
    const double period = 1.0 / drive.frequency;
    switch (drive.shape) {
        case WaveShape::sine: return netlist::Sine{0.0, drive.amplitude, drive.frequency, 0.0, 0.0};
        case WaveShape::triangle: return triangle(drive);
        case WaveShape::pulse:
            return netlist::Pulse{0.0, drive.amplitude, 0.0, 0.01 * period, 0.01 * period, 0.48 * period, period};
    }
    return netlist::Dc{0.0};
}

PulseTrainWaveform pulse_train_waveform(const PulseTrain& train) {
    if (!(train.width > 0.0) || !(train.read_width > 0.0) || !(train.gap > 0.0)) {
        throw InputError("pulse train: --width, the read width and the gap must be > 0 s");
    }
    if (train.count < 1) throw InputError("pulse train: --count must be at least 1");
    PulseTrainWaveform result;
    netlist::PiecewiseLinear pwl;
    pwl.points.emplace_back(0.0, 0.0);
    double t = train.gap;
    pwl.points.emplace_back(t, 0.0);
    const double edge = 0.01 * train.width;
    for (int k = 0; k < train.count; ++k) {
        add_trapezoid(pwl, t, train.amplitude, train.width, edge, train.gap);
        result.read_times.push_back(t + edge + 0.5 * train.read_width);
        add_trapezoid(pwl, t, train.read_voltage, train.read_width, edge, train.gap);
    }
    result.stop = t;
    result.waveform = std::move(pwl);
    return result;
}

}  // namespace memcosim::experiments
