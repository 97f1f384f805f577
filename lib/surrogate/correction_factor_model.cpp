#include "surrogate/correction_factor_model.hpp"

#include "core/error.hpp"
#include "surrogate/supported_read.hpp"

#include <fmt/format.h>

namespace memcosim::surrogate {

CrossbarArray uniform_reference_array(Eigen::Index rows, Eigen::Index cols, double row_wire_resistance,
                                      double column_wire_resistance, double conductance, double drive) {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(rows, cols, conductance);
    array.inputs = Eigen::VectorXd::Constant(rows, drive);
    array.row_wire_resistance = row_wire_resistance;
    array.column_wire_resistance = column_wire_resistance;
    return array;
}

CorrectionFactorModel::CorrectionFactorModel(const CrossbarArray& reference,
                                             const RowMajorMatrix& reference_cell_voltages)
    : row_wire_resistance_(reference.row_wire_resistance),
      column_wire_resistance_(reference.column_wire_resistance) {
    require_supported_read(reference, "correction-factor");
    if (reference_cell_voltages.rows() != reference.rows() || reference_cell_voltages.cols() != reference.cols()) {
        throw InputError(fmt::format("surrogate correction-factor: {}x{} reference cell voltages for a {}x{} array",
                                     reference_cell_voltages.rows(), reference_cell_voltages.cols(), reference.rows(),
                                     reference.cols()));
    }
    if ((reference.inputs.array() == 0.0).any()) {
        throw InputError("surrogate correction-factor: the reference needs a nonzero drive on every row");
    }
    factors_ = reference_cell_voltages.array().colwise() / reference.inputs.array();
}

Eigen::VectorXd CorrectionFactorModel::column_currents(const CrossbarArray& array) const {
    require_supported_read(array, "correction-factor");
    if (array.rows() != factors_.rows() || array.cols() != factors_.cols() ||
        array.row_wire_resistance != row_wire_resistance_ || array.column_wire_resistance != column_wire_resistance_) {
        throw InputError(fmt::format(
            "surrogate correction-factor: the factors are for a {}x{} array with wires {} / {} ohm, got {}x{} with {} / "
            "{} ohm",
            factors_.rows(), factors_.cols(), row_wire_resistance_, column_wire_resistance_, array.rows(),
            array.cols(), array.row_wire_resistance, array.column_wire_resistance));
    }
    const RowMajorMatrix weighted = (array.conductance.array() * factors_.array()).matrix();
    return weighted.transpose() * array.inputs;
}

}  // namespace memcosim::surrogate
