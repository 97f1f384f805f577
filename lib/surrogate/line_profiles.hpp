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

// The same profiles written into out[0, n), for per-read loops that must not
// allocate: `powers` is scratch of at least 2 n + 2 doubles. The powers are
// built by eight interleaved multiplication chains instead of one (a chain of
// 2n dependent multiplies was a visible part of a 512 x 512 read), so values
// may differ from the functions above in the last bits.
void row_line_profile_into(double r, double h, Eigen::Index n, double* powers, double* out);
void column_line_profile_into(double r, double h, Eigen::Index n, double* powers, double* out);

}  // namespace memcosim::surrogate
