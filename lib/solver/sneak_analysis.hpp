#pragma once
// Read margin of one cell against sneak paths, as a function of array size.
//
// For an N x N array every cell but the selected one is ON (G_on): the
// worst-case background, since ON cells carry the most sneak current. The
// selected cell is read ON (G_on) and OFF (G_off) and the sensed currents
// compared:
//
//   read margin = (I_on - I_off) / I_on,   I = the selected column's current.
//
// 1 - G_off/G_on for an isolated cell; sneak current added to both readings
// pulls it toward 0. The selected cell is (0, N-1), the top right: farthest
// from its row's driver (left) and from its column's sense (bottom), so with
// wire resistance it also sees the most IR drop.
//
// Cells are linear (1R) or a selector-like nonlinear I(V) (CellCurve), solved
// by Newton. For I = G v0 sinh(v / v0), the ratio I(V) / I(V/2) is
// sinh(2x) / sinh(x) = 2 cosh(x) with x = V / (2 v0), which is how a
// selector ratio K picks v0 (sinh_v0_for_ratio).
#include "solver/bias_scheme.hpp"

#include <functional>
#include <string>

namespace memcosim::solver {

// A cell's I(V) when programmed to conductance g: current and dI/dv at v.
struct CellCurve {
    std::string name;
    // Empty: linear, I = g v.
    std::function<void(double g, double v, double& current, double& slope)> curve;

    [[nodiscard]] bool linear() const { return !curve; }
};

[[nodiscard]] CellCurve linear_cell();
// I = g v_match sinh(v / v0) / sinh(v_match / v0): the shape of a sinh
// selector, scaled so the cell passes g v_match at v_match like a linear
// cell of conductance g. Read at v_match, ON and OFF cells then carry the
// same currents as 1R cells and only the cells at lower voltages (the sneak
// paths) carry less; scaled instead at 0 V (g v0 sinh(v / v0)) the selected
// cell would conduct far more than g, and the comparison would mix a
// selector with a more conductive memory state.
[[nodiscard]] CellCurve sinh_selector_cell(double v0, double v_match);
// A selector device (any two-terminal I(v), e.g. a va_models selector's
// evaluator) in series with a linear memory cell of conductance g: the pair
// is solved per call through its internal node (solver/series_cell.hpp).
[[nodiscard]] CellCurve series_selector_cell(std::string name,
                                             std::function<void(double v, double& current, double& slope)> selector);
// v0 for which I(v_read) / I(v_read / 2) = ratio; ratio must be > 2 (2 is
// the linear limit). Throws InputError otherwise.
[[nodiscard]] double sinh_v0_for_ratio(double v_read, double ratio);

// The batched evaluator Newton needs, for cells programmed to `conductance`.
[[nodiscard]] CellEvaluator cell_evaluator(const CellCurve& cell, const RowMajorMatrix& conductance);

struct SneakSettings {
    BiasScheme scheme = BiasScheme::half_voltage;
    double g_on = 1e-4;   // siemens
    double g_off = 1e-6;  // siemens
    double v_read = 0.2;  // volts on the selected row
    double r_wire = 0.0;  // ohm per segment, rows and columns alike; 0: ideal wires
    CellCurve cell = linear_cell();
    NonlinearSolveOptions options;  // .linear for linear cells
};

struct SneakPoint {
    Eigen::Index size = 0;
    double on_current = 0.0;       // sensed, selected cell ON
    double off_current = 0.0;      // sensed, selected cell OFF
    double read_margin = 0.0;      // (on - off) / on
    double sneak_current = 0.0;    // of the OFF read: sensed minus the cell's own current
    double disturb_voltage = 0.0;  // largest |v| on a non-selected cell, over both reads
};

// Throws InputError for bad settings (g_off >= g_on, non-positive values...).
[[nodiscard]] SneakPoint analyse_read(Eigen::Index size, const SneakSettings& settings);

}  // namespace memcosim::solver
