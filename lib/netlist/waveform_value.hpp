#pragma once
// The source waveforms of the circuit IR as C++ functions of time, with the
// same definitions ngspice uses, so a behavioral engine drives a device with
// exactly the stimulus SPICE sees.
#include "netlist/circuit.hpp"

#include <vector>

namespace memcosim::netlist {

// Value at time t (seconds). PULSE repeats with its period (0: once); PWL holds
// its first value before the first point and its last value after the last.
[[nodiscard]] double waveform_value(const Waveform& waveform, double time);

// Times in [0, stop] where the waveform has a corner (pulse edges, PWL
// points), sorted and unique: an integrator must step onto them.
[[nodiscard]] std::vector<double> waveform_breakpoints(const Waveform& waveform, double stop);

}  // namespace memcosim::netlist
