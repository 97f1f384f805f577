#include "solver/crossbar_system.hpp"

#include "core/error.hpp"
#include "solver/huge_pages.hpp"
#include "solver/line_potentials.hpp"
#include "solver/parallel.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace memcosim::solver::detail {

namespace {

// End conductances, sources and the reference potentials of every line.
void set_periphery(const CrossbarArray& array, CrossbarSystem& s) {
    s.row_end.resize(s.rows);
    s.row_source.resize(s.rows);
    s.column_end.resize(s.cols);
    s.column_source.resize(s.cols);
    for (Index i = 0; i < s.rows; ++i) {
        const LineTermination end = array.row_driver(i);
        s.row_end[i] = end_conductance(end, array.row_wire_resistance);
        s.row_source[i] = end.floating ? 0.0 : array.inputs[i];
        s.rows_pinned = s.rows_pinned && is_fixed(end);
    }
    for (Index j = 0; j < s.cols; ++j) {
        const LineTermination end = array.column_termination(j);
        s.column_end[j] = end_conductance(end, array.column_wire_resistance);
        s.column_source[j] = end.floating ? 0.0 : array.column_bias_voltage(j);
        s.columns_pinned = s.columns_pinned && is_fixed(end);
    }
    // Tight, because with ideal wires this is the answer itself.
    const LinePotentials reference = ideal_wire_line_potentials(array, 1e-14, 1000);
    if (!reference.converged) {
        throw EngineError(fmt::format(
            "linear crossbar solver: the ideal-wire line potentials of the {}x{} array did not converge (relative "
            "residual {:.3g} after {} iterations)",
            s.rows, s.cols, reference.relative_residual, reference.iterations));
    }
    s.row_reference = reference.rows;
    s.column_reference = reference.columns;
}

}  // namespace

CrossbarSystem make_system(const CrossbarArray& array) {
    CrossbarSystem system;
    system.rows = array.rows();
    system.cols = array.cols();
    system.g_row = 1.0 / array.row_wire_resistance;
    system.g_col = 1.0 / array.column_wire_resistance;
    system.conductance = array.conductance.data();  // RowMajorMatrix: contiguous rows
    if (array.cell_source_currents.size() != 0) system.cell_sources = array.cell_source_currents.data();
    set_periphery(array, system);
    return system;
}

double deviation_rhs_norm(const CrossbarSystem& s) {
    const Index last = s.rows - 1;
    const double sum = parallel_sum(s.rows, s.cells(), [&](Index begin, Index end) {
        double part = 0.0;
        for (Index i = begin; i < end; ++i) {
            for (Index j = 0; j < s.cols; ++j) {
                const double cell = s.ideal_cell_current(i, j);
                const double f_u = j == 0 ? s.row_boundary_current(i) - cell : -cell;
                const double f_w = i == last ? s.column_boundary_current(j) + cell : cell;
                part += f_u * f_u + f_w * f_w;
            }
        }
        return part;
    });
    return std::sqrt(sum);
}

Eigen::VectorXd deviation_rhs(const CrossbarSystem& s) {
    const Index N = s.cells();
    Eigen::VectorXd f(2 * N);
    for (Index i = 0; i < s.rows; ++i) {
        for (Index j = 0; j < s.cols; ++j) {
            f[i * s.cols + j] = -s.ideal_cell_current(i, j);
            f[N + i * s.cols + j] = s.ideal_cell_current(i, j);
        }
        f[i * s.cols] += s.row_boundary_current(i);
    }
    for (Index j = 0; j < s.cols; ++j) f[N + (s.rows - 1) * s.cols + j] += s.column_boundary_current(j);
    return f;
}

namespace {

// One row of y_u = T_r u - D w. Differences are taken before scaling so that
// nearly equal neighbours (conductive wires) do not lose digits.
double apply_row_equations(const CrossbarSystem& s, Index i, const double* u, const double* w, double* y) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_row;
    const double e = s.row_end[i];  // the driver end: its source is 0 in A
    double dot = 0.0;
    if (C == 1) {
        y[0] = e * u[0] + G[0] * (u[0] - w[0]);
        return u[0] * y[0];
    }
    y[0] = e * u[0] + g * (u[0] - u[1]) + G[0] * (u[0] - w[0]);
    dot += u[0] * y[0];
    for (Index j = 1; j < C - 1; ++j) {
        y[j] = g * ((u[j] - u[j - 1]) + (u[j] - u[j + 1])) + G[j] * (u[j] - w[j]);
        dot += u[j] * y[j];
    }
    y[C - 1] = g * (u[C - 1] - u[C - 2]) + G[C - 1] * (u[C - 1] - w[C - 1]);  // free end
    return dot + u[C - 1] * y[C - 1];
}

// One row of y_w = T_c w - D u. Row i's column nodes talk to rows i-1 and i+1;
// the last row talks to each column's terminal instead (through e_j, its
// source 0 in A), the first has no upper neighbour. The upper boundary is
// folded into a pointer so the loops have no branch and vectorize.
double apply_column_equations(const CrossbarSystem& s, Index i, const double* u, const double* w, double* y) {
    const Index C = s.cols;
    const double* G = s.conductance_row(i);
    const double g = s.g_col;
    const double* above = i > 0 ? w - C : w;  // w - w = 0: no segment above row 0
    double dot = 0.0;
    if (i + 1 < s.rows) {
        const double* below = w + C;
        for (Index j = 0; j < C; ++j) {
            y[j] = g * ((w[j] - above[j]) + (w[j] - below[j])) + G[j] * (w[j] - u[j]);
            dot += w[j] * y[j];
        }
        return dot;
    }
    const double* e = s.column_end.data();
    for (Index j = 0; j < C; ++j) {
        y[j] = g * (w[j] - above[j]) + e[j] * w[j] + G[j] * (w[j] - u[j]);
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
            const bool last = i + 1 == s.rows;
            for (Index j = 0; j < s.cols; ++j) {
                const double cell = s.ideal_cell_current(i, j);
                const double boundary_u = j == 0 ? s.row_boundary_current(i) : 0.0;
                const double boundary_w = last ? s.column_boundary_current(j) : 0.0;
                r_u[j] = boundary_u - cell - r_u[j];
                r_w[j] = boundary_w + cell - r_w[j];
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
        double row = cell;
        if (j > 0) row += gr * (std::abs(d_u[j]) + std::abs(d_u[j - 1]));
        if (j == 0) row += s.row_end[i] * std::abs(d_u[j]) + std::abs(s.row_boundary_current(i));
        if (j + 1 < C) row += gr * (std::abs(d_u[j]) + std::abs(d_u[j + 1]));
        double column = cell;
        if (above != nullptr) column += gc * (std::abs(d_w[j]) + std::abs(above[j]));
        if (below != nullptr) column += gc * (std::abs(d_w[j]) + std::abs(below[j]));
        if (below == nullptr) column += s.column_end[j] * std::abs(d_w[j]) + std::abs(s.column_boundary_current(j));
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

namespace {

// Row i's driver current, by KCL on the row: the sum of its cell currents.
double row_current(const CrossbarSystem& s, Index i, const double* d) {
    if (s.row_end[i] == 0.0) return 0.0;
    const double* G = s.conductance_row(i);
    const double* d_u = d + i * s.cols;
    const double* d_w = d_u + s.cells();
    double sum = 0.0;
    for (Index j = 0; j < s.cols; ++j) sum += G[j] * (d_u[j] - d_w[j]) + s.ideal_cell_current(i, j);
    return sum;
}

}  // namespace

void fill_solution(const CrossbarSystem& s, const double* d, CrossbarSolution& solution) {
    const Index R = s.rows, C = s.cols, N = s.cells();
    allocate_large(solution.row_voltages, R, C);
    allocate_large(solution.column_voltages, R, C);
    solution.column_currents = Eigen::VectorXd::Zero(C);
    solution.row_currents = Eigen::VectorXd::Zero(R);
    // Split by columns so each chunk owns its slice of the currents.
    parallel_chunks(C, N, [&](int, Index begin, Index end) {
        for (Index i = 0; i < R; ++i) {
            const double* G = s.conductance_row(i);
            const double* d_u = d + i * C;
            const double* d_w = d_u + N;
            double* u = solution.row_voltages.data() + i * C;
            double* w = solution.column_voltages.data() + i * C;
            for (Index j = begin; j < end; ++j) {
                u[j] = s.row_reference[i] + d_u[j];
                w[j] = s.column_reference[j] + d_w[j];
                solution.column_currents[j] += G[j] * (d_u[j] - d_w[j]) + s.ideal_cell_current(i, j);
            }
        }
        for (Index j = begin; j < end; ++j) {
            if (s.column_end[j] == 0.0) solution.column_currents[j] = 0.0;  // no terminal
        }
    });
    parallel_chunks(R, N, [&](int, Index begin, Index end) {
        for (Index i = begin; i < end; ++i) solution.row_currents[i] = row_current(s, i, d);
    });
}

}  // namespace memcosim::solver::detail
