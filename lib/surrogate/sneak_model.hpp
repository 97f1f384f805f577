#pragma once
// Sneak-path surrogate: the read margin and sneak current of one cell of an
// N x N array (every other cell ON, the selected cell at the far corner, the
// case solver/sneak_analysis.hpp computes exactly), as closed forms.
//
// Ideal wires, exact: the sensed column current is the selected cell's own
// current plus what the other N-1 cells of its column carry:
//   v2     each sees V/2:  I_s = I(V; g_sel) + (N-1) I(V/2; g_on)
//   v3     each sees V/3:  I_s = I(V; g_sel) + (N-1) I(V/3; g_on)
//   float  by symmetry the unselected rows sit at one potential a and the
//          unselected columns at b, with Kirchhoff at both:
//            I(V - b) + (N-1) I(a - b) = 0,   (N-1) I(b - a) = I(a),
//          (linear cells: a = (N-1) V / (2N - 1)), and I_s = I(V; g_sel) + (N-1) I(a).
// I(v; g) is the cell: linear g v, or the sinh selector of sneak_analysis
// (g v_read sinh(v / v0) / sinh(v_read / v0), v0 from the ratio
// K = I(V)/I(V/2)). margin = (I_s,on - I_s,off) / I_s,on.
// Wires: both selected lines become lossy lines (surrogate/line_profiles.hpp)
// loaded by their other cells at the chord conductance I(v)/v of the
// voltage those see (scaled by p0): the selected column, fed from the other
// rows' potential U through its N-1 cells, rises to U (1 - Q(0)) at the
// selected cell and delivers U g sum_{i>0} Q(i) of sneak current; the
// selected row falls towards the other columns' potential W, reaching
// W + (V - W) P(N-1) at the selected cell. The selected cell's current, from
// that voltage less its own drop over about 2 N segments (scaled by p1),
// reaches the sense node with the transfer Q(0). p0, p1 are calibrated
// (1, 1 is the plain physics); ideal wires give the exact closed forms.
#include <string>
#include <vector>

namespace memcosim::surrogate {

struct SneakCase {
    long size = 0;                 // N
    std::string scheme = "v2";     // v2 | v3 | float
    double g_on = 1e-4, g_off = 1e-6, v_read = 0.2, r_wire = 0.0;
    double selector_ratio = 0.0;   // 0: linear 1R cell, else K = I(V)/I(V/2) > 2
};

struct SneakPrediction {
    double on_current = 0.0, off_current = 0.0, read_margin = 0.0, sneak_current = 0.0;
};

struct SneakParameters {
    std::vector<double> values = {1.0, 1.0};  // p0, p1: the plain physics
    static constexpr std::size_t count = 2;
    static const std::vector<std::string>& names();
};

// Throws InputError for an invalid case (scheme, sizes, conductances, ratio).
[[nodiscard]] SneakPrediction predict_sneak(const SneakCase& c, const SneakParameters& parameters);

}  // namespace memcosim::surrogate
