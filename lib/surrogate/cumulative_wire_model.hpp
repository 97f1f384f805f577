#pragma once
// Baseline (a): the cumulative wire-resistance model of Jeong et al.
// (Y. Jeong, M. A. Zidan, W. D. Lu, "Parasitic effect analysis in memristor-
// array-based neuromorphic systems", IEEE Trans. Nanotechnology 17(1), 2018).
//
// Published idea: each cell sees, in series with itself, the wire resistance
// of its row path back to the driver and of its column path down to the sense
// node; every segment of those paths also carries the currents of the other
// cells it feeds. Those other currents are approximated by their ideal values
// G V, which gives every node voltage in one closed-form pass:
//   row(i,j) = V_i - r_row * sum_m G_im V_i (min(j, m) + 1)
//   col(i,j) =       r_col * sum_n G_nj V_n (R - max(i, n))
// and I_j = sum_i G_ij (row(i,j) - col(i,j)). It is one Jacobi step from the
// ideal state: accurate while the drops are small, and it overshoots (even
// goes negative) once r G N^2 approaches 1, because the approximated currents
// are never reduced by the drops they cause.
#include "core/crossbar_array.hpp"

namespace memcosim::surrogate {

// Column currents, amperes. O(R C) with prefix sums. Throws InputError
// outside the supported read (surrogate/supported_read.hpp).
[[nodiscard]] Eigen::VectorXd cumulative_wire_column_currents(const CrossbarArray& array);

}  // namespace memcosim::surrogate
