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
// mean-field physics). To keep it one pass over G, P(j; h) is interpolated
// in h at three Chebyshev nodes spanning the array's h_i (P is analytic in
// h), so the sum is six weighted column sums plus the column sums.
// Exact for zero wire; O(R C): the row sums, then one fused pass vectorised
// with AVX-512 or AVX2 where the CPU has them.
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
