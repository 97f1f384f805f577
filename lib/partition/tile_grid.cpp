#include "partition/tile_grid.hpp"

#include "core/error.hpp"

#include <charconv>
#include <fmt/format.h>

namespace memcosim::partition {
namespace {

Eigen::Index parse_extent(const std::string& text, const std::string& whole, const std::string& flag) {
    long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || text.empty() || value < 1) {
        throw InputError(fmt::format("{}: expected a tile shape ROWSxCOLS with positive whole numbers, got '{}'",
                                     flag, whole));
    }
    return static_cast<Eigen::Index>(value);
}

}  // namespace

TileShape parse_tile_shape(const std::string& text, const std::string& flag) {
    const auto x = text.find_first_of("xX");
    if (x == std::string::npos) {
        throw InputError(fmt::format("{}: expected a tile shape ROWSxCOLS such as 64x64, got '{}'", flag, text));
    }
    return {parse_extent(text.substr(0, x), text, flag), parse_extent(text.substr(x + 1), text, flag)};
}

std::vector<TileShape> parse_tile_shapes(const std::string& text, const std::string& flag) {
    std::vector<TileShape> shapes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        shapes.push_back(parse_tile_shape(text.substr(start, comma - start), flag));
        start = comma + 1;
    }
    return shapes;
}

std::string to_string(TileShape shape) { return fmt::format("{}x{}", shape.rows, shape.cols); }

TileGrid make_tile_grid(Eigen::Index matrix_rows, Eigen::Index matrix_cols, TileShape shape) {
    if (shape.rows < 1 || shape.cols < 1) throw InputError(fmt::format("tile {} is empty", to_string(shape)));
    if (shape.rows > matrix_rows || shape.cols > matrix_cols) {
        throw InputError(fmt::format("tile {} is larger than the {}x{} matrix: pick a tile of at most {}x{}",
                                     to_string(shape), matrix_rows, matrix_cols, matrix_rows, matrix_cols));
    }
    TileGrid grid;
    grid.shape = shape;
    grid.matrix_rows = matrix_rows;
    grid.matrix_cols = matrix_cols;
    grid.tile_rows = (matrix_rows + shape.rows - 1) / shape.rows;
    grid.tile_cols = (matrix_cols + shape.cols - 1) / shape.cols;
    for (Eigen::Index a = 0; a < grid.tile_rows; ++a) {
        for (Eigen::Index b = 0; b < grid.tile_cols; ++b) {
            const Eigen::Index row0 = a * shape.rows, col0 = b * shape.cols;
            grid.blocks.push_back({a, b, row0, col0, std::min(shape.rows, matrix_rows - row0),
                                   std::min(shape.cols, matrix_cols - col0)});
        }
    }
    return grid;
}

}  // namespace memcosim::partition
