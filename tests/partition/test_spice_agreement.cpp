// A whole partition in ngspice against the exact solver: 64x64 weights as 4
// tiles of 32x32 (differential pairs: 8 arrays) and with a reference column,
// two input vectors each; the outputs must agree within 1e-4 of full scale
// (they do to about 1e-7: both solve the same circuit).
#include "partition/cell_error_map.hpp"
#include "partition/solver_tile_engine.hpp"
#include "partition/spice_tile_engine.hpp"
#include "partition/strategy_evaluation.hpp"
#include "partition_fixtures.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

using namespace memcosim;
using namespace memcosim::partition;

namespace {

spice::Engine& ngspice() {
    static spice::Engine engine;
    return engine;
}

}  // namespace

TEST_CASE("ngspice and the solver agree on a tiled partition", "[partition][agreement]") {
    const auto scheme = GENERATE(MappingScheme::differential, MappingScheme::reference);
    const RowMajorMatrix w = test::random_matrix(64, 64, -1.0, 1.0, 71);
    const Eigen::MatrixXd x = test::random_inputs(2, 64, 72).cwiseAbs();
    PartitionStrategy strategy;
    strategy.tile = {32, 32};
    strategy.mapping = {scheme, 1e-4, 1e-6, 16};
    strategy.wires = {2.0, 1.0};
    strategy.devices.variation = {VariationKind::lognormal, 0.05};
    SpiceTileEngine spice_tiles(ngspice(), 70000);
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const StrategyReport report = evaluate_strategy({w, x, strategy, {}}, spice_tiles, &solver, {});
    REQUIRE(report.check_agreement.has_value());
    CAPTURE(to_string(scheme), *report.check_agreement);
    CHECK(*report.check_agreement <= 1e-4);
    CHECK(spice_tiles.runs() == std::size_t(4 * strategy.mapping.arrays_per_tile() * 2));
    // The IR drop itself is far above the disagreement.
    CHECK(report.error.worst_relative > 100 * *report.check_agreement);
}

TEST_CASE("ngspice and the solver give the same cell error map", "[partition][agreement]") {
    const RowMajorMatrix w = test::random_matrix(24, 24, -1.0, 1.0, 73);
    PartitionStrategy strategy;
    strategy.tile = {12, 12};
    strategy.mapping.scheme = MappingScheme::reference;
    strategy.wires = {5.0, 5.0};
    SpiceTileEngine spice_tiles(ngspice(), 70000);
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const Eigen::VectorXd x = Eigen::VectorXd::Ones(24);
    const RowMajorMatrix a = cell_error_map(w, x, strategy, spice_tiles);
    const RowMajorMatrix b = cell_error_map(w, x, strategy, solver);
    CHECK((a - b).cwiseAbs().maxCoeff() <= 1e-6 * b.cwiseAbs().maxCoeff());
    CHECK(b.maxCoeff() > 1e-3);
}
