#include "core/crossbar_array.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim {

void CrossbarArray::validate() const {
    if (rows() < 1 || cols() < 1) throw InputError("crossbar: the array needs at least one row and one column");
    if (inputs.size() != rows()) {
        throw InputError(fmt::format("crossbar: {} input voltages for {} rows", inputs.size(), rows()));
    }
    if (!(row_wire_resistance > 0.0) || !std::isfinite(row_wire_resistance)) {
        throw InputError(fmt::format("crossbar: --r-row must be a finite resistance > 0 ohm, got {}", row_wire_resistance));
    }
    if (!(column_wire_resistance > 0.0) || !std::isfinite(column_wire_resistance)) {
        throw InputError(
            fmt::format("crossbar: --r-col must be a finite resistance > 0 ohm, got {}", column_wire_resistance));
    }
    if (!(wire_capacitance >= 0.0) || !std::isfinite(wire_capacitance)) {
        throw InputError(fmt::format("crossbar: --c-wire must be >= 0 F, got {}", wire_capacitance));
    }
    for (Eigen::Index i = 0; i < rows(); ++i) {
        for (Eigen::Index j = 0; j < cols(); ++j) {
            const double g = conductance(i, j);
            if (!(g > 0.0) || !std::isfinite(g)) {
                throw InputError(fmt::format(
                    "crossbar: conductance at row {}, column {} (line {} of the map) is {}: it must be > 0 S", i, j,
                    i + 1, g));
            }
        }
    }
    if (cell_source_currents.size() != 0) {
        if (cell_source_currents.rows() != rows() || cell_source_currents.cols() != cols()) {
            throw InputError(fmt::format("crossbar: cell source currents are {}x{} for a {}x{} array",
                                         cell_source_currents.rows(), cell_source_currents.cols(), rows(), cols()));
        }
        if (!cell_source_currents.allFinite()) throw InputError("crossbar: a cell source current is not finite");
    }
    for (Eigen::Index i = 0; i < rows(); ++i) {
        if (!std::isfinite(inputs(i))) throw InputError(fmt::format("crossbar: input {} is not finite", i));
    }
}

Eigen::VectorXd CrossbarArray::ideal_column_currents() const {
    Eigen::VectorXd currents = conductance.transpose() * inputs;
    if (cell_source_currents.size() != 0) currents += cell_source_currents.colwise().sum().transpose();
    return currents;
}

}  // namespace memcosim
