#include "surrogate/cumulative_wire_model.hpp"

#include "surrogate/supported_read.hpp"

namespace memcosim::surrogate {

Eigen::VectorXd cumulative_wire_column_currents(const CrossbarArray& array) {
    require_supported_read(array, "cumulative-wire");
    if (array.ideal_wires()) return array.ideal_column_currents();
    const Eigen::Index rows = array.rows();
    const Eigen::Index cols = array.cols();
    // Ideal cell currents: the approximation of the currents downstream.
    const RowMajorMatrix ideal = array.conductance.array().colwise() * array.inputs.array();

    // Row drop at node j: segment k (driver side of node k) carries the
    // current of every cell m >= k, so the drop sums those tails over k <= j.
    RowMajorMatrix row_drop(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
        double tail = ideal.row(i).sum();  // current in segment 0
        double drop = 0.0;
        for (Eigen::Index j = 0; j < cols; ++j) {
            drop += array.row_wire_resistance * tail;
            row_drop(i, j) = drop;
            tail -= ideal(i, j);
        }
    }
    // Column rise at node i: the segment below node k carries the current of
    // every cell n <= k; node i sits above the segments k = i .. R-1.
    RowMajorMatrix column_rise(rows, cols);
    Eigen::RowVectorXd carried = ideal.colwise().sum();  // current in the last segment
    Eigen::RowVectorXd rise = Eigen::RowVectorXd::Zero(cols);
    for (Eigen::Index i = rows - 1; i >= 0; --i) {
        rise += array.column_wire_resistance * carried;
        column_rise.row(i) = rise;
        carried -= ideal.row(i);
    }
    const RowMajorMatrix cell_voltage =
        (-row_drop - column_rise).colwise() + array.inputs;
    return (array.conductance.array() * cell_voltage.array()).colwise().sum().transpose();
}

}  // namespace memcosim::surrogate
