#pragma once
// The location-dependent error of a partition, cell by cell: for one input
// vector, the relative shortfall of each cell's current against the ideal
// (wireless) read, which for a linear device is the shortfall of the voltage
// across it:
//
//   e_ij = (G_ij V_i - G_ij (u_ij - w_ij)) / (G_ij V_i) = 1 - (u_ij - w_ij) / V_i
//
// (u row-node, w column-node voltages). Taken on the first array of every
// tile (G+ for differential pairs, the weight columns for a reference
// column) and assembled over the whole matrix. Cells on rows driven at 0 V
// have no defined ratio and read 0.
//
// Corners: rows are driven from the left and columns sensed at the bottom
// (DESIGN.md), so the cell nearest both driver and sense amplifier is
// (M-1, 0) in our 0-based indices, and the farthest (0, N-1). Fouda et al.
// number the near cell (1,1) and the far one (N,M).
#include "partition/tile_programming.hpp"

namespace memcosim::partition {

// weights M x N, input: M values (scaled so max |x| -> read_voltage).
[[nodiscard]] RowMajorMatrix cell_error_map(const RowMajorMatrix& weights, const Eigen::VectorXd& input,
                                            const PartitionStrategy& strategy, TileEngine& engine);

struct ErrorMapSummary {
    double mean = 0.0;   // mean of e over the matrix
    double worst = 0.0;  // largest |e|
    Eigen::Index worst_row = 0, worst_col = 0;
    double near_corner = 0.0;  // e at (M-1, 0)
    double far_corner = 0.0;   // e at (0, N-1)
    double p95 = 0.0;          // 95th percentile of |e|
};

[[nodiscard]] ErrorMapSummary summarise_error_map(const RowMajorMatrix& map);

}  // namespace memcosim::partition
