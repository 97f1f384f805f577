#pragma once
// Drive waveforms for single-device experiments, defined once and handed to
// both engines (an ngspice source and netlist::waveform_value()).
#include "netlist/circuit.hpp"

#include <string>
#include <vector>

namespace memcosim::experiments {

enum class WaveShape { sine, triangle, pulse };

// "sine", "triangle", "pulse" -> shape; InputError otherwise.
[[nodiscard]] WaveShape parse_wave_shape(const std::string& text);

struct PeriodicDrive {
    WaveShape shape = WaveShape::sine;
    double amplitude = 1.0;  // volts
    double frequency = 1.0;  // hertz
    int periods = 1;
};

// The waveform over `periods` periods, starting at 0 V. The pulse is a
// unipolar train (rise and fall 1% of the period, high for 48%).
[[nodiscard]] netlist::Waveform periodic_waveform(const PeriodicDrive& drive);

// A potentiation/depression train: `count` programming pulses of `amplitude`
// and `width`, each followed by a read at `read_voltage`. Every edge takes
// 1% of `width`; pulses and reads are separated by `gap`.
struct PulseTrain {
    double amplitude = 1.0, width = 1e-6, read_voltage = 0.1, read_width = 1e-6, gap = 1e-6;
    int count = 10;
};

struct PulseTrainWaveform {
    netlist::Waveform waveform;
    std::vector<double> read_times;  // middle of each read, one per pulse
    double stop = 0.0;
};

[[nodiscard]] PulseTrainWaveform pulse_train_waveform(const PulseTrain& train);

}  // namespace memcosim::experiments
