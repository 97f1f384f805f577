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
// voltage those see, each in series with the other line's wire back to its
// driver (N segments under v2 and v3, about N/3 for floating lines: the mean
// path of a current collected along a line; scaled by p3), the loads scaled
// by p0. The selected column, fed from the potential u the other rows hold at
// its cells, rises to u (1 - Q(0)) at the selected cell and delivers
// u g sum_{i>0} Q(i) of sneak current; the selected row falls towards the
// potential w the other columns hold at its cells, reaching
// w + (V - w) P(N-1) at the selected cell. The selected cell's current, from
// that voltage less its own drop over about 2 N segments (scaled by p1),
// reaches the sense node with the transfer Q(0).
//   v2     u = w = V/2: the other cells see 0 V and carry nothing.
//   v3     the other cells see -V/3 and carry current along the other lines,
//          so the other rows rise towards 2V/3 at their far end (where the
//          selected column is) and the other columns fall towards V/3 at
//          their top (where the selected row is): lossy-line profiles of
//          those lines loaded by that block (scaled by p2).
//   float  u and w are not driven: the selected row feeds the other columns,
//          which feed the (N-1)^2 other cells (their own wires lengthen that
//          path, scaled by p2) into the other rows, which feed the selected
//          column; that chain's KCL with the lossy selected lines sets u, w.
// p0..p3 are calibrated (1 is the plain physics; each acts by its
// magnitude); ideal wires give the exact closed forms for any p.
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
    std::vector<double> values = {1.0, 1.0, 1.0, 1.0};  // p0..p3: the plain physics
    static constexpr std::size_t count = 4;
    static const std::vector<std::string>& names();
};

// Throws InputError for an invalid case (scheme, sizes, conductances, ratio).
[[nodiscard]] SneakPrediction predict_sneak(const SneakCase& c, const SneakParameters& parameters);

}  // namespace memcosim::surrogate
