// Tile shapes, the grid of tiles, periphery counts and the Elmore delay
// against hand-computed values.
#include "core/error.hpp"
#include "partition/hardware_cost.hpp"
#include "partition/read_delay.hpp"
#include "partition/tile_grid.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim;
using namespace memcosim::partition;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinRel;

TEST_CASE("tile shapes parse and bad ones are refused with the flag named", "[partition][unit]") {
    CHECK(parse_tile_shape("64x32", "--tiles") == TileShape{64, 32});
    CHECK(parse_tile_shapes("32x32,64x64,128X128", "--tiles") ==
          std::vector<TileShape>{{32, 32}, {64, 64}, {128, 128}});
    for (const char* bad : {"64", "0x3", "axb", "64x", "x64", "-4x4", "4x4x4", "64x64,"}) {
        INFO(bad);
        CHECK_THROWS_WITH(parse_tile_shapes(bad, "--tiles"), ContainsSubstring("--tiles"));
    }
}

TEST_CASE("a grid covers the matrix with clipped edge tiles", "[partition][unit]") {
    const TileGrid grid = make_tile_grid(100, 70, {32, 32});
    CHECK(grid.tile_rows == 4);
    CHECK(grid.tile_cols == 3);
    REQUIRE(grid.blocks.size() == 12);
    CHECK(grid.blocks.back().rows == 4);
    CHECK(grid.blocks.back().cols == 6);
    Eigen::Index cells = 0;
    for (const auto& b : grid.blocks) cells += b.rows * b.cols;
    CHECK(cells == 100 * 70);
}

TEST_CASE("a tile larger than the matrix is an input error", "[partition][unit][bad-input]") {
    CHECK_THROWS_AS(make_tile_grid(64, 64, {128, 128}), InputError);
    CHECK_THROWS_WITH(make_tile_grid(64, 100, {32, 128}), ContainsSubstring("larger than the 64x100 matrix"));
}

TEST_CASE("periphery counts follow the mapping scheme", "[partition][unit]") {
    const TileGrid grid = make_tile_grid(256, 256, {64, 64});
    MappingOptions mapping;
    const HardwareCount differential = count_hardware(grid, mapping);
    CHECK(differential.tiles == 16);
    CHECK(differential.arrays == 32);
    CHECK(differential.cells == 32 * 64 * 64);
    CHECK(differential.drivers == 32 * 64);
    CHECK(differential.adcs == 16 * 64);
    CHECK(differential.partial_sums_per_output == 4);
    mapping.scheme = MappingScheme::reference;
    const HardwareCount reference = count_hardware(grid, mapping);
    CHECK(reference.arrays == 16);
    CHECK(reference.cells == 16 * 64 * 65);
    CHECK(reference.adcs == 16 * 64);
}

TEST_CASE("the Elmore read delay adds the driver, row and column terms", "[partition][unit]") {
    const DelayModel model{1e-16, 100.0, nullptr};
    const WireResistance wires{2.0, 3.0};
    // Row: 32 segments of 2 ohm and 1e-16 F; column: 64 segments of 3 ohm.
    const double expected = 0.69 * 100.0 * 32e-16 + 0.38 * 64.0 * 32e-16 + 0.38 * 192.0 * 64e-16;
    CHECK_THAT(elmore_read_delay(64, 32, wires, model), WithinRel(expected, 1e-12));
    // Quadratic in the line length with an ideal driver.
    const DelayModel no_driver{1e-16, 0.0, nullptr};
    CHECK_THAT(elmore_read_delay(128, 128, wires, no_driver), WithinRel(4.0 * elmore_read_delay(64, 64, wires, no_driver), 1e-12));
    CHECK_THROWS_AS(DelayModel({-1.0, 0.0, nullptr}).validate(), InputError);
}
