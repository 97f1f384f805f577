#pragma once
// The SPICE reference of one sneak-path read (surrogate/sneak_model.hpp's
// SneakCase): the N x N array of solver/sneak_analysis.hpp (every cell ON,
// the selected cell (0, N-1) ON or OFF) under its bias scheme
// (solver/bias_scheme.hpp: column bias voltages, floating lines), written by
// generators/crossbar_generator and run in ngspice, twice (selected cell ON,
// then OFF).
//
// Cells: a 1R cell is the generator's resistor. A 1S1R cell is the very law
// the solver and the surrogate use (solver::sinh_selector_cell), as one
// ngspice B current source per cell,
//   I = g v_read sinh(v / v0) / sinh(v_read / v0),  v0 = v_read / (2 acosh(K / 2)),
// in place of the generator's resistor "rg<i>_<j>", so all three engines
// describe the same cell. The B-source runs with tight Newton tolerances
// (reltol 1e-10) so that the reference is exact to far below the surrogate's
// error, not only to ngspice's default 1e-3.
//
// Worker side of the calibration (calibrate/spice_jobs.hpp):
//   {"kind": "sneak", "case": {...}} -> {"ok": true, "on_current", "off_current",
//                                        "read_margin", "sneak_current", "seconds"}
#include "netlist/circuit.hpp"
#include "spice/engine.hpp"
#include "surrogate/sneak_model.hpp"

#include <nlohmann/json.hpp>

namespace memcosim::calibrate {

// The read's circuit with the selected cell at conductance `g_selected`.
// Throws InputError for an invalid case (surrogate::predict_sneak's checks)
// or ideal (0 ohm) wires, which have no SPICE resistor.
[[nodiscard]] netlist::Circuit build_sneak_circuit(const surrogate::SneakCase& c, double g_selected);

// The on/off sensed currents, margin and sneak current, as
// solver::SneakPoint defines them (sneak current: of the OFF read, sensed
// minus the selected cell's own current).
struct SneakSpiceResult {
    double on_current = 0.0, off_current = 0.0, read_margin = 0.0, sneak_current = 0.0;
    double seconds = 0.0;  // both ngspice runs, load included
};

// Throws spice::SpiceError when ngspice fails.
[[nodiscard]] SneakSpiceResult run_sneak_spice(spice::Engine& engine, const surrogate::SneakCase& c);

[[nodiscard]] nlohmann::json sneak_case_to_json(const surrogate::SneakCase& c);
// Throws InputError naming the missing or mistyped field.
[[nodiscard]] surrogate::SneakCase sneak_case_from_json(const nlohmann::json& j);

// The worker's job (see above); errors propagate to run_spice_job's reply.
[[nodiscard]] nlohmann::json run_sneak_job(spice::Engine& engine, const nlohmann::json& request);

}  // namespace memcosim::calibrate
