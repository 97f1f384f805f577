// The tiled product against exact answers: no wires -> X W exactly, at any
// tiling; tiny wires -> X W within the quantisation bound, computed here from
// the weights alone; engines and read strategies against each other.
#include "core/error.hpp"
#include "partition/accuracy_metrics.hpp"
#include "partition/solver_tile_engine.hpp"
#include "partition/tiled_product.hpp"
#include "partition_fixtures.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim;
using namespace memcosim::partition;
using Catch::Matchers::ContainsSubstring;

namespace {

PartitionStrategy strategy(TileShape tile, MappingScheme scheme, int levels, WireResistance wires) {
    PartitionStrategy s;
    s.tile = tile;
    s.mapping.scheme = scheme;
    s.mapping.levels = levels;
    s.mapping.g_on = 1e-4;
    s.mapping.g_off = 1e-6;
    s.wires = wires;
    return s;
}

Eigen::MatrixXd product(const RowMajorMatrix& w, const Eigen::MatrixXd& x, const PartitionStrategy& s, TileEngine& e) {
    return run_tiled_product(w, x, s, e, {});
}

// |y_hat - y| <= sum over the tiles of a column of sum_i |x_i| * (largest
// weight error of the tile), from the weights alone.
Eigen::MatrixXd quantisation_bound(const RowMajorMatrix& w, const Eigen::MatrixXd& x, TileShape tile, double steps_per_half) {
    Eigen::MatrixXd bound = Eigen::MatrixXd::Zero(x.rows(), w.cols());
    for (Eigen::Index r0 = 0; r0 < w.rows(); r0 += tile.rows) {
        for (Eigen::Index c0 = 0; c0 < w.cols(); c0 += tile.cols) {
            const Eigen::Index rows = std::min(tile.rows, w.rows() - r0), cols = std::min(tile.cols, w.cols() - c0);
            const double weight_error = w.block(r0, c0, rows, cols).cwiseAbs().maxCoeff() / steps_per_half;
            const Eigen::VectorXd input_mass = x.middleCols(r0, rows).cwiseAbs().rowwise().sum();
            bound.middleCols(c0, cols).colwise() += input_mass * weight_error;
        }
    }
    return bound;
}

}  // namespace

TEST_CASE("with ideal wires any tiling gives the untiled product", "[partition][unit]") {
    const auto scheme = GENERATE(MappingScheme::differential, MappingScheme::reference);
    const RowMajorMatrix w = test::random_matrix(50, 70, -2.0, 1.0, 1);
    const Eigen::MatrixXd x = test::random_inputs(5, 50, 2);
    const Eigen::MatrixXd exact = ideal_product(w, x);
    SolverTileEngine solver(solver::LinearMethod::automatic);
    IdealTileEngine ideal;
    for (TileShape tile : {TileShape{50, 70}, TileShape{16, 16}, TileShape{7, 33}}) {
        CAPTURE(to_string(tile));
        const auto s = strategy(tile, scheme, 0, {});
        CHECK(relative_max_difference(product(w, x, s, ideal), exact, exact) <= 1e-12);
        CHECK(relative_max_difference(product(w, x, s, solver), exact, exact) <= 1e-12);
    }
}

TEST_CASE("tiny wires reproduce X W within the quantisation bound", "[partition][unit]") {
    const auto scheme = GENERATE(MappingScheme::differential, MappingScheme::reference);
    const int levels = GENERATE(4, 32);
    CAPTURE(levels);
    const RowMajorMatrix w = test::random_matrix(48, 40, -1.0, 1.0, 11);
    const Eigen::MatrixXd x = test::random_inputs(4, 48, 12);
    const TileShape tile{16, 16};
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const Eigen::MatrixXd y = product(w, x, strategy(tile, scheme, levels, {1e-9, 1e-9}), solver);
    // A weight is off by at most half a step: w_max / (2 (N-1)) for
    // differential pairs, w_max / (N-1) with a reference column.
    const double halves = scheme == MappingScheme::differential ? 2.0 * (levels - 1) : double(levels - 1);
    const Eigen::MatrixXd bound = quantisation_bound(w, x, tile, halves);
    const Eigen::MatrixXd exact = ideal_product(w, x);
    const double slack = 1e-8 * exact.cwiseAbs().maxCoeff();  // the 1e-9 ohm wires and the solver tolerance
    CHECK(((y - exact).cwiseAbs().array() <= bound.array() + slack).all());
    CHECK((y - exact).cwiseAbs().maxCoeff() > 1e-3 * bound.maxCoeff());  // quantisation is really there
}

TEST_CASE("differential pairs cancel", "[partition][unit]") {
    RowMajorMatrix w = test::random_matrix(32, 32, -1.0, 1.0, 21);
    const Eigen::MatrixXd x = test::random_inputs(3, 32, 22);
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const auto s = strategy({16, 16}, MappingScheme::differential, 0, {5.0, 5.0});
    // -W swaps the two arrays of every pair: the outputs negate, IR drop and all.
    const Eigen::MatrixXd y = product(w, x, s, solver);
    CHECK(relative_max_difference(y, -product(-w, x, s, solver), y) <= 1e-12);
    // A zero weight is g_off on both sides: with ideal wires it adds nothing.
    w.col(5).setZero();
    IdealTileEngine ideal;
    const Eigen::MatrixXd z = product(w, x, strategy({16, 16}, MappingScheme::differential, 8, {}), ideal);
    CHECK(z.col(5).cwiseAbs().maxCoeff() <= 1e-14 * z.cwiseAbs().maxCoeff());
}

TEST_CASE("the PCG engine with reused set-up agrees with direct factorization", "[partition][unit]") {
    const RowMajorMatrix w = test::random_matrix(40, 40, -1.0, 1.0, 31);
    const Eigen::MatrixXd x = test::random_inputs(3, 40, 32);
    const auto s = strategy({20, 20}, MappingScheme::reference, 0, {2.0, 1.0});
    SolverTileEngine pcg(solver::LinearMethod::multigrid_pcg), direct(solver::LinearMethod::direct);
    const Eigen::MatrixXd a = product(w, x, s, pcg), b = product(w, x, s, direct);
    CHECK(relative_max_difference(a, b, b) <= 1e-8);
    // And the wires do cost accuracy.
    CHECK(relative_max_difference(a, ideal_product(w, x), ideal_product(w, x)) > 1e-3);
}

TEST_CASE("reading by superposition equals reading every vector", "[partition][unit]") {
    CrossbarArray array;
    array.conductance = test::random_matrix(6, 9, 1e-6, 1e-4, 41);
    array.row_wire_resistance = 3.0;
    array.column_wire_resistance = 2.0;
    const SingleRead read = [&](const Eigen::VectorXd& v) {
        array.inputs = v;
        return Eigen::VectorXd(solver::solve_linear_crossbar(array).column_currents);
    };
    Eigen::MatrixXd v = test::random_inputs(20, 6, 42).transpose();  // 20 vectors > 6 rows
    v.col(4).setZero();
    const Eigen::MatrixXd a = read_by_superposition(9, v, read), b = read_each(9, v, read);
    CHECK(relative_max_difference(a, b, b) <= 1e-10);
    CHECK(a.col(4).isZero(0.0));
}

TEST_CASE("IR drop grows with the tile", "[partition][unit]") {
    const RowMajorMatrix w = test::random_matrix(64, 64, -1.0, 1.0, 51);
    const Eigen::MatrixXd x = test::random_inputs(4, 64, 52).cwiseAbs();
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    const Eigen::MatrixXd exact = ideal_product(w, x);
    double previous = 0.0;
    for (Eigen::Index size : {16, 32, 64}) {
        const auto s = strategy({size, size}, MappingScheme::differential, 0, {1.0, 1.0});
        const double error = compare_outputs(exact, product(w, x, s, solver)).worst_relative;
        CAPTURE(size, error);
        CHECK(error > previous);
        previous = error;
    }
}

TEST_CASE("inputs of the wrong width are refused", "[partition][unit][bad-input]") {
    const RowMajorMatrix w = test::random_matrix(8, 8, -1.0, 1.0, 61);
    IdealTileEngine ideal;
    CHECK_THROWS_WITH(product(w, test::random_inputs(2, 7, 62), strategy({4, 4}, MappingScheme::differential, 0, {}), ideal),
                      ContainsSubstring("7 values but the matrix has 8 rows"));
    CHECK_THROWS_AS(product(w, test::random_inputs(2, 8, 62), strategy({4, 4}, MappingScheme::differential, 0, {1.0, 0.0}), ideal),
                    InputError);
}
