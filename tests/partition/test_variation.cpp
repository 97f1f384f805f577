// Device variation and stuck-at faults: statistics with a fixed seed, the
// rates of faults, and reproducibility.
#include "core/error.hpp"
#include "partition/device_variation.hpp"
#include "partition/tile_programming.hpp"
#include "partition_fixtures.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace memcosim;
using namespace memcosim::partition;

namespace {

struct Moments {
    double mean = 0.0, deviation = 0.0;
};

Moments moments(const Eigen::ArrayXd& x) {
    const double mean = x.mean();
    return {mean, std::sqrt((x - mean).square().sum() / double(x.size() - 1))};
}

RowMajorMatrix varied(DeviceNonidealities devices, std::uint64_t seed, double g = 1e-5) {
    RowMajorMatrix m = RowMajorMatrix::Constant(300, 300, g);
    DeviceRandom random(seed);
    apply_nonidealities(m, devices, 1e-4, 1e-6, random);
    return m;
}

}  // namespace

TEST_CASE("lognormal variation: ln(g / g0) has mean 0 and the given sigma", "[partition][unit]") {
    const RowMajorMatrix m = varied({{VariationKind::lognormal, 0.1}, {}}, 42);
    const Moments ln = moments((m.array() / 1e-5).log().reshaped());
    const double n = double(m.size());
    CHECK(std::abs(ln.mean) <= 4 * 0.1 / std::sqrt(n));
    CHECK(std::abs(ln.deviation - 0.1) <= 4 * 0.1 / std::sqrt(2 * n));
}

TEST_CASE("gaussian variation: g / g0 has mean 1 and the given sigma", "[partition][unit]") {
    const RowMajorMatrix m = varied({{VariationKind::gaussian, 0.05}, {}}, 43);
    const Moments ratio = moments((m.array() / 1e-5).reshaped());
    const double n = double(m.size());
    CHECK(std::abs(ratio.mean - 1.0) <= 4 * 0.05 / std::sqrt(n));
    CHECK(std::abs(ratio.deviation - 0.05) <= 4 * 0.05 / std::sqrt(2 * n));
}

TEST_CASE("stuck-at faults occur at their rates", "[partition][unit]") {
    const double on = 0.01, off = 0.02;
    const RowMajorMatrix m = varied({{}, {on, off}}, 44);
    const double n = double(m.size());
    const double stuck_on = double((m.array() == 1e-4).count()) / n;
    const double stuck_off = double((m.array() == 1e-6).count()) / n;
    CHECK(std::abs(stuck_on - on) <= 5 * std::sqrt(on * (1 - on) / n));
    CHECK(std::abs(stuck_off - off) <= 5 * std::sqrt(off * (1 - off) / n));
    CHECK(((m.array() == 1e-5) || (m.array() == 1e-4) || (m.array() == 1e-6)).all());
}

TEST_CASE("a seed reproduces the devices; another seed does not", "[partition][unit]") {
    const DeviceNonidealities devices{{VariationKind::lognormal, 0.2}, {0.01, 0.01}};
    CHECK(varied(devices, 7) == varied(devices, 7));
    CHECK(varied(devices, 7) != varied(devices, 8));
    // A tile's devices depend on its own stream only, not on the tile order.
    PartitionStrategy strategy;
    strategy.tile = {8, 8};
    strategy.devices = devices;
    const RowMajorMatrix w = test::random_matrix(16, 16, -1, 1, 3);
    const TileGrid grid = make_tile_grid(16, 16, strategy.tile);
    const MappedBlock a = program_tile(w, grid.blocks[3], 3, strategy);
    (void)program_tile(w, grid.blocks[0], 0, strategy);
    CHECK(program_tile(w, grid.blocks[3], 3, strategy).arrays[1] == a.arrays[1]);
}

TEST_CASE("variation and fault flags are parsed or refused", "[partition][unit][bad-input]") {
    CHECK(parse_variation("lognormal:0.1", "--variation").kind == VariationKind::lognormal);
    CHECK(parse_variation("none", "--variation").kind == VariationKind::none);
    for (const char* bad : {"gauss:0.1", "lognormal", "lognormal:-1", "gaussian:x"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_variation(bad, "--variation"), InputError);
    }
    CHECK(parse_faults("0.001:0.01", "--faults").stuck_off == 0.01);
    for (const char* bad : {"0.5", "0.7:0.7", "-0.1:0"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_faults(bad, "--faults"), InputError);
    }
}
