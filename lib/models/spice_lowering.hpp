#pragma once
// A device model as an ngspice subcircuit (netlist IR), ports (p, n):
//
//   .subckt NAME p n params: <every parameter>=<default> [state_x=<initial>]
//   Bcurrent p n i=<I(V, x)>                  the terminal current
//   dynamic, per state x:
//     Cstate_x x 0 1                          1 F: the node voltage is the state
//     Bstate_x 0 x i=(time > 0) ? (<rate>) : (<initial> - v(x))
//   frozen_state, per state x:
//     Bstate_x x 0 v=state_x                  held at an instance parameter
//   Baux1 aux1 0 v=<shared subexpression>     only for large shared parts
//   .ends
//
// Initial state (dynamic): while time = 0 — the operating point that starts
// every .tran, and any .op or .dc — the state source is a 1 S conductance to
// the initial value, so the DC solution has x = initial (per instance: the
// initial value is written in the parameters, e.g. w_init, which an instance
// may set). From the first time step on it injects the rate into the 1 F
// capacitor, so C dx/dt = rate. The test bench therefore needs no `.ic`
// lines and must NOT use `uic` on .tran: uic skips that operating point and
// the states would start at 0 V (netlist::Capacitor has no way to write an
// initial-condition expression). Read a state as v(INSTANCE.x) with
// x = state_nodes[k].
#include "models/device_model.hpp"
#include "models/parameter_overrides.hpp"
#include "models/spice_expression.hpp"
#include "netlist/circuit.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace memcosim::models {

enum class SubcircuitMode {
    dynamic,       // states integrate (transient); initial state from the initial parameter
    frozen_state,  // states held at their instance parameter values (DC reads)
};

struct SpiceLoweringOptions {
    std::string name;  // subcircuit name; default: the model name lowercased (+ "_frozen" when frozen)
    SpiceExpressionOptions expressions;
};

struct SpiceDevice {
    netlist::Subcircuit subcircuit;
    SubcircuitMode mode = SubcircuitMode::dynamic;
    std::vector<std::string> parameter_names;   // ngspice name of each model parameter (by index)
    std::vector<std::string> state_nodes;       // internal node of each state: probe v(INSTANCE.node)
    std::vector<std::string> state_parameters;  // frozen_state: the instance parameter holding each state
};

// Throws EngineError if an expression has a constant ngspice cannot read.
[[nodiscard]] SpiceDevice lower_to_spice(const DeviceModel& model, SubcircuitMode mode,
                                         const SpiceLoweringOptions& options = {});

// The parameters of an X line for one instance: each override under its
// ngspice name (names matched and values range-checked as by
// resolve_parameters, which throws InputError), then, for frozen_state,
// the state values (state_values.size() must be 0 or the state count; 0
// leaves each state at its initial value).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> instance_parameters(
    const DeviceModel& model, const SpiceDevice& device, const ParameterOverrides& overrides,
    std::span<const double> state_values = {});

}  // namespace memcosim::models
