#pragma once
// Exact discrete voltage profiles of a uniform lossy line (series r per
// segment, shunt h per cell to a fixed potential), shared by the IR-drop
// and sneak-path surrogates. With 2 cosh t - 2 = r h:
//   row wire, driven at j = -1, open after j = n-1:
//     P(j) = cosh(t (n - 1/2 - j)) / cosh(t (n + 1/2))
//   column wire, open above i = 0, sensed below i = n-1 (the transfer of a
//   current injected at node i to the sense node, by reciprocity):
//     Q(i) = cosh(t (i + 1/2)) / cosh(t (n + 1/2))
// Computed from powers of e^{-t} (one exp per line, never overflowing).
#include <Eigen/Dense>

namespace memcosim::surrogate {

[[nodiscard]] Eigen::VectorXd row_line_profile(double r, double h, Eigen::Index n);
[[nodiscard]] Eigen::VectorXd column_line_profile(double r, double h, Eigen::Index n);

}  // namespace memcosim::surrogate
