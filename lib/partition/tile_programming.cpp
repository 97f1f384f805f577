#include "partition/tile_programming.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

void PartitionStrategy::validate() const {
    mapping.validate();
    wires.validate();
    if (!(read_voltage > 0.0) || !std::isfinite(read_voltage)) {
        throw InputError(fmt::format("--v-read must be > 0 V, got {}", read_voltage));
    }
}

MappedBlock program_tile(const RowMajorMatrix& weights, const TileBlock& block, std::size_t block_index,
                         const PartitionStrategy& strategy) {
    RowMajorMatrix padded = RowMajorMatrix::Zero(strategy.tile.rows, strategy.tile.cols);
    padded.topLeftCorner(block.rows, block.cols) = weights.block(block.row0, block.col0, block.rows, block.cols);
    MappedBlock mapped = map_block(padded, strategy.mapping);
    for (std::size_t a = 0; a < mapped.arrays.size(); ++a) {
        DeviceRandom random(stream_seed(strategy.seed, block_index, a));
        apply_nonidealities(mapped.arrays[a], strategy.devices, strategy.mapping.g_on, strategy.mapping.g_off, random);
    }
    return mapped;
}

Eigen::MatrixXd tile_voltages(const Eigen::MatrixXd& voltages, const TileBlock& block, TileShape shape) {
    Eigen::MatrixXd slice = Eigen::MatrixXd::Zero(shape.rows, voltages.cols());
    slice.topRows(block.rows) = voltages.middleRows(block.row0, block.rows);
    return slice;
}

}  // namespace memcosim::partition
