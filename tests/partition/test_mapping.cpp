// Weights -> conductances -> weights: exact without quantisation, within the
// half-step (differential) or full-step (reference) bound with N levels, and
// a differential pair cancels exactly.
#include "core/error.hpp"
#include "partition/conductance_mapping.hpp"
#include "partition_fixtures.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cmath>

using namespace memcosim;
using namespace memcosim::partition;

namespace {

MappingOptions options(MappingScheme scheme, int levels) {
    MappingOptions o;
    o.scheme = scheme;
    o.g_on = 1e-4;
    o.g_off = 1e-6;
    o.levels = levels;
    return o;
}

}  // namespace

TEST_CASE("continuous mapping decodes back to the weights", "[partition][unit]") {
    const auto scheme = GENERATE(MappingScheme::differential, MappingScheme::reference);
    const RowMajorMatrix w = test::random_matrix(13, 9, -3.0, 2.0, 5);
    const MappedBlock block = map_block(w, options(scheme, 0));
    CHECK(block.arrays.size() == (scheme == MappingScheme::differential ? 2u : 1u));
    CHECK(block.arrays[0].cols() == (scheme == MappingScheme::differential ? 9 : 10));
    for (const auto& g : block.arrays) {
        CHECK(g.minCoeff() >= 1e-6 * (1 - 1e-12));
        CHECK(g.maxCoeff() <= 1e-4 * (1 + 1e-12));
    }
    CHECK((decoded_weights(block) - w).cwiseAbs().maxCoeff() <= 1e-12 * w.cwiseAbs().maxCoeff());
}

TEST_CASE("a differential pair cancels: zero weights are g_off on both sides", "[partition][unit]") {
    RowMajorMatrix w = test::random_matrix(6, 6, -1.0, 1.0, 9);
    w.col(2).setZero();
    const MappedBlock block = map_block(w, options(MappingScheme::differential, 16));
    CHECK((block.arrays[0].col(2).array() == 1e-6).all());
    CHECK((block.arrays[1].col(2).array() == 1e-6).all());
    CHECK(decoded_weights(block).col(2).isZero(0.0));
    // Every weight uses one side only; the other stays at g_off exactly.
    CHECK(((block.arrays[0].array() == 1e-6) || (block.arrays[1].array() == 1e-6)).all());
}

TEST_CASE("quantisation to N levels stays within its bound, which is reached", "[partition][unit]") {
    const auto scheme = GENERATE(MappingScheme::differential, MappingScheme::reference);
    const int levels = GENERATE(2, 5, 16, 256);
    CAPTURE(levels);
    const RowMajorMatrix w = test::random_matrix(40, 40, -1.0, 1.0, 17);
    const double w_max = w.cwiseAbs().maxCoeff();
    // Weight step: differential spends N-1 steps on [0, w_max], reference on [-w_max, w_max].
    const double step = (scheme == MappingScheme::differential ? 1.0 : 2.0) * w_max / (levels - 1);
    const MappedBlock block = map_block(w, options(scheme, levels));
    const RowMajorMatrix decoded = decoded_weights(block);
    const double error = (decoded - w).cwiseAbs().maxCoeff();
    CHECK(error <= step / 2 * (1 + 1e-9));
    CHECK(error >= 0.4 * step);  // 1600 random weights land near a mid-point
    // Decoded weights sit on the grid of steps (offset -w_max for reference).
    const double offset = scheme == MappingScheme::differential ? 0.0 : w_max;
    for (Eigen::Index k = 0; k < decoded.size(); ++k) {
        const double steps = (decoded.data()[k] + offset) / step;
        CHECK(std::abs(steps - std::round(steps)) <= 1e-6);
    }
}

TEST_CASE("conductance levels are evenly spaced between g_off and g_on", "[partition][unit]") {
    const MappingOptions o = options(MappingScheme::differential, 3);
    CHECK(quantise_conductance(1e-6, o) == 1e-6);
    CHECK(quantise_conductance(1e-4, o) == 1e-4);
    CHECK(std::abs(quantise_conductance(4.9e-5, o) - 5.05e-5) <= 1e-18);
    CHECK(quantise_conductance(1e-3, o) == 1e-4);  // clamped to the range
}

TEST_CASE("mapping options are checked", "[partition][unit][bad-input]") {
    MappingOptions o = options(MappingScheme::differential, 1);
    CHECK_THROWS_AS(o.validate(), InputError);
    o.levels = 0;
    o.g_on = 1e-7;
    CHECK_THROWS_AS(o.validate(), InputError);
    CHECK_THROWS_AS(parse_mapping_scheme("diff", "--map"), InputError);
    CHECK(parse_mapping_scheme("reference", "--map") == MappingScheme::reference);
}
