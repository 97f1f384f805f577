#pragma once
// y = W^T x computed the way tiled hardware computes it: inputs shared along
// each row of tiles, every tile read by a TileEngine, its column currents
// decoded with the tile's own scale, and the partial sums of the tiles in a
// column of tiles added (digitally, after the ADCs, so exactly).
#include "partition/tile_programming.hpp"

#include <functional>

namespace memcosim::partition {

// Called after each tile with (tiles done, tiles in all).
using TileProgress = std::function<void(std::size_t, std::size_t)>;

// weights: M x N; inputs: K x M, one input vector per row. Returns K x N, in
// the units of W times the units of x. Throws InputError if the input width
// is not M.
[[nodiscard]] Eigen::MatrixXd run_tiled_product(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs,
                                                const PartitionStrategy& strategy, TileEngine& engine,
                                                const TileProgress& progress);

// The exact product X W (K x N), as a reference.
[[nodiscard]] Eigen::MatrixXd ideal_product(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs);

// Throws InputError naming `source` unless inputs are K x M for an M-row matrix.
void check_input_width(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs, const std::string& source);

}  // namespace memcosim::partition
