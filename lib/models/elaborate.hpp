#pragma once
// Elaboration: a parsed Verilog-A module -> DeviceModel (device_model.hpp).
//
//     const auto parsed = memcosim::va::parse_file("va_models/vteam.va");
//     const auto model = memcosim::models::elaborate(parsed.modules.front());
//
// Checks the shape (exactly two ports; every internal node a state given by
// one unconditional `V(x) <+ idt(rate, initial)` with a constant initial
// value) and runs the analog block symbolically (symbolic_executor.hpp):
// if/else assignments merge into conditional expressions, contributions add
// up, analog functions are inlined, @(initial_step) may compute values from
// parameters only. $abstime is the time, $temperature the device temperature
// in kelvin, $vt = k T / q. Anything else (hidden memory, ddt, idt outside the
// state idiom, probes of one port) is refused with a VaError naming
// file:line:column.
#include "models/device_model.hpp"
#include "va/ast.hpp"

#include <string>

namespace memcosim::models {

// `description` is kept as the model's one-line description; `file` names
// where it was read from (defaults to the module's location).
[[nodiscard]] DeviceModel elaborate(const va::Module& module, std::string description = {}, std::string file = {});

}  // namespace memcosim::models
