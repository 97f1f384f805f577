#include "partition/surrogate_tile_engine.hpp"

#include "calibrate/irdrop_calibration.hpp"
#include "core/error.hpp"
#include "surrogate/supported_read.hpp"

#include <fmt/format.h>

namespace memcosim::partition {

SurrogateTileEngine::SurrogateTileEngine(const calibrate::Calibration& calibration, const std::string& source,
                                         bool strict, Warn warn)
    : model_(calibrate::irdrop_model_from(calibration, source)),
      held_out_max_(calibration.held_out.max),
      held_out_p95_(calibration.held_out.p95),
      source_(source),
      guard_(calibration.range, source, strict, std::move(warn)) {
    if (calibration.held_out.count == 0) {
        throw InputError(fmt::format("{}: the calibration has no held-out error (count 0): its accuracy is unknown",
                                     source));
    }
}

Eigen::MatrixXd SurrogateTileEngine::column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                     const WireResistance& wires) {
    wires.validate();
    // Ideal wires: the model is exact there (and the range check would only
    // complain about r = 0).
    if (wires.ideal()) return conductance.transpose() * voltages;
    CrossbarArray array;
    array.conductance = conductance;
    array.inputs = Eigen::VectorXd::Zero(conductance.rows());
    array.row_wire_resistance = wires.row;
    array.column_wire_resistance = wires.column;
    surrogate::require_supported_read(array, "attenuation");
    guard_.check(calibrate::irdrop_operating_point(array),
                 fmt::format("surrogate tile array {}x{}", array.rows(), array.cols()));
    // Checked once above; each read below only changes the inputs.
    return read_by_superposition(array.cols(), voltages, [&](const Eigen::VectorXd& v) {
        array.inputs = v;
        return Eigen::VectorXd(model_.column_currents_unchecked(array));
    });
}

RowMajorMatrix SurrogateTileEngine::cell_voltages(const RowMajorMatrix&, const Eigen::VectorXd&, const WireResistance&) {
    throw EngineError(fmt::format(
        "the calibrated IR-drop surrogate ({}) gives column currents only, not the cell voltages an error map needs: "
        "use the solver engine for error maps",
        source_));
}

}  // namespace memcosim::partition
