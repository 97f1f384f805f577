#include "partition/cell_error_map.hpp"

#include "partition/tiled_product.hpp"

#include <algorithm>
#include <vector>

namespace memcosim::partition {

namespace {

// e for the used part of one tile.
RowMajorMatrix tile_error(const RowMajorMatrix& cells, const Eigen::VectorXd& v, const TileBlock& block) {
    RowMajorMatrix error = RowMajorMatrix::Zero(block.rows, block.cols);
    for (Eigen::Index i = 0; i < block.rows; ++i) {
        if (v(i) == 0.0) continue;
        for (Eigen::Index j = 0; j < block.cols; ++j) error(i, j) = 1.0 - cells(i, j) / v(i);
    }
    return error;
}

}  // namespace

RowMajorMatrix cell_error_map(const RowMajorMatrix& weights, const Eigen::VectorXd& input,
                              const PartitionStrategy& strategy, TileEngine& engine) {
    strategy.validate();
    check_input_width(weights, input.transpose(), "input vector");
    const TileGrid grid = make_tile_grid(weights.rows(), weights.cols(), strategy.tile);
    RowMajorMatrix map = RowMajorMatrix::Zero(weights.rows(), weights.cols());
    const double x_scale = input.cwiseAbs().maxCoeff();
    if (x_scale == 0.0) return map;
    const Eigen::MatrixXd voltages = input * (strategy.read_voltage / x_scale);
    for (std::size_t t = 0; t < grid.blocks.size(); ++t) {
        const TileBlock& block = grid.blocks[t];
        const MappedBlock mapped = program_tile(weights, block, t, strategy);
        const Eigen::VectorXd v = tile_voltages(voltages, block, strategy.tile).col(0);
        const RowMajorMatrix cells = engine.cell_voltages(mapped.arrays.at(0), v, strategy.wires);
        map.block(block.row0, block.col0, block.rows, block.cols) = tile_error(cells, v, block);
    }
    return map;
}

ErrorMapSummary summarise_error_map(const RowMajorMatrix& map) {
    ErrorMapSummary summary;
    if (map.size() == 0) return summary;
    summary.mean = map.mean();
    summary.worst = map.cwiseAbs().maxCoeff(&summary.worst_row, &summary.worst_col);
    summary.near_corner = map(map.rows() - 1, 0);
    summary.far_corner = map(0, map.cols() - 1);
    std::vector<double> magnitudes(map.data(), map.data() + map.size());
    for (double& m : magnitudes) m = std::abs(m);
    const auto rank = static_cast<std::size_t>(0.95 * static_cast<double>(magnitudes.size() - 1));
    std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(rank), magnitudes.end());
    summary.p95 = magnitudes[rank];
    return summary;
}

}  // namespace memcosim::partition
