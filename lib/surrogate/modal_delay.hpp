#pragma once
// Exact transient of a UNIFORM crossbar read (every cell the same
// conductance g) by separation of variables, and its settling delay.
//
// Every wire node has capacitance c to ground. The row layer U (R x C node
// voltages) couples along each row wire with g_r = 1/r_row; row i is driven
// at its left end by V_i s(t) and open at its right end. The column layer W
// couples along each column wire with g_c = 1/r_col; column j is open at the
// top and joined to its 0 V sense node at the bottom. With the chain matrices
//   T_C (C x C, along a row):    diag 2 .. 2 1 (driver side Dirichlet, far end open)
//   T_R (R x R, along a column): diag 1 2 .. 2 (top open, sense side Dirichlet)
// the circuit is
//   c U' = -g_r U T_C - g (U - W) + g_r s(t) V e_0^T
//   c W' = -g_c T_R W + g (U - W).
// Both chain matrices have closed-form sine eigenvectors (theta_k =
// (2k+1) pi / (2n+1), lambda_k = 4 sin^2(theta_k / 2)), so in the basis
// Q_R^T (.) Q_C every (column mode m, row mode k) pair is a 2x2 linear ODE
// with matrix [[g_r lambda_k + g, -g], [-g, g_c mu_m + g]] / c, solved in
// closed form. The sensed current I_j = g_c W(R-1, j) is then a sum of
// decaying exponentials, exact for uniform G: no time stepping.
//
// The settling delay (the time after the input edge from which every
// column current stays within `tolerance` of its final value; the slowest
// column decides) is found by a geometric scan down from a time where all
// columns are well settled, then bisection. At a time t only modes whose
// smaller rate is below 50/t still matter (a mode's rates are at least
// min(g_r lambda_k, g_c mu_m) / c), so each evaluation touches the few
// slowest row modes (with every column mode) and the few slowest column
// modes (with every row mode): O((R + C) * few + C^2) per time, the C^2 the
// mapping of row modes back onto the columns.
#include <Eigen/Dense>

#include <vector>

namespace memcosim::surrogate {

struct UniformReadTransient {
    long rows = 0, cols = 0;
    double r_row = 0.0, r_col = 0.0;  // ohm per segment, > 0
    double c_wire = 0.0;              // farad per wire node, > 0
    double g = 0.0;                   // siemens per cell, > 0
    Eigen::VectorXd inputs;           // R row voltages; empty: every row at 1 V
    double rise = 0.0;                // seconds: the drive ramps 0 -> 1 over [0, rise]; 0: a step
};

struct ModalSettling {
    double delay = 0.0;        // seconds after the end of the input edge
    long slowest_column = 0;   // the column that settles last
};

class ModalReadResponse {
public:
    // Throws InputError for an invalid case.
    explicit ModalReadResponse(UniformReadTransient read);

    // I_j at t = infinity, amperes.
    [[nodiscard]] const Eigen::VectorXd& final_currents() const { return final_; }
    // I_j(t) - I_j(inf) at t seconds after the end of the input edge (t >= 0).
    [[nodiscard]] Eigen::VectorXd deviations(double t) const;
    // I_j(t) for t >= 0 after the end of the edge.
    [[nodiscard]] Eigen::VectorXd currents(double t) const { return final_ + deviations(t); }
    // The settling delay of the slowest column; throws EngineError if a
    // column's final current is 0 (no relative band).
    [[nodiscard]] ModalSettling settling(double tolerance = 0.01) const;

private:
    // Rates and weights of one mode pair's two exponentials, as they add to
    // the row-mode sum h_k (the output is -g_c Q_C h).
    struct PairTerms {
        double rate_fast = 0.0, weight_fast = 0.0, rate_slow = 0.0, weight_slow = 0.0;
    };
    [[nodiscard]] PairTerms pair_terms(long m, long k) const;
    [[nodiscard]] double worst_relative_deviation(double t) const;

    UniformReadTransient read_;
    double g_row_ = 0.0, g_col_ = 0.0;
    Eigen::VectorXd lambda_, mu_;          // chain eigenvalues (row modes k, column modes m), ascending
    Eigen::VectorXd sense_weight_;         // Q_R(R-1, m)
    Eigen::VectorXd projected_inputs_;     // (Q_R^T V)_m
    Eigen::VectorXd driver_weight_;        // Q_C(0, k)
    Eigen::MatrixXd row_modes_;            // Q_C: C x C
    Eigen::VectorXd final_;
};

// The settling delay of `read` (see ModalReadResponse::settling).
[[nodiscard]] ModalSettling modal_settling_delay(const UniformReadTransient& read, double tolerance = 0.01);

}  // namespace memcosim::surrogate
