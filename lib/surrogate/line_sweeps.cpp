#include "surrogate/line_sweeps.hpp"

#include <algorithm>

namespace memcosim::surrogate {

// Each line is a chain with conductance g between neighbours and the cell
// conductance G to the other family: d_k x_k - g x_{k-1} - g x_{k+1} = b_k,
// d_k = G_k + g * (wire segments at node k). Forward elimination gives the
// pivots m_k = d_k - g^2 / m_{k-1}, independent of the potentials.
LineSweeper::LineSweeper(const CrossbarArray& array)
    : array_(array),
      g_row_(1.0 / array.row_wire_resistance),
      g_col_(1.0 / array.column_wire_resistance),
      row_inverse_pivots_(array.rows(), array.cols()),
      column_inverse_pivots_(array.rows(), array.cols()) {
    const Eigen::Index rows = array.rows();
    const Eigen::Index cols = array.cols();
    const RowMajorMatrix& g = array.conductance;
    // Row node j: one segment towards the driver, one more unless it is the open end.
    for (Eigen::Index i = 0; i < rows; ++i) {
        double previous = 0.0;
        for (Eigen::Index j = 0; j < cols; ++j) {
            const double d = g(i, j) + g_row_ * (j + 1 < cols ? 2.0 : 1.0);
            const double m = j == 0 ? d : d - g_row_ * g_row_ * previous;
            row_inverse_pivots_(i, j) = 1.0 / m;
            previous = 1.0 / m;
        }
    }
    // Column node i: one segment towards the sense node, one more unless it is the open top (i = 0).
    for (Eigen::Index i = 0; i < rows; ++i) {
        const double segments = i > 0 ? 2.0 : 1.0;
        if (i == 0) {
            column_inverse_pivots_.row(0) = (g.row(0).array() + g_col_ * segments).inverse();
        } else {
            column_inverse_pivots_.row(i) =
                (g.row(i).array() + g_col_ * segments - g_col_ * g_col_ * column_inverse_pivots_.row(i - 1).array())
                    .inverse();
        }
    }
}

void LineSweeper::solve_rows(const RowMajorMatrix& column_voltages, RowMajorMatrix& row_voltages) const {
    const Eigen::Index rows = array_.rows();
    const Eigen::Index cols = array_.cols();
    const RowMajorMatrix& g = array_.conductance;
    row_voltages.resize(rows, cols);
    // Each row's substitution is a serial chain; a block of rows advanced
    // together gives the processor independent chains to overlap.
    constexpr Eigen::Index block = 8;
    for (Eigen::Index first = 0; first < rows; first += block) {
        const Eigen::Index count = std::min(block, rows - first);
        // Forward: y_j = b_j + g y_{j-1} / m_{j-1}; stored scaled, y_j / m_j.
        double scaled[block] = {};
        for (Eigen::Index j = 0; j < cols; ++j) {
            for (Eigen::Index k = 0; k < count; ++k) {
                const Eigen::Index i = first + k;
                double b = g(i, j) * column_voltages(i, j);
                if (j == 0) b += g_row_ * array_.inputs(i);
                scaled[k] = (b + g_row_ * scaled[k]) * row_inverse_pivots_(i, j);
                row_voltages(i, j) = scaled[k];
            }
        }
        // Back: x_j = y_j / m_j + g x_{j+1} / m_j.
        for (Eigen::Index j = cols - 2; j >= 0; --j) {
            for (Eigen::Index k = 0; k < count; ++k) {
                const Eigen::Index i = first + k;
                row_voltages(i, j) += g_row_ * row_voltages(i, j + 1) * row_inverse_pivots_(i, j);
            }
        }
    }
}

void LineSweeper::solve_columns(const RowMajorMatrix& row_voltages, RowMajorMatrix& column_voltages) const {
    const Eigen::Index rows = array_.rows();
    const RowMajorMatrix& g = array_.conductance;
    column_voltages.resize(rows, array_.cols());
    // All columns at once, row by row, so every pass runs along memory.
    column_voltages.row(0) = g.row(0).cwiseProduct(row_voltages.row(0)).cwiseProduct(column_inverse_pivots_.row(0));
    for (Eigen::Index i = 1; i < rows; ++i) {
        column_voltages.row(i) = ((g.row(i).cwiseProduct(row_voltages.row(i)) + g_col_ * column_voltages.row(i - 1))
                                      .array() *
                                  column_inverse_pivots_.row(i).array())
                                     .matrix();
    }
    for (Eigen::Index i = rows - 2; i >= 0; --i) {
        column_voltages.row(i) +=
            (g_col_ * column_voltages.row(i + 1).array() * column_inverse_pivots_.row(i).array()).matrix();
    }
}

Eigen::VectorXd LineSweeper::column_currents(const RowMajorMatrix& column_voltages) const {
    return g_col_ * column_voltages.row(array_.rows() - 1).transpose();
}

}  // namespace memcosim::surrogate
