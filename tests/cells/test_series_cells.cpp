// The pieces of the fast path against closed forms: the compact transistor
// (its derivatives against central differences, its strong-inversion limit
// against the square law) and the series elimination (two resistors: the
// series conductance; a resistor and a square-law transistor in saturation).
#include "solver/compact_transistor.hpp"
#include "solver/series_cell.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace memcosim;

TEST_CASE("compact transistor: exact derivatives and the square-law limit", "[cells][transistor]") {
    solver::CompactTransistor t;
    t.vt0 = 0.45;
    t.body = 0.25;
    t.m = 1.2;
    t.beta = 3e-4;
    t.lambda = 0.08;
    t.theta = 0.3;
    for (double vg : {0.2, 0.6, 1.0}) {
        for (double vs : {0.0, 0.05, 0.2}) {
            for (double vds : {-0.3, 0.01, 0.2, 0.9}) {
                const double vd = vs + vds, h = 1e-6;
                const auto e = solver::evaluate(t, vg, vd, vs);
                const double dd = (solver::evaluate(t, vg, vd + h, vs).current -
                                   solver::evaluate(t, vg, vd - h, vs).current) / (2 * h);
                const double ds = (solver::evaluate(t, vg, vd, vs + h).current -
                                   solver::evaluate(t, vg, vd, vs - h).current) / (2 * h);
                const double scale = std::abs(e.d_drain) + std::abs(e.d_source) + 1e-12;
                CHECK(std::abs(e.d_drain - dd) <= 1e-5 * scale);
                CHECK(std::abs(e.d_source - ds) <= 1e-5 * scale);
            }
        }
    }
    // Strong inversion, no lambda/theta, vgt = vg - vs - vt0 - body vs: saturation
    // beta vgt^2 / (2 m), linear region beta (vgt - m vds / 2) vds, up to exp(-vgt / (2 a Ut)) terms.
    solver::CompactTransistor square = t;
    square.lambda = 0.0;
    square.theta = 0.0;
    const double vg = 2.5, vs = 0.1, vgt = vg - vs - square.vt0 - square.body * vs;
    const double saturated = solver::evaluate(square, vg, 2.5, vs).current;
    CHECK(std::abs(saturated - square.beta * vgt * vgt / (2.0 * square.m)) <= 1e-9 * saturated);
    const double vd = 0.3, vds = vd - vs;
    const double linear = solver::evaluate(square, vg, vd, vs).current;
    CHECK(std::abs(linear - square.beta * (vgt - 0.5 * square.m * vds) * vds) <= 1e-9 * linear);
    // Symmetric: swapping drain and source reverses the current.
    CHECK(solver::evaluate(t, 1.0, 0.0, 0.2).current == -solver::evaluate(t, 1.0, 0.2, 0.0).current);
}

TEST_CASE("series elimination of two resistors gives the series conductance", "[cells][series]") {
    const double g1 = 2e-4, g2 = 5e-5;
    const solver::MemoryLaw memory = [&](Eigen::Index, double v, double& i, double& g) {
        g = g1;
        i = g1 * v;
    };
    const solver::AccessLaw access = [&](Eigen::Index, double a, double c, double& i, double& da, double& dc) {
        i = g2 * (a - c);
        da = g2;
        dc = -g2;
    };
    const auto p = solver::solve_series_pair(0, 0.7, 0.1, 0.0, memory, access);
    const double g = g1 * g2 / (g1 + g2);
    CHECK(std::abs(p.current - g * 0.6) <= 1e-13 * g * 0.6);
    CHECK(std::abs(p.slope - g) <= 1e-12 * g);
    CHECK(std::abs(p.internal - (0.1 + 0.6 * g1 / (g1 + g2))) <= 1e-12);

    // The batched evaluator, cold and warm, on a 2 x 3 array.
    const auto cells = solver::series_cell_evaluator(2, 3, memory, access);
    RowMajorMatrix v = RowMajorMatrix::Constant(2, 3, 0.5), column = RowMajorMatrix::Constant(2, 3, 0.02), i, di;
    cells(v, column, i, di);
    cells(v, column, i, di);
    CHECK((i.array() - g * 0.5).abs().maxCoeff() <= 1e-13 * g * 0.5);
}

TEST_CASE("series elimination: resistor and a transistor in its linear region", "[cells][series]") {
    // 1 kohm above a square-law transistor (gate 3 V, vgt = 2.5 V): g (1 - m) = beta (vgt - m/2) m,
    // so beta/2 m^2 - (vgt beta + g) m + g = 0 for the internal node m.
    solver::CompactTransistor t;
    t.vt0 = 0.5;
    t.body = 0.0;
    t.m = 1.0;
    t.beta = 1e-4;
    const double g = 1e-3, vgt = 2.5;
    const solver::MemoryLaw memory = [&](Eigen::Index, double v, double& i, double& s) {
        s = g;
        i = g * v;
    };
    const solver::AccessLaw access = [&](Eigen::Index, double a, double c, double& i, double& da, double& dc) {
        const auto e = solver::evaluate(t, 3.0, a, c);
        i = e.current;
        da = e.d_drain;
        dc = e.d_source;
    };
    const auto p = solver::solve_series_pair(0, 1.0, 0.0, 0.5, memory, access);
    const double b = vgt * t.beta + g;
    const double m = (b - std::sqrt(b * b - 2.0 * t.beta * g)) / t.beta;
    CHECK(std::abs(p.internal - m) <= 1e-9);
    CHECK(std::abs(p.current - g * (1.0 - m)) <= 1e-9 * p.current);
    CHECK(std::abs(p.current - solver::evaluate(t, 3.0, p.internal, 0.0).current) <= 1e-9 * p.current);
}
