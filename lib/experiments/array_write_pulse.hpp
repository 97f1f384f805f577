#pragma once
// The time shape every line source of a write follows, shared by the two
// engines of experiments/array_write.hpp so both see the same stimulus.
#include "experiments/array_write.hpp"
#include "netlist/circuit.hpp"

namespace memcosim::experiments {

// 0 -> 1 -> 0: a line's level at time t is its bias level times this pulse.
[[nodiscard]] netlist::Pulse unit_pulse(const WritePulse& pulse);

}  // namespace memcosim::experiments
