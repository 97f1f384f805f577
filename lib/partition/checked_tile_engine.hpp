#pragma once
// Runs one tile engine and, on exactly the same tiles, a reference engine
// (the exact solver behind a surrogate or behind ngspice), timing each and
// scoring the engine's column currents against the reference's with the
// measure a calibration states its error in: the relative column-current
// error |I - I_ref| / |I_ref|, per physical column and input vector.
//
// An input vector of mixed signs can make I_ref pass through zero, where a
// relative error means nothing; for such a vector the denominator is the
// column's full-scale current sum_i G_ij |V_i| instead (for one-signed
// inputs the two coincide up to the IR drop itself). Columns carrying no
// current at all are skipped.
//
// After the run, replay_reference() makes the same sequence of calls return
// the reference's recorded currents, so the reference's tiled product comes
// without computing it twice.
#include "partition/tile_engine.hpp"
#include "surrogate/error_statistics.hpp"

#include <cstddef>
#include <vector>

namespace memcosim::partition {

class CheckedTileEngine final : public TileEngine {
public:
    // `reference` may be null: then this only times `engine`.
    CheckedTileEngine(TileEngine& engine, TileEngine* reference);

    [[nodiscard]] std::string name() const override { return engine_.name(); }
    [[nodiscard]] Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) override;
    [[nodiscard]] RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) override;
    [[nodiscard]] std::optional<double> calibration_error() const override { return engine_.calibration_error(); }

    // From now on, column_currents returns the reference's recorded results
    // in the order they were made; throws EngineError if the calls differ.
    void replay_reference();

    [[nodiscard]] double engine_seconds() const { return engine_seconds_; }
    [[nodiscard]] double reference_seconds() const { return reference_seconds_; }
    // Relative column-current errors of the engine against the reference
    // (count 0 without a reference).
    [[nodiscard]] surrogate::ErrorSummary column_error() const;

private:
    TileEngine& engine_;
    TileEngine* reference_;
    double engine_seconds_ = 0.0, reference_seconds_ = 0.0;
    std::vector<double> errors_;
    std::vector<Eigen::MatrixXd> recorded_;
    bool replaying_ = false;
    std::size_t next_replay_ = 0;
};

// The relative column-current errors of `currents` against `reference`
// (both C x K) for the reads of `voltages` (R x K) on `conductance`,
// appended to `errors` (the measure above).
void append_column_errors(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                          const Eigen::MatrixXd& currents, const Eigen::MatrixXd& reference,
                          std::vector<double>& errors);

}  // namespace memcosim::partition
