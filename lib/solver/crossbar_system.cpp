#include "solver/crossbar_system.hpp"

#include "solver/parallel.hpp"

#include <cmath>

namespace memcosim::solver::detail {

CrossbarSystem make_system(const CrossbarArray& array) {
    CrossbarSystem system;
    system.rows = array.rows();
    system.cols = array.cols();
    system.g_row = 1.0 / array.row_wire_resistance;
    system.g_col = 1.0 / array.column_wire_resistance;
    system.conductance = array.conductance.data();  // RowMajorMatrix: contiguous rows
    system.inputs = array.inputs.data();
    return system;
}

double rhs_norm(const CrossbarSystem& system) {
    double sum = 0.0;
    for (Index i = 0; i < system.rows; ++i) sum += system.inputs[i] * system.inputs[i];
    return system.g_row * std::sqrt(sum);
}

namespace {

// One row of y_u = T_r u - D w. Differences are taken before scaling so that
// nearly equal neighbours (conductive wires) do not lose digits.
double apply_row_equations(const CrossbarSystem& s, Index i, const double* u, const double* w, double* y) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_row;
    double dot = 0.0;
    if (C == 1) {
        y[0] = g * u[0] + G[0] * (u[0] - w[0]);
        return u[0] * y[0];
    }
    y[0] = g * (u[0] + (u[0] - u[1])) + G[0] * (u[0] - w[0]);  // driver side is Dirichlet (0 in A)
    dot += u[0] * y[0];
    for (Index j = 1; j < C - 1; ++j) {
        y[j] = g * ((u[j] - u[j - 1]) + (u[j] - u[j + 1])) + G[j] * (u[j] - w[j]);
        dot += u[j] * y[j];
    }
    y[C - 1] = g * (u[C - 1] - u[C - 2]) + G[C - 1] * (u[C - 1] - w[C - 1]);  // free end
    return dot + u[C - 1] * y[C - 1];
}

// One row of y_w = T_c w - D u. Row i's column nodes talk to rows i-1 and i+1;
// the last row talks to the 0 V sense node instead, the first has no upper
// neighbour. The boundary cases are folded into multipliers so the loop has
// no branch and vectorizes.
double apply_column_equations(const CrossbarSystem& s, Index i, const double* u, const double* w, double* y) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_col;
    const double* above = i > 0 ? w - C : w;             // w - w = 0: no segment above row 0
    const double* below = i + 1 < s.rows ? w + C : w;    // times 0 below: sense node at 0 V
    const double below_factor = i + 1 < s.rows ? 1.0 : 0.0;
    double dot = 0.0;
    for (Index j = 0; j < C; ++j) {
        y[j] = g * ((w[j] - above[j]) + (w[j] - below_factor * below[j])) + G[j] * (w[j] - u[j]);
        dot += w[j] * y[j];
    }
    return dot;
}

}  // namespace

double apply_operator(const CrossbarSystem& s, const double* x, double* y) {
    const Index N = s.cells();
    const Index C = s.cols;
    return parallel_sum(s.rows, 2 * N, [&](Index begin, Index end) {
        double dot = 0.0;
        for (Index i = begin; i < end; ++i) {
            const Index k = i * C;
            dot += apply_row_equations(s, i, x + k, x + N + k, y + k);
            dot += apply_column_equations(s, i, x + k, x + N + k, y + N + k);
        }
        return dot;
    });
}

double residual(const CrossbarSystem& s, const double* x, double* r) {
    const Index n = 2 * s.cells();
    apply_operator(s, x, r);
    for (Index i = 0; i < s.rows; ++i) r[i * s.cols] -= s.g_row * s.inputs[i];  // A x - b at u(i,0)
    return parallel_sum(n, n, [&](Index begin, Index end) {
        double sum = 0.0;
        for (Index k = begin; k < end; ++k) {
            r[k] = -r[k];
            sum += r[k] * r[k];
        }
        return sum;
    });
}

Eigen::VectorXd column_currents(const CrossbarSystem& s, const double* u, const double* w) {
    const Index C = s.cols;
    Eigen::VectorXd currents = Eigen::VectorXd::Zero(C);
    // Split by columns so each thread owns its slice of the result.
    parallel_slices(C, s.cells(), [&](int, Index begin, Index end) {
        for (Index i = 0; i < s.rows; ++i) {
            const double* G = s.conductance_row(i);
            const Index k = i * C;
            for (Index j = begin; j < end; ++j) currents[j] += G[j] * (u[k + j] - w[k + j]);
        }
    });
    return currents;
}

}  // namespace memcosim::solver::detail
