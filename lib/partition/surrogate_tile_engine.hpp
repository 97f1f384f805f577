#pragma once
// The calibrated IR-drop surrogate (surrogate/attenuation_model.hpp, fitted
// by `memcosim calibrate irdrop`) as a tile engine: each tile's column
// currents in O(rows x cols) per read instead of a sparse solve.
//
// The model is linear in the row voltages (its attenuation factors depend on
// the conductances and wires only), so many input vectors are combined by
// superposition exactly as the solver engine does.
//
// It gives column currents only: the per-cell voltages an error map needs
// are not part of the model, so cell_voltages() throws EngineError (error
// maps, e.g. `partition fouda-case`, always use the solver).
//
// Its error is the calibration's: calibration_error() is the LARGEST
// relative column-current error on the calibration's held-out arrays (not
// the p95: a table of strategies should show the bound, not the typical
// case). Every tile array is checked against the calibrated range (sizes,
// wire resistances, smallest and largest conductance, the row and column
// couplings r g N^2): outside it the engine warns once per quantity, or with
// strict set refuses with InputError.
#include "calibrate/calibration_file.hpp"
#include "partition/calibration_range_guard.hpp"
#include "partition/tile_engine.hpp"
#include "surrogate/attenuation_model.hpp"

namespace memcosim::partition {

class SurrogateTileEngine final : public TileEngine {
public:
    // Throws InputError naming `source` unless `calibration` is an IR-drop
    // calibration of the attenuation model with valid parameters.
    SurrogateTileEngine(const calibrate::Calibration& calibration, const std::string& source, bool strict, Warn warn);

    [[nodiscard]] std::string name() const override { return "surrogate"; }
    [[nodiscard]] Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) override;
    // Always throws EngineError: the surrogate has no cell voltages.
    [[nodiscard]] RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) override;
    [[nodiscard]] std::optional<double> calibration_error() const override { return held_out_max_; }

    [[nodiscard]] double held_out_p95() const { return held_out_p95_; }
    [[nodiscard]] std::size_t arrays_outside_range() const { return guard_.outside_count(); }

private:
    surrogate::AttenuationModel model_;
    double held_out_max_ = 0.0, held_out_p95_ = 0.0;
    std::string source_;
    CalibrationRangeGuard guard_;
};

}  // namespace memcosim::partition
