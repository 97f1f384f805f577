#include "partition/strategy_evaluation.hpp"

#include <chrono>
#include <fmt/format.h>

namespace memcosim::partition {

StrategyReport evaluate_strategy(const StrategyInputs& in, TileEngine& engine, TileEngine* fast_path,
                                 const TileProgress& progress) {
    in.delay.validate();
    const PartitionStrategy& strategy = in.strategy;
    const TileGrid grid = make_tile_grid(in.weights.rows(), in.weights.cols(), strategy.tile);
    StrategyReport report;
    report.tile = strategy.tile;
    report.hardware = count_hardware(grid, strategy.mapping);
    report.read_latency = elmore_read_delay(strategy.tile.rows, strategy.mapping.physical_cols(strategy.tile.cols),
                                            strategy.wires, in.delay);
    report.engine = engine.name();
    report.calibration_error = engine.calibration_error();

    const Eigen::MatrixXd ideal = ideal_product(in.weights, in.inputs);
    const auto start = std::chrono::steady_clock::now();
    const Eigen::MatrixXd actual = run_tiled_product(in.weights, in.inputs, strategy, engine, progress);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.error = compare_outputs(ideal, actual);

    IdealTileEngine ideal_wires;
    report.ideal_wire_error =
        compare_outputs(ideal, run_tiled_product(in.weights, in.inputs, strategy, ideal_wires, {}));
    if (fast_path != nullptr) {
        const Eigen::MatrixXd fast = run_tiled_product(in.weights, in.inputs, strategy, *fast_path, {});
        report.fast_path_agreement = relative_max_difference(actual, fast, fast);
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
        "tile_rows,tile_cols,tiles,arrays,cells,drivers,adcs,partial_sums_per_output,read_latency_s,engine,"
        "calibration_error,mean_rel_error,worst_rel_error,mean_cosine,min_cosine,ideal_wire_mean_rel_error,"
        "ideal_wire_worst_rel_error,fast_path_agreement,engine_seconds\n";
    for (const auto& r : reports) {
        const HardwareCount& h = r.hardware;
        text += fmt::format("{},{},{},{},{},{},{},{},{:.6g},{},{},", r.tile.rows, r.tile.cols, h.tiles, h.arrays,
                            h.cells, h.drivers, h.adcs, h.partial_sums_per_output, r.read_latency, r.engine,
                            optional_number(r.calibration_error));
        text += fmt::format("{:.6g},{:.6g},{:.9g},{:.9g},{:.6g},{:.6g},{},{:.3f}\n", r.error.mean_relative,
                            r.error.worst_relative, r.error.mean_cosine, r.error.min_cosine,
                            r.ideal_wire_error.mean_relative, r.ideal_wire_error.worst_relative,
                            optional_number(r.fast_path_agreement), r.seconds);
    }
    return text;
}

}  // namespace memcosim::partition
