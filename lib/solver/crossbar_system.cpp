#include "solver/crossbar_system.hpp"

#include "solver/huge_pages.hpp"
#include "solver/parallel.hpp"

#include <cmath>
#include <limits>

namespace memcosim::solver::detail {

CrossbarSystem make_system(const CrossbarArray& array) {
    CrossbarSystem system;
    system.rows = array.rows();
    system.cols = array.cols();
    system.g_row = 1.0 / array.row_wire_resistance;
    system.g_col = 1.0 / array.column_wire_resistance;
    system.conductance = array.conductance.data();  // RowMajorMatrix: contiguous rows
    system.inputs = array.inputs.data();
    if (array.cell_source_currents.size() != 0) system.cell_sources = array.cell_source_currents.data();
    return system;
}

double deviation_rhs_norm(const CrossbarSystem& s) {
    const double sum = parallel_sum(s.rows, s.cells(), [&](Index begin, Index end) {
        double part = 0.0;
        for (Index i = begin; i < end; ++i) {
            for (Index j = 0; j < s.cols; ++j) part += s.ideal_cell_current(i, j) * s.ideal_cell_current(i, j);
        }
        return part;
    });
    return std::sqrt(2.0 * sum);  // f_u and f_w have the same magnitudes
}

Eigen::VectorXd deviation_rhs(const CrossbarSystem& s) {
    const Index N = s.cells();
    Eigen::VectorXd f(2 * N);
    for (Index i = 0; i < s.rows; ++i) {
        for (Index j = 0; j < s.cols; ++j) {
            f[i * s.cols + j] = -s.ideal_cell_current(i, j);
            f[N + i * s.cols + j] = s.ideal_cell_current(i, j);
        }
    }
    return f;
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

double deviation_residual(const CrossbarSystem& s, const double* d, double* r) {
    const Index N = s.cells();
    apply_operator(s, d, r);
    return parallel_sum(s.rows, 2 * N, [&](Index begin, Index end) {
        double sum = 0.0;
        for (Index i = begin; i < end; ++i) {
            double* r_u = r + i * s.cols;
            double* r_w = r_u + N;
            for (Index j = 0; j < s.cols; ++j) {
                const double cell = s.ideal_cell_current(i, j);
                r_u[j] = -cell - r_u[j];
                r_w[j] = cell - r_w[j];
                sum += r_u[j] * r_u[j] + r_w[j] * r_w[j];
            }
        }
        return sum;
    });
}

namespace {

// Sum over row i of ((|A||d| + |f|)_k)^2 for both fields.
double row_floor_terms(const CrossbarSystem& s, Index i, const double* d_u, const double* d_w) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double gr = s.g_row, gc = s.g_col;
    const double* above = i > 0 ? d_w - C : nullptr;
    const double* below = i + 1 < s.rows ? d_w + C : nullptr;
    double sum = 0.0;
    for (Index j = 0; j < C; ++j) {
        const double cell = std::abs(s.ideal_cell_current(i, j)) + G[j] * (std::abs(d_u[j]) + std::abs(d_w[j]));
        double row = cell + gr * 2.0 * std::abs(d_u[j]);
        if (j > 0) row += gr * std::abs(d_u[j - 1]);
        if (j + 1 < C) row += gr * std::abs(d_u[j + 1]);
        double column = cell + gc * 2.0 * std::abs(d_w[j]);
        if (above != nullptr) column += gc * std::abs(above[j]);
        if (below != nullptr) column += gc * std::abs(below[j]);
        sum += row * row + column * column;
    }
    return sum;
}

}  // namespace

double deviation_residual_floor(const CrossbarSystem& s, const double* d) {
    const Index N = s.cells();
    const double sum = parallel_sum(s.rows, 2 * N, [&](Index begin, Index end) {
        double part = 0.0;
        for (Index i = begin; i < end; ++i) part += row_floor_terms(s, i, d + i * s.cols, d + N + i * s.cols);
        return part;
    });
    return std::numeric_limits<double>::epsilon() * std::sqrt(sum);
}

void fill_solution(const CrossbarSystem& s, const double* d, CrossbarSolution& solution) {
    const Index R = s.rows, C = s.cols, N = s.cells();
    allocate_large(solution.row_voltages, R, C);
    allocate_large(solution.column_voltages, R, C);
    solution.column_currents = Eigen::VectorXd::Zero(C);
    // Split by columns so each chunk owns its slice of the currents.
    parallel_chunks(C, N, [&](int, Index begin, Index end) {
        for (Index i = 0; i < R; ++i) {
            const double* G = s.conductance_row(i);
            const double* d_u = d + i * C;
            const double* d_w = d_u + N;
            double* u = solution.row_voltages.data() + i * C;
            double* w = solution.column_voltages.data() + i * C;
            for (Index j = begin; j < end; ++j) {
                u[j] = s.inputs[i] + d_u[j];
                w[j] = d_w[j];
                solution.column_currents[j] += G[j] * (d_u[j] - d_w[j]) + s.ideal_cell_current(i, j);
            }
        }
    });
}

}  // namespace memcosim::solver::detail
