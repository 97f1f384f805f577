// Cell error maps and the IR-drop size limit: zero without wires, growing
// from the near corner to the far one, shrinking when tiled; the limit
// search against its own definition and the single-cell closed form.
#include "partition/cell_error_map.hpp"
#include "partition/ir_drop_limit.hpp"
#include "partition/solver_tile_engine.hpp"
#include "partition_fixtures.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

using namespace memcosim;
using namespace memcosim::partition;
using Catch::Matchers::WithinRel;

namespace {

PartitionStrategy reference_strategy(TileShape tile, WireResistance wires) {
    PartitionStrategy s;
    s.tile = tile;
    s.mapping.scheme = MappingScheme::reference;
    s.mapping.g_on = 1e-3;
    s.mapping.g_off = 1e-6;
    s.wires = wires;
    return s;
}

}  // namespace

TEST_CASE("the cell error map is zero with ideal wires", "[partition][unit]") {
    const RowMajorMatrix w = test::random_matrix(20, 20, -1, 1, 1);
    IdealTileEngine ideal;
    CHECK(cell_error_map(w, Eigen::VectorXd::Ones(20), reference_strategy({10, 10}, {}), ideal).isZero(0.0));
}

TEST_CASE("the error grows across the array and falls when it is tiled", "[partition][unit]") {
    const RowMajorMatrix w = test::random_matrix(64, 64, -1, 1, 2);
    const Eigen::VectorXd x = Eigen::VectorXd::Ones(64);
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const auto whole = summarise_error_map(cell_error_map(w, x, reference_strategy({64, 64}, {0.1, 0.1}), solver));
    const auto tiled = summarise_error_map(cell_error_map(w, x, reference_strategy({16, 16}, {0.1, 0.1}), solver));
    CAPTURE(whole.near_corner, whole.far_corner, tiled.far_corner);
    CHECK(whole.near_corner > 0.0);
    CHECK(whole.far_corner > 10 * whole.near_corner);
    CHECK(whole.worst_row < 16);  // far from the sense end (the bottom) ...
    CHECK(whole.worst_col >= 48);  // ... and from the drivers (the left)
    CHECK(tiled.worst < whole.worst / 4);
    CHECK(tiled.mean < whole.mean / 4);
}

TEST_CASE("a single far cell meets the series closed form", "[partition][unit]") {
    IrDropLimitOptions o;
    o.g_on = 1e-5;
    o.wires = {3.0, 3.0};
    IdealTileEngine ideal;
    const IrDropPoint p = ir_drop_point(8, o, ideal);
    CHECK_THAT(p.single_cell_error, WithinRel(8 * 6.0 / (1e5 + 8 * 6.0), 1e-12));
    const Eigen::Index n = largest_single_cell_size(o);
    // e < 1/64 <=> n * 6 ohm * 1e-5 S < (1/64) / (63/64)
    CHECK(n == static_cast<Eigen::Index>(1.0 / 63.0 / 6e-5));
}

TEST_CASE("the largest array within one LSB passes and the next one fails", "[partition][unit]") {
    IrDropLimitOptions o;
    o.g_on = 1e-5;
    o.g_off = 1e-7;
    o.wires = {10.0, 10.0};
    o.output_bits = 6;
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const Eigen::Index n = largest_size_within_lsb(o, solver, 4, 512);
    CAPTURE(n);
    REQUIRE(n > 4);
    REQUIRE(n < 512);
    CHECK(ir_drop_point(n, o, solver).all_on_error < o.lsb());
    CHECK(ir_drop_point(n + 1, o, solver).all_on_error >= o.lsb());
    // The worst case bounds the random case.
    const IrDropPoint p = ir_drop_point(n, o, solver);
    CHECK(p.random_error < p.all_on_error);
}
