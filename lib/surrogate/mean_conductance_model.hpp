#pragma once
// Baseline (b): a mean-conductance diagonal correction, I = (A G B)^T V, the
// A.G.B form of the literature's row/column attenuation models, with the
// factors taken from the continuous transmission-line (cosh) solution of a
// uniform resistive array.
//
// Published idea: replace every cell by the mean conductance g of the array;
// a row wire is then a uniform lossy line (series r_row per cell, shunt g per
// cell) driven at one end and open at the other, whose continuous solution is
//   v(x) / V = cosh(lambda_r (L - x)) / cosh(lambda_r L),  lambda_r = sqrt(r_row g),
// with x the distance in cells from the driver and L = C. A column wire,
// sensed at 0 V at one end and fed through the cells from the row potential,
// has the mirror solution for the cell voltage, with y the distance from the
// sense node and L = R. The two attenuations multiply: cell (i,j) sees
//   a_i b_j V_i,   b_j = cosh(lambda_r (C - j - 1)) / cosh(lambda_r C),
//                  a_i = cosh(lambda_c i) / cosh(lambda_c R),
// so I = diag(b) G^T diag(a) V: the ideal product with diagonal corrections.
// It is exact for zero wire and captures the smooth fall-off, but it ignores
// how the actual map and inputs distribute the current.
#include "core/crossbar_array.hpp"

namespace memcosim::surrogate {

// Column currents, amperes. O(R C). Throws InputError outside the supported
// read (surrogate/supported_read.hpp).
[[nodiscard]] Eigen::VectorXd mean_conductance_column_currents(const CrossbarArray& array);

}  // namespace memcosim::surrogate
