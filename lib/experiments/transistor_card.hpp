#pragma once
// The access transistor of 1T1R / 2T2R cells as ngspice sees it: a .model
// card and the instance size. Built-in cards live in va_models/cards/:
//   level1  nmos_level1.mod          SPICE level 1, W 4 um, L 0.5 um, gate 1.2 V
//   bsim4   ptm45hp_nmos_bsim4.mod   PTM 45 nm HP BSIM4 (level 14), W 450 nm, L 45 nm, gate 1.0 V
// or a user's file holding one NMOS `.model` card (continuation lines with
// '+', comments with '*', ';' or '$'), with W and L given after a colon:
//   FILE.mod[:w=1e-6,l=1e-7]   (default W = L = 1 um, gate 1.2 V).
#include "netlist/circuit.hpp"

#include <string>

namespace memcosim::experiments {

struct TransistorCard {
    std::string label;          // "level1", "bsim4" or the file path
    netlist::ModelCard model;   // type nmos
    double width = 1e-6;        // m
    double length = 1e-6;       // m
    double nominal_gate = 1.2;  // V: the default gate (word-line) voltage
    // Threshold given in the card (vto / vth0), if any: the fit's first guess.
    [[nodiscard]] double threshold_guess() const;
};

// "level1", "bsim4" or FILE[:w=..,l=..]. Throws InputError for an unknown
// name, an unreadable file, a file without a .model card or a card that is
// not NMOS. Values are not checked here: ngspice judges the card.
[[nodiscard]] TransistorCard load_transistor_card(const std::string& spec);

// Reads the first .model card of a SPICE model file (`path` for errors).
[[nodiscard]] netlist::ModelCard parse_model_card(const std::string& text, const std::string& path);

}  // namespace memcosim::experiments
