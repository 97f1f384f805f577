#pragma once
// The crossbar with ideal wires: every row and every column is one node, so
// the unknowns are R + C line potentials a_i, c_j. Lines tied to an ideal
// source (no periphery resistance) sit at that source; the others (floating
// lines, lines behind a driver or load resistance) obey KCL:
//
//   row i:    e_i (a_i - V_i) + sum_j [G_ij (a_i - c_j) + J_ij] = 0
//   column j: e_j (c_j - U_j) - sum_i [G_ij (a_i - c_j) + J_ij] = 0
//
// with e the conductance to the line's source (1 / (r_wire + R_periphery),
// 0 when floating). This serves twice: with ideal wires it is the solution
// itself, and with real wires it is the reference state x0 the solvers work
// from (crossbar_system.hpp), so the deviation they solve for is the IR drop
// along the wires only.
//
// The system is SPD unless every line floats (CrossbarArray::validate
// refuses that). Its matrix, Jacobi-scaled, is the identity plus a bipartite
// coupling whose spectrum clusters around one with a few outliers, so
// Jacobi-preconditioned CG converges in 15-30 iterations of O(R*C) each to
// 1e-14 (measured 64x64 .. 2048x2048, float scheme and random periphery, G
// over 3 to 6 decades); a factorization would fill in densely over the
// floating lines.
#include "core/crossbar_array.hpp"

namespace memcosim::solver::detail {

struct LinePotentials {
    Eigen::VectorXd rows;     // a_i, volts
    Eigen::VectorXd columns;  // c_j, volts
    int iterations = 0;       // CG iterations (0 when every line is fixed)
    double relative_residual = 0.0;
    bool converged = true;
};

// Conductance from line i's end to its source: 1 / (wire + periphery), 0
// when floating. `wire` is the resistance of the line's end segment (0 for
// ideal wires).
[[nodiscard]] double end_conductance(const LineTermination& end, double wire);

// True when the line's end is an ideal source: it then sits at that source.
[[nodiscard]] inline bool is_fixed(const LineTermination& end) { return !end.floating && end.resistance == 0.0; }

// The array must be valid.
[[nodiscard]] LinePotentials ideal_wire_line_potentials(const CrossbarArray& array, double relative_tolerance,
                                                        int max_iterations);

}  // namespace memcosim::solver::detail
