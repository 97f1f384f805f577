#include "partition/strategy_evaluation.hpp"

#include "partition/checked_tile_engine.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::partition {

double partition_read_latency(const RowMajorMatrix& weights, const PartitionStrategy& strategy,
                              const DelayModel& delay) {
    delay.validate();
    const Eigen::Index physical_cols = strategy.mapping.physical_cols(strategy.tile.cols);
    if (!delay.calibrated) return elmore_read_delay(strategy.tile.rows, physical_cols, strategy.wires, delay);
    // The surrogate's cell term depends on each array's own conductances, so
    // every array is programmed as the product programs it; all are read in
    // parallel, so the slowest sets the latency.
    const TileGrid grid = make_tile_grid(weights.rows(), weights.cols(), strategy.tile);
    double slowest = 0.0;
    for (std::size_t t = 0; t < grid.blocks.size(); ++t) {
        const MappedBlock mapped = program_tile(weights, grid.blocks[t], t, strategy);
        for (const RowMajorMatrix& g : mapped.arrays) {
            slowest = std::max(slowest,
                               calibrated_read_delay(g.rows(), g.cols(), strategy.wires, g.mean(), delay));
        }
    }
    return slowest;
}

StrategyReport evaluate_strategy(const StrategyInputs& in, TileEngine& engine, TileEngine* reference,
                                 const TileProgress& progress) {
    in.delay.validate();
    const PartitionStrategy& strategy = in.strategy;
    const TileGrid grid = make_tile_grid(in.weights.rows(), in.weights.cols(), strategy.tile);
    StrategyReport report;
    report.tile = strategy.tile;
    report.hardware = count_hardware(grid, strategy.mapping);
    report.read_latency = partition_read_latency(in.weights, strategy, in.delay);
    report.latency_kind = in.delay.latency_kind();
    if (in.delay.calibrated) report.latency_calibration_error = in.delay.calibrated->held_out_error;
    report.engine = engine.name();
    report.calibration_error = engine.calibration_error();

    const Eigen::MatrixXd ideal = ideal_product(in.weights, in.inputs);
    CheckedTileEngine checked(engine, reference);
    const Eigen::MatrixXd actual = run_tiled_product(in.weights, in.inputs, strategy, checked, progress);
    report.seconds = checked.engine_seconds();
    report.error = compare_outputs(ideal, actual);

    IdealTileEngine ideal_wires;
    report.ideal_wire_error =
        compare_outputs(ideal, run_tiled_product(in.weights, in.inputs, strategy, ideal_wires, {}));
    if (reference != nullptr) {
        checked.replay_reference();
        const Eigen::MatrixXd checked_outputs = run_tiled_product(in.weights, in.inputs, strategy, checked, {});
        report.check_engine = reference->name();
        report.check_agreement = relative_max_difference(actual, checked_outputs, checked_outputs);
        report.check_column_error = checked.column_error();
        report.check_seconds = checked.reference_seconds();
    }
    return report;
}

namespace {

std::string optional_number(const std::optional<double>& value) {
    return value ? fmt::format("{:.6g}", *value) : std::string();
}

}  // namespace

std::string strategy_table_csv(const std::vector<StrategyReport>& reports) {
    std::string text =
        "tile_rows,tile_cols,tiles,arrays,cells,drivers,adcs,partial_sums_per_output,read_latency_s,latency_model,"
        "latency_calibration_error,engine,calibration_error,mean_rel_error,worst_rel_error,mean_cosine,min_cosine,"
        "ideal_wire_mean_rel_error,ideal_wire_worst_rel_error,engine_seconds,check_engine,check_agreement,"
        "check_column_error_p95,check_column_error_max,check_seconds\n";
    for (const auto& r : reports) {
        const HardwareCount& h = r.hardware;
        text += fmt::format("{},{},{},{},{},{},{},{},{:.6g},{},{},{},{},", r.tile.rows, r.tile.cols, h.tiles, h.arrays,
                            h.cells, h.drivers, h.adcs, h.partial_sums_per_output, r.read_latency, r.latency_kind,
                            optional_number(r.latency_calibration_error), r.engine,
                            optional_number(r.calibration_error));
        text += fmt::format("{:.6g},{:.6g},{:.9g},{:.9g},{:.6g},{:.6g},{:.6g},", r.error.mean_relative,
                            r.error.worst_relative, r.error.mean_cosine, r.error.min_cosine,
                            r.ideal_wire_error.mean_relative, r.ideal_wire_error.worst_relative, r.seconds);
        const auto& column = r.check_column_error;
        text += fmt::format("{},{},{},{},{}\n", r.check_engine, optional_number(r.check_agreement),
                            optional_number(column ? std::optional(column->p95) : std::nullopt),
                            optional_number(column ? std::optional(column->max) : std::nullopt),
                            optional_number(r.check_seconds));
    }
    return text;
}

}  // namespace memcosim::partition
