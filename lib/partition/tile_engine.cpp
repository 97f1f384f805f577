#include "partition/tile_engine.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

void WireResistance::validate() const {
    const bool finite = std::isfinite(row) && std::isfinite(column);
    if (!finite || !((row > 0.0 && column > 0.0) || ideal())) {
        throw InputError(fmt::format(
            "--r-row and --r-col must both be > 0 ohm (or both 0 for ideal wires), got {} and {}", row, column));
    }
}

Eigen::MatrixXd IdealTileEngine::column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                 const WireResistance&) {
    return conductance.transpose() * voltages;
}

RowMajorMatrix IdealTileEngine::cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                              const WireResistance&) {
    RowMajorMatrix cells(conductance.rows(), conductance.cols());
    cells.colwise() = voltages;
    return cells;
}

Eigen::MatrixXd read_each(Eigen::Index cols, const Eigen::MatrixXd& voltages, const SingleRead& read) {
    Eigen::MatrixXd currents = Eigen::MatrixXd::Zero(cols, voltages.cols());
    for (Eigen::Index k = 0; k < voltages.cols(); ++k) {
        if (voltages.col(k).isZero(0.0)) continue;
        currents.col(k) = read(voltages.col(k));
    }
    return currents;
}

Eigen::MatrixXd read_by_superposition(Eigen::Index cols, const Eigen::MatrixXd& voltages, const SingleRead& read) {
    const Eigen::Index rows = voltages.rows();
    if (voltages.cols() <= rows) return read_each(cols, voltages, read);
    Eigen::MatrixXd transfer = Eigen::MatrixXd::Zero(cols, rows);
    // Rows never driven by any input contribute nothing: skip their reads.
    const Eigen::VectorXd used = voltages.cwiseAbs().rowwise().maxCoeff();
    for (Eigen::Index i = 0; i < rows; ++i) {
        if (used(i) == 0.0) continue;
        transfer.col(i) = read(Eigen::VectorXd::Unit(rows, i));
    }
    return transfer * voltages;
}

}  // namespace memcosim::partition
