#pragma once
// Tells from ngspice's own messages whether a load or a run failed, and why.
// ngspice's return codes say almost nothing (ngSpice_Circ returns 0 for most
// bad netlists, a failed analysis still leaves a plot), so the text is what
// there is. The phrases matched are those ngspice 46 prints; see
// tests/spice/test_failure_classifier.cpp for real examples.
//
// Internal to lib/spice, exposed for tests.
#include "spice/callback_sink.hpp"
#include "spice/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memcosim::spice::detail {

struct Failure {
    FailureKind kind = FailureKind::other;
    std::string what;  // complete SpiceError::what() text
};

// Lines printed while ngSpice_Circ loaded the netlist. `circ_failed`: it
// returned non-zero; `exit_requested`: ngspice called its exit callback.
[[nodiscard]] std::optional<Failure> classify_load(const std::vector<LogLine>& lines, bool circ_failed,
                                                   bool exit_requested);

// Lines printed by the background run ("bg_run") of a loaded circuit.
[[nodiscard]] std::optional<Failure> classify_run(const std::vector<LogLine>& lines);

// "ngspice: <summary>: <detail>; <detail>..." as SpiceError::what() reads.
[[nodiscard]] std::string format_what(const std::string& summary, const std::vector<std::string>& details);

// Short human text for a kind, e.g. "singular matrix".
[[nodiscard]] const char* summary(FailureKind kind);

}  // namespace memcosim::spice::detail
