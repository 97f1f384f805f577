#pragma once
// ngspice names for what a device model names: subcircuit, parameters,
// state nodes, the frozen-state instance parameters. ngspice folds case and
// reserves the names of its functions and constants (a parameter `e` would
// read as 2.718..., one named `exp` would not parse), so every name is
// lowercased, reduced to [a-z0-9_], kept clear of reserved words and made
// unique; a name that has to change gets a suffix `_p` (then `_p2`, ...).
// Deterministic: the same model always gets the same names.
#include "models/device_model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace memcosim::models {

struct SpiceNames {
    std::string subcircuit;                     // from the module name
    std::vector<std::string> parameters;        // by parameter index
    std::vector<std::string> state_nodes;       // the internal node of each state
    std::vector<std::string> state_parameters;  // frozen_state: the instance parameter of each state
};

// Nodes of the subcircuit besides the state nodes.
inline constexpr const char* spice_positive_port = "p";
inline constexpr const char* spice_negative_port = "n";
// Auxiliary nodes of shared subexpressions are this prefix and a number.
inline constexpr const char* spice_auxiliary_prefix = "aux";

[[nodiscard]] SpiceNames make_spice_names(const DeviceModel& model);

// Whether ngspice gives `name` (lowercase) a meaning of its own in expressions or parameters.
[[nodiscard]] bool is_spice_reserved(std::string_view name);

}  // namespace memcosim::models
