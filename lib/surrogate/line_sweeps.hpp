#pragma once
// The decoupled line equations of a crossbar read, solved one family at a
// time: the building block of our sweep model (surrogate/sweep_model.hpp).
//
// Why: the exact nodal system couples every row wire to every column wire
// only through the cells. Holding the column potentials fixed, each row wire
// is an independent tridiagonal system (its segments plus its cells to known
// potentials); holding the row potentials fixed, the same holds for each
// column wire. Solving all rows, then all columns, is one block Gauss-Seidel
// sweep, O(R C) with the Thomas algorithm. The pivots depend only on the
// conductances and the wires, so they are factored once and every sweep is
// two substitutions per line.
//
// Convention (DESIGN.md): rows driven at column 0's side by V_i through one
// segment; columns sensed at 0 V below row R-1 through one segment.
#include "core/crossbar_array.hpp"

namespace memcosim::surrogate {

class LineSweeper {
public:
    // Needs non-ideal wires and a supported read (checked by the caller).
    explicit LineSweeper(const CrossbarArray& array);

    // Row pass: every row wire solved exactly given the column potentials.
    void solve_rows(const RowMajorMatrix& column_voltages, RowMajorMatrix& row_voltages) const;
    // Column pass: every column wire solved exactly given the row potentials.
    void solve_columns(const RowMajorMatrix& row_voltages, RowMajorMatrix& column_voltages) const;
    // Current into each sense node: the last column segment's current. After
    // a column pass it equals the sum of that column's cell currents.
    [[nodiscard]] Eigen::VectorXd column_currents(const RowMajorMatrix& column_voltages) const;

private:
    const CrossbarArray& array_;
    double g_row_;            // 1 / r_row
    double g_col_;            // 1 / r_col
    RowMajorMatrix row_inverse_pivots_;     // Thomas pivots of each row system, inverted
    RowMajorMatrix column_inverse_pivots_;  // the same for each column system (stored as rows x cols)
};

}  // namespace memcosim::surrogate
