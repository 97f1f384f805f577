#pragma once
// One partitioning strategy, and the devices of one of its tiles as they end
// up programmed: mapped from the weights (conductance_mapping.hpp), then
// varied and faulted (device_variation.hpp) from the tile's own seed stream.
#include "partition/conductance_mapping.hpp"
#include "partition/device_variation.hpp"
#include "partition/tile_engine.hpp"
#include "partition/tile_grid.hpp"

#include <cstdint>

namespace memcosim::partition {

struct PartitionStrategy {
    TileShape tile;
    MappingOptions mapping;
    WireResistance wires;
    DeviceNonidealities devices;
    std::uint64_t seed = 1;
    // Inputs are scaled so that the largest |x| over all vectors drives
    // read_voltage; outputs are scaled back after decoding.
    double read_voltage = 0.2;

    // Throws InputError naming the bad flag.
    void validate() const;
};

// The tile's weights padded to the full tile shape with zeros (cells past the
// matrix edge), mapped, varied and faulted. `block_index` is the tile's
// position in TileGrid::blocks and picks its random stream.
[[nodiscard]] MappedBlock program_tile(const RowMajorMatrix& weights, const TileBlock& block, std::size_t block_index,
                                       const PartitionStrategy& strategy);

// The block's slice of the row voltages (matrix rows x K), padded with 0 V
// rows to the tile height.
[[nodiscard]] Eigen::MatrixXd tile_voltages(const Eigen::MatrixXd& voltages, const TileBlock& block, TileShape shape);

}  // namespace memcosim::partition
