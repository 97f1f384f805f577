#pragma once
// Electrical-rule checks on the circuit graph, run before a circuit reaches
// ngspice, so that a mistake is reported by node and element name instead of
// as "singular matrix" from deep inside the engine.
#include "netlist/circuit.hpp"

#include <string>
#include <vector>

namespace memcosim::netlist {

enum class RuleKind {
    bad_name,             // element name does not start with its SPICE letter
    duplicate_name,       // two elements with the same (case-insensitive) name
    bad_value,            // non-positive or non-finite R or C
    floating_node,        // a node touching a single terminal
    no_dc_path,           // a node with no DC path to ground (only C / I sources / gates)
    voltage_source_loop,  // voltage sources forming a loop (or shorted source)
    unknown_reference,    // an instance of an undefined subcircuit or model, wrong port count
    no_ground,            // nothing is connected to node 0
    no_analysis,          // nothing to run
};

[[nodiscard]] const char* to_string(RuleKind kind);

struct RuleViolation {
    RuleKind kind;
    std::string message;  // names the node(s) and element(s)
};

// All violations found, in a stable order; empty means the circuit is fine.
[[nodiscard]] std::vector<RuleViolation> check_electrical_rules(const Circuit& circuit);

// Throws CircuitError listing the violations (at most 10, then a count).
void require_electrical_rules(const Circuit& circuit);

}  // namespace memcosim::netlist
