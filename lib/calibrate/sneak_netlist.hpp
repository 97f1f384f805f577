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
// describe the same cell.
//
// Convergence (sneak_tolerances): the reference must be exact to far below
// the surrogate's error (reltol 1e-10, not ngspice's default 1e-3), but no
// convergence test may ask for less than the round-off of the circuit's own
// linear solves, or Newton never stops. Under the float scheme a floating
// line is held only by its N cells' small-signal conductance near 0 V,
// G_tie = N g_on s0 (s0 = I'(0) / g: 1 for 1R, 2e-3 for a sinh selector of
// K = 100), against wires of 1/r_wire: each Newton iteration's solve moves
// its potential by about eps (v_read / r_wire) / G_tie (6e-11 V for 8x8,
// K = 100, g_on = 5e-5 S, r_wire = 1 ohm; 3e-9 V at g_on = 1e-5 S, 0.1 ohm),
// and the cell currents by about eps v_read / r_wire. With the former fixed
// vntol = 1e-13 V and abstol = 1e-18 A below those floors, Newton, gmin
// stepping, source stepping and ngspice's transient op all failed on such
// reads ("timestep too small"). vntol and abstol now sit 10x above the
// floors of the case (never below those former values); the currents stay
// under reltol 1e-10, which is what the margin needs (measured against the
// exact solver: tests/calibrate/test_sneak_spice.cpp).
//
// Start (1S1R): ngspice's Newton starts from the exact sneak solver's
// solution of the same circuit, one `.nodeset` per array node. ngspice
// holds the nodes there only for its first iterations and then iterates
// freely to its own tolerances, so the answer is ngspice's converged point,
// not the seed (a perturbed seed gives the same answer: see the tests); the
// seed only spares Newton the walk from 0 V up the selector's exponential,
// which fails for very nonlinear selectors (K = 1e4).
//
// Worker side of the calibration (calibrate/spice_jobs.hpp):
//   {"kind": "sneak", "case": {...}} -> {"ok": true, "on_current", "off_current",
//                                        "read_margin", "sneak_current", "seconds"}
#include "core/crossbar_array.hpp"
#include "netlist/circuit.hpp"
#include "spice/engine.hpp"
#include "surrogate/sneak_model.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memcosim::calibrate {

// ngspice's .options for the read (see above).
struct SneakTolerances {
    double reltol = 1e-10;
    double abstol = 1e-18;  // amperes
    double vntol = 1e-13;   // volts
};
[[nodiscard]] SneakTolerances sneak_tolerances(const surrogate::SneakCase& c);

// The read's circuit with the selected cell at conductance `g_selected`.
// Throws InputError for an invalid case (surrogate::predict_sneak's checks)
// or ideal (0 ohm) wires, which have no SPICE resistor.
[[nodiscard]] netlist::Circuit build_sneak_circuit(const surrogate::SneakCase& c, double g_selected);

// Voltages of every row node r<i>_<j> and column node c<i>_<j> (R x C).
struct SneakNodeVoltages {
    RowMajorMatrix row, column;
};
// The exact sneak solver's solution of the same read (the start for ngspice).
[[nodiscard]] SneakNodeVoltages exact_sneak_node_voltages(const surrogate::SneakCase& c, double g_selected);

// The netlist's lines; with `start`, one `.nodeset v(node)=V` per array node
// before the analysis card.
[[nodiscard]] std::vector<std::string> sneak_netlist_lines(const surrogate::SneakCase& c, double g_selected,
                                                           const SneakNodeVoltages* start);

// The sensed current and the selected cell's own current of one run of
// `sneak_netlist_lines` (the cell current from its law at ngspice's node
// voltages). Throws spice::SpiceError when ngspice fails.
struct SneakSpiceRead {
    double sensed = 0.0, cell = 0.0;
    double seconds = 0.0;
};
[[nodiscard]] SneakSpiceRead run_sneak_read(spice::Engine& engine, const surrogate::SneakCase& c, double g_selected,
                                            const std::vector<std::string>& lines);

// The on/off sensed currents, margin and sneak current, as
// solver::SneakPoint defines them (sneak current: of the OFF read, sensed
// minus the selected cell's own current).
struct SneakSpiceResult {
    double on_current = 0.0, off_current = 0.0, read_margin = 0.0, sneak_current = 0.0;
    double seconds = 0.0;  // both ngspice runs, load included
};

// Both reads; 1S1R cells start from the exact solver's solution (above).
// Throws spice::SpiceError when ngspice fails.
[[nodiscard]] SneakSpiceResult run_sneak_spice(spice::Engine& engine, const surrogate::SneakCase& c);

[[nodiscard]] nlohmann::json sneak_case_to_json(const surrogate::SneakCase& c);
// Throws InputError naming the missing or mistyped field.
[[nodiscard]] surrogate::SneakCase sneak_case_from_json(const nlohmann::json& j);

// The worker's job (see above); errors propagate to run_spice_job's reply.
[[nodiscard]] nlohmann::json run_sneak_job(spice::Engine& engine, const nlohmann::json& request);

}  // namespace memcosim::calibrate
