#pragma once
// The 1T1R side of an IR-drop calibration (MVM read, every word line on at
// the gate voltage, an NMOS access transistor in series with each memory
// cell): the transistor card and gate, the compact model fitted to the card
// (experiments/transistor_fit.hpp, as `memcosim solve crossbar --cell 1T1R`
// fits it), the on-state the surrogate's fold uses
// (surrogate/transistor_folding.hpp), and the exact reference of one case in
// either engine: the composite-cell Newton solver or ngspice (a worker job).
#include "calibrate/irdrop_cases.hpp"
#include "experiments/cell_crossbar.hpp"
#include "spice/engine.hpp"
#include "surrogate/transistor_folding.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace memcosim::calibrate {

struct AccessTransistor {
    std::string card_spec;  // "level1", "bsim4" or FILE[:w=..,l=..]
    experiments::TransistorCard card;
    double v_gate = 0.0;    // V, every word line
    solver::CompactTransistor compact;
    double fit_rms = 0.0, fit_max = 0.0;  // the compact model's relative error on the sweep
};

// The 1T1R crossbar of an array: every word line at v_gate.
[[nodiscard]] experiments::CellCrossbar one_t_one_r(const CrossbarArray& array, const experiments::TransistorCard& card,
                                                    double v_gate);

// Loads the card, resolves the gate (the card's nominal if none) and fits
// the compact model over the read's region (inputs up to largest_input), in
// ngspice (this process's engine).
[[nodiscard]] AccessTransistor fit_access_transistor(const std::string& card_spec, std::optional<double> v_gate,
                                                     double largest_input, spice::Engine& engine);

// R_on = 1 / dI/dVds at Vds = 0 and the knee voltage of I_T(x) = x / R_on
// (1 - x / V_knee), the secant through the compact model's current at
// `drain_voltage` (the largest drain-source voltage the read's cells see),
// source and bulk at ground.
[[nodiscard]] surrogate::TransistorOnState transistor_on_state(const solver::CompactTransistor& transistor,
                                                               double v_gate, double drain_voltage);

// The on-state for a calibration's ranges: the drain voltage of the
// heaviest cell (largest conductance at the largest input).
[[nodiscard]] surrogate::TransistorOnState on_state_for_range(const solver::CompactTransistor& transistor,
                                                              double v_gate, double g_max, double v_max);

// Exact column currents of the case's 1T1R read (composite-cell Newton solver).
[[nodiscard]] Eigen::VectorXd solve_one_t_one_r(const CrossbarArray& array, const AccessTransistor& transistor);

// Worker side: {"kind": "irdrop_1t1r", "case": {...}, "transistor": SPEC, "v_gate": V}
//   -> {"ok": true, "currents": [...], "seconds": s}   (ngspice, the real card)
[[nodiscard]] nlohmann::json run_irdrop_1t1r_job(spice::Engine& engine, const nlohmann::json& request);
[[nodiscard]] nlohmann::json irdrop_1t1r_request(const IrDropCase& c, const AccessTransistor& transistor);

// What a calibration records of the transistor, and its inverse (InputError
// naming `where` and the field for a missing or malformed entry).
[[nodiscard]] nlohmann::json card_json(const experiments::TransistorCard& card);
[[nodiscard]] nlohmann::json compact_json(const solver::CompactTransistor& transistor);
[[nodiscard]] solver::CompactTransistor compact_from_json(const nlohmann::json& j, const std::string& where);

// Empty when the two cards are the same device (model name, type,
// parameters, W, L); else what differs.
[[nodiscard]] std::string card_difference(const nlohmann::json& recorded, const nlohmann::json& given);

}  // namespace memcosim::calibrate
