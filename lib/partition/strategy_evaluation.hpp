#pragma once
// One row of the strategy table: a tile shape under given devices and wires,
// evaluated on every input vector with an engine, beside the same mapping
// with ideal wires (what quantisation, variation and faults cost alone),
// the periphery counts and the read latency.
#include "partition/accuracy_metrics.hpp"
#include "partition/hardware_cost.hpp"
#include "partition/read_delay.hpp"
#include "partition/tiled_product.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memcosim::partition {

struct StrategyReport {
    TileShape tile;
    HardwareCount hardware;
    double read_latency = 0.0;              // seconds, read_delay.hpp
    std::string engine;
    std::optional<double> calibration_error;  // the engine's, if it is a surrogate
    OutputError error;                      // with the engine (wires included)
    OutputError ideal_wire_error;           // same devices, ideal wires
    std::optional<double> fast_path_agreement;  // vs the fast path, when checked (spice)
    double seconds = 0.0;                   // engine time
};

struct StrategyInputs {
    const RowMajorMatrix& weights;  // M x N
    const Eigen::MatrixXd& inputs;  // K x M
    PartitionStrategy strategy;
    DelayModel delay;
};

// `fast_path` (may be null): a second engine to run the same partition with,
// reported as fast_path_agreement = max |y - y_fast| / max |y_fast|.
[[nodiscard]] StrategyReport evaluate_strategy(const StrategyInputs& in, TileEngine& engine, TileEngine* fast_path,
                                               const TileProgress& progress);

// The table as CSV: a header row, then one line per strategy.
[[nodiscard]] std::string strategy_table_csv(const std::vector<StrategyReport>& reports);

}  // namespace memcosim::partition
