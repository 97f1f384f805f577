#pragma once
// Copies ngspice's current plot (the last analysis run) out of the library,
// so the result survives the `destroy all` that follows every run.
// Internal to lib/spice.
#include "spice/engine.hpp"
#include "spice/library.hpp"

#include <string>

namespace memcosim::spice::detail {

// The name ngspice gives the plot of constants that always exists; after
// `destroy all` it is the current plot until an analysis makes a new one.
inline constexpr const char* constants_plot = "const";

// The current plot's name, "" if ngspice returns none.
[[nodiscard]] std::string current_plot_name(const NgspiceApi& api);

// Fills plot_name, plot_type and vectors of `result` from the current plot.
// Throws SpiceError(other) if a listed vector cannot be read.
void read_current_plot(const NgspiceApi& api, RunResult& result);

// "tran1" -> "tran": ngspice numbers plots of the same type.
[[nodiscard]] std::string plot_type_of(const std::string& plot_name);

}  // namespace memcosim::spice::detail
