#pragma once
// Our calibrated IR-drop surrogate: one fused pass over the conductance map
// with a per-cell attenuation factor built from the two line-attenuation
// profiles of the array's own lines.
//
// Physics: a row wire whose cells pull towards 0 V with shunt h per cell is
// a uniform lossy line (series r_row per segment) driven at its left end and
// open at its right; its exact discrete solution is
//   P(j; h) = cosh(t (C - 1/2 - j)) / cosh(t (C + 1/2)),   2 cosh t - 2 = r_row h.
// A column wire fed through its cells from known row potentials e_i and
// sensed at 0 V delivers, by reciprocity, I = sum_i G_ij e_i Q(i) with
//   Q(i; g) = cosh(u (i + 1/2)) / cosh(u (R + 1/2)),  2 cosh u - 2 = r_col g,
// exact for a uniform column whatever the e_i. The 2D coupling: a cell does
// not pull its row to 0 V but to its column's potential, which for a uniform
// column fed from uniform rows is e (1 - Q(i)); the cell then carries
// G e Q(i), so row i behaves as a line of shunt h_i = g_i Q(i) (g_i its own
// mean conductance): rows near the sense amplifiers are loaded fully, rows
// at the open top of the columns hardly at all. The model is
//   I_j = sum_i G_ij V_i P(j; h_i) Q_j(i),
//   h_i = p0 g_i Q(i)^p1,   Q_j(i) = Q(i; p2 g) + (g_j - g) dQ/dg   (g_j: column mean),
// with p0..p2 calibrated against the exact solver (1, 1, 1 is the plain
// mean-field physics). To keep it one pass over G, P(j; h) is taken linear
// in h through two Chebyshev nodes spanning the array's h_i (P is analytic
// in h), so I_j = A_j sum_i G_ij V_i Q0(i) + B_j sum_i G_ij V_i Q0(i) r_i g_i
// (r_i = p0 Q(i)^p1) plus the dQ/dg term, a weighted column sum of its own.
//
// One approximation beyond the physics (since 2026-11-23, for speed): the
// pass reads every row of G once, so the weight of the middle sum cannot
// contain the row's own mean g_i (known only after the row is read). It
// accumulates S_j = sum_i G_ij w_i instead (w_i = V_i Q0(i) r_i), with the
// row means summed alongside, and then uses
//   sum_i G_ij w_i g_i ~= gbar S_j + (g_j / gbar) sum_i w_i g_i (g_i - gbar)
// (gbar the array mean, g_j column j's mean): exact when G is rank one
// (uniform arrays, uniform rows or columns, outer products); otherwise off
// by sum_i (G_ij - g_i g_j / gbar) w_i (g_i - gbar), a product of two
// fluctuations. Measured against the exact row weighting: on uniform
// random arrays (the calibration sets) the currents move by at most 2e-3
// relative and the held-out error is unchanged (median 2.0e-4 at 512); on
// structured arrays they move more (rows at levels spread tenfold: up to
// 2e-2; binary ON/OFF weights with row ON fractions 0.1-0.9: up to 8e-2,
// worst column error against the solver 12 % vs 5.6 %) (bench/RESULTS.md).
// So a read whose row means spread by more than row_spread_limit (below)
// reads G a second time for the exact sum: such maps get the old model's
// accuracy, uniform random ones the one-touch speed.
// Exact for zero wire; O(R C): one pass over G vectorised with AVX-512 or
// AVX2 where the CPU has them, about 1.65 reads of the map at 512 x 512.
#include "core/crossbar_array.hpp"

#include <string>
#include <vector>

namespace memcosim::surrogate {

struct AttenuationParameters {
    // p0..p2 above; the default (1, 1, 1) is the uncalibrated mean-field model.
    std::vector<double> values = {1.0, 1.0, 1.0};
    static constexpr std::size_t count = 3;
    static const std::vector<std::string>& names();
};

// The dimensionless couplings of an array: k_r = r_row g C^2, k_c = r_col g R^2
// with g the mean cell conductance.
struct ArrayCoupling {
    double row = 0.0;
    double column = 0.0;
};
[[nodiscard]] ArrayCoupling array_coupling(const CrossbarArray& array);

// While one lives, this thread's attenuation passes take the baseline
// x86-64 code instead of the widest vectors the CPU has. A calibration fits
// inside one: its least-squares surface is flat along some directions, so
// rounding-level differences between AVX-512, AVX2 and baseline sums move
// the fitted parameters; with the same arithmetic everywhere a calibration
// reproduces from its JSON on any machine. Reads outside keep the fast pass.
class PortableArithmetic {
public:
    PortableArithmetic();
    ~PortableArithmetic();
    PortableArithmetic(const PortableArithmetic&) = delete;
    PortableArithmetic& operator=(const PortableArithmetic&) = delete;
};

class AttenuationModel {
public:
    // Throws InputError for a wrong number of parameters or non-finite ones.
    explicit AttenuationModel(AttenuationParameters parameters = {});

    // Above this spread of the row means (standard deviation / mean) a read
    // takes the exact row-mean-weighted sum with a second read of G instead
    // of the one-touch estimate (see above). Uniform random maps stay below
    // it from 32 columns on (a 1e-8..1e-6 S map: 0.10 at 32 columns, 0.025
    // at 512); binary ON/OFF weights and rows at different levels (0.4-0.5)
    // are above it.
    static constexpr double row_spread_limit = 0.1;

    // Column currents, amperes. Throws InputError outside the supported read.
    [[nodiscard]] Eigen::VectorXd column_currents(const CrossbarArray& array) const;

    // The same without validating the array (for timing loops on arrays
    // already checked once): no allocation beyond the result and scratch.
    [[nodiscard]] Eigen::VectorXd column_currents_unchecked(const CrossbarArray& array) const;

    [[nodiscard]] const AttenuationParameters& parameters() const { return parameters_; }

private:
    AttenuationParameters parameters_;
};

}  // namespace memcosim::surrogate
