#include "partition/hardware_cost.hpp"

namespace memcosim::partition {

HardwareCount count_hardware(const TileGrid& grid, const MappingOptions& mapping) {
    HardwareCount count;
    count.tiles = grid.tile_rows * grid.tile_cols;
    count.arrays = count.tiles * mapping.arrays_per_tile();
    count.cells = count.arrays * grid.shape.rows * mapping.physical_cols(grid.shape.cols);
    count.drivers = count.arrays * grid.shape.rows;
    count.adcs = count.tiles * grid.shape.cols;
    count.partial_sums_per_output = grid.tile_rows;
    return count;
}

}  // namespace memcosim::partition
