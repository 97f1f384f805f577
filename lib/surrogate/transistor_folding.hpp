#pragma once
// 1T1R cells in the IR-drop surrogate: the access transistor folded into
// each cell's conductance, then the calibrated attenuation model
// (surrogate/attenuation_model.hpp) on the folded map.
//
// Physics. In an MVM read every word line is on, so each access transistor
// works in its linear region with a small drain-source voltage x, where the
// square law gives I_T(x) = x / R_on (1 - x / V_knee): R_on = 1 / (beta' Vgt)
// its on-resistance at x = 0 and V_knee = 2 Vgt / m the voltage at which the
// channel would pinch off (both taken from the compact transistor fitted to
// the SPICE card, calibrate/irdrop_cell_cases.hpp). A memory conductance G
// in series, driven at V with its column near 0 V, carries
//   I = G (V - x) = I_T(x),
// a quadratic in x with the closed-form root below, so the cell acts as
//   G_eff = I / V = G / (1 + G R_T(x)),   R_T(x) = R_on / (1 - x / V_knee):
// the on-resistance grows with the cell's own current (the nonlinearity).
// Two calibrated factors keep their physical meaning:
//   q0 scales R_on: in the array the transistors' sources sit on the column
//      wires, a little above ground (less overdrive, body effect);
//   q1 scales 1 / V_knee: the cells see less than their row's drive once the
//      wires drop some of it, and the wires respond to a cell's small-signal
//      conductance, not to its chord conductance G_eff.
// (1, 1) is the plain physics. Zero wire and q = (1, 1) is exact for a
// square-law transistor; O(R C), one square root per cell.
#include "core/crossbar_array.hpp"
#include "surrogate/attenuation_model.hpp"

#include <string>
#include <vector>

namespace memcosim::surrogate {

// The switched-on access transistor as the fold sees it.
struct TransistorOnState {
    double on_resistance = 0.0;  // ohm, > 0: 1 / (dI/dVds) at Vds = 0
    double knee_voltage = 0.0;   // V, > 0 (infinity: a linear resistor)
};

struct FoldingParameters {
    // q0 (on-resistance scale), q1 (nonlinearity scale); (1, 1): the plain physics.
    std::vector<double> values = {1.0, 1.0};
    static constexpr std::size_t count = 2;
    static const std::vector<std::string>& names();
};

// Every cell's effective conductance at its row's drive (|V_i|). Throws
// InputError for a non-positive on-resistance or knee voltage.
[[nodiscard]] RowMajorMatrix folded_conductances(const CrossbarArray& array, const TransistorOnState& transistor,
                                                 const FoldingParameters& parameters);

// The array with its conductance map folded (wires, inputs unchanged).
[[nodiscard]] CrossbarArray folded_array(const CrossbarArray& array, const TransistorOnState& transistor,
                                         const FoldingParameters& parameters);

class TransistorFoldedModel {
public:
    // Throws InputError for wrong parameter counts or non-finite values.
    TransistorFoldedModel(TransistorOnState transistor, FoldingParameters folding, AttenuationParameters wires);

    // Column currents, amperes, of a 1T1R MVM read whose memory map is
    // array.conductance. Throws InputError outside the supported read.
    [[nodiscard]] Eigen::VectorXd column_currents(const CrossbarArray& array) const;
    // The same without validating the array (timing loops).
    [[nodiscard]] Eigen::VectorXd column_currents_unchecked(const CrossbarArray& array) const;

    [[nodiscard]] CrossbarArray fold(const CrossbarArray& array) const {
        return folded_array(array, transistor_, folding_);
    }
    [[nodiscard]] const TransistorOnState& transistor() const { return transistor_; }
    [[nodiscard]] const FoldingParameters& folding() const { return folding_; }
    [[nodiscard]] const AttenuationModel& wires() const { return wires_; }

private:
    TransistorOnState transistor_;
    FoldingParameters folding_;
    AttenuationModel wires_;
};

}  // namespace memcosim::surrogate
