#pragma once
// One row of the strategy table: a tile shape under given devices and wires,
// evaluated on every input vector with an engine, beside the same mapping
// with ideal wires (what quantisation, variation and faults cost alone),
// the periphery counts and the read latency; optionally checked against a
// second engine on the same partition (ngspice against the solver, or the
// surrogate against the solver).
#include "partition/accuracy_metrics.hpp"
#include "partition/hardware_cost.hpp"
#include "partition/read_delay.hpp"
#include "partition/tiled_product.hpp"
#include "surrogate/error_statistics.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memcosim::partition {

struct StrategyReport {
    TileShape tile;
    HardwareCount hardware;
    double read_latency = 0.0;                  // seconds, read_delay.hpp
    std::string latency_kind;                   // DelayModel::latency_kind(): which delay model
    std::optional<double> latency_calibration_error;  // the delay calibration's held-out max, if calibrated
    std::string engine;
    // The engine's own: the largest relative column-current error on its
    // calibration's held-out arrays, if it is a surrogate.
    std::optional<double> calibration_error;
    OutputError error;                      // with the engine (wires included)
    OutputError ideal_wire_error;           // same devices, ideal wires
    double seconds = 0.0;                   // time spent inside the engine's reads

    // With a check engine (the `reference` of evaluate_strategy):
    std::string check_engine;                       // its name; empty: not checked
    std::optional<double> check_agreement;          // outputs: max |y - y_check| / max |y_check|
    std::optional<surrogate::ErrorSummary> check_column_error;  // tile column currents, the calibration's measure
    std::optional<double> check_seconds;            // time inside the check engine's reads
};

struct StrategyInputs {
    const RowMajorMatrix& weights;  // M x N
    const Eigen::MatrixXd& inputs;  // K x M
    PartitionStrategy strategy;
    DelayModel delay;
};

// `reference` (may be null): a second engine run on the very same tile reads
// (checked_tile_engine.hpp), reported in the check_* fields.
[[nodiscard]] StrategyReport evaluate_strategy(const StrategyInputs& in, TileEngine& engine, TileEngine* reference,
                                               const TileProgress& progress);

// The read latency of a partition: Elmore on the tile shape, or with a delay
// calibration the slowest programmed array's calibrated settling delay.
[[nodiscard]] double partition_read_latency(const RowMajorMatrix& weights, const PartitionStrategy& strategy,
                                            const DelayModel& delay);

// The table as CSV: a header row, then one line per strategy.
[[nodiscard]] std::string strategy_table_csv(const std::vector<StrategyReport>& reports);

}  // namespace memcosim::partition
