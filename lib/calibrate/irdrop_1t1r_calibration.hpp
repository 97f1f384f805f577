#pragma once
// IR-drop calibration of 1T1R arrays (MVM read, every word line on at the
// gate voltage): the access transistor folded into each cell
// (surrogate/transistor_folding.hpp), then the attenuation model on the
// folded map. Reference: the exact composite-cell solver (Newton on the
// whole array with the compact transistor fitted to the SPICE card) for
// every case, and ngspice with the real card where the array is small
// enough (`--source spice`, parallel worker processes); then the solver is
// checked against ngspice on those cases too. Fitted jointly by
// Levenberg-Marquardt: the fold's two factors and the attenuation model's
// coefficients. Held-out scoring: ours, the literature baselines on the
// same folded conductances, the fold with ideal wires, and "ignore the
// transistor" (the attenuation model on the bare memory map).
//
// The calibration file records the cell type (range.choices.cell = 1T1R),
// the card (details.transistor: label, model card, W, L), the gate voltage,
// the compact model and the on-state the fold uses, so the surrogate runs
// without ngspice and refuses a different card or gate.
#include "calibrate/irdrop_calibration.hpp"
#include "calibrate/irdrop_cell_cases.hpp"
#include "surrogate/transistor_folding.hpp"

#include <string>

namespace memcosim::calibrate {

inline constexpr const char* irdrop_1t1r_model_name = "transistor_fold+attenuation";

[[nodiscard]] Calibration calibrate_irdrop_1t1r(const IrDropCalibrationSpec& spec, const Log& log);

// The cell type a calibration is for ("1R" when it names none).
[[nodiscard]] std::string calibrated_cell(const Calibration& calibration);
// Throws InputError (naming `source_name`) unless the calibration is for `cell`.
void require_cell(const Calibration& calibration, const std::string& cell, const std::string& source_name);

struct OneTransistorIrDrop {
    surrogate::TransistorFoldedModel model;
    nlohmann::json card;  // card_json of the calibrated transistor
    double v_gate = 0.0;
};

// The surrogate a 1T1R calibration describes. Throws InputError for another
// cell type or model, or a file without its transistor (details.transistor).
[[nodiscard]] OneTransistorIrDrop irdrop_1t1r_model_from(const Calibration& calibration,
                                                         const std::string& source_name);

// Throws InputError unless `card` at `v_gate` is the calibrated transistor.
void require_same_transistor(const OneTransistorIrDrop& calibrated, const experiments::TransistorCard& card,
                             double v_gate, const std::string& source_name);

// The operating point of a 1T1R read: the 1R names, the input range, and
// the couplings of the folded array.
[[nodiscard]] OperatingPoint irdrop_1t1r_operating_point(const CrossbarArray& array,
                                                         const surrogate::TransistorFoldedModel& model);

}  // namespace memcosim::calibrate
