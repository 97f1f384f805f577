#pragma once
// How an M x N weight matrix is cut into tiles of m x n. The matrix is laid
// out as the crossbar: line i of the matrix holds the weights of input i (a
// row, word line), column j feeds output j (a column, bit line), so the
// product computed is y = W^T x.
//
// Tile (a, b) covers matrix rows [a m, a m + m) and columns [b n, b n + n),
// clipped at the matrix edge. Every tile is a physical m x n array: cells
// past the edge of the matrix hold weight 0 and their rows are driven at
// 0 V, so an edge tile has the same wires as the others.
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace memcosim::partition {

struct TileShape {
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;
    friend bool operator==(const TileShape&, const TileShape&) = default;
};

// "64x64" (rows x columns); `flag` names the option in errors.
[[nodiscard]] TileShape parse_tile_shape(const std::string& text, const std::string& flag);
// "32x32,64x64,...".
[[nodiscard]] std::vector<TileShape> parse_tile_shapes(const std::string& text, const std::string& flag);
[[nodiscard]] std::string to_string(TileShape shape);

// The part of the matrix one tile holds.
struct TileBlock {
    Eigen::Index tile_row = 0, tile_col = 0;  // position in the grid of tiles
    Eigen::Index row0 = 0, col0 = 0;          // first matrix row and column
    Eigen::Index rows = 0, cols = 0;          // matrix rows and columns used (<= the tile shape)
};

struct TileGrid {
    TileShape shape;
    Eigen::Index matrix_rows = 0, matrix_cols = 0;
    Eigen::Index tile_rows = 0, tile_cols = 0;  // tiles down and across
    std::vector<TileBlock> blocks;              // row-major over the grid
};

// Throws InputError if the tile is larger than the matrix in either
// direction (the tile would be mostly empty: pick a smaller tile).
[[nodiscard]] TileGrid make_tile_grid(Eigen::Index matrix_rows, Eigen::Index matrix_cols, TileShape shape);

}  // namespace memcosim::partition
