#pragma once
// What a tiling costs in periphery: counts only (area and energy models
// would multiply these by per-unit figures).
//  - tiles: weight blocks, ceil(M/m) x ceil(N/n);
//  - arrays: physical crossbars, 2 per tile for differential pairs, 1 with a
//    reference column; cells: their devices (reference: m x (n + 1));
//  - drivers: one per row of every array (a DAC or pulse driver each);
//  - ADCs: one per weight column of every tile, after the analog
//    subtraction (I+ - I- or I - I_ref), so one per output per tile;
//  - partial sums per output: tiles down a column of tiles, added digitally.
#include "partition/conductance_mapping.hpp"
#include "partition/tile_grid.hpp"

namespace memcosim::partition {

struct HardwareCount {
    Eigen::Index tiles = 0, arrays = 0, cells = 0, drivers = 0, adcs = 0, partial_sums_per_output = 0;
};

[[nodiscard]] HardwareCount count_hardware(const TileGrid& grid, const MappingOptions& mapping);

}  // namespace memcosim::partition
