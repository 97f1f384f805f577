// Single-cell access under the v2, v3 and float bias schemes against their
// closed forms, read margins against sneak paths, and how much a
// selector-like nonlinear cell buys.
//
// Closed forms. An N x M array (N rows, M columns), every cell G_b except
// the selected one, G_s; read voltage V; ideal wires, so every line is one
// node and each cell sees its row's voltage minus its column's.
//
//   v2: rows V (selected) and V/2, columns 0 (selected) and V/2. The sensed
//       column holds the selected cell at V and N-1 half-selected cells at
//       V/2 - 0; every unselected cell sees V/2 - V/2 = 0. So
//         I_sense = G_s V + (N-1) G_b V/2,   sneak = (N-1) G_b V/2,
//         half-selected |v| = V/2,           unselected |v| = 0.
//   v3: rows V and V/3, columns 0 and 2V/3: the N-1 half-selected cells of
//       the sensed column see V/3, those of the selected row V - 2V/3 = V/3,
//       the unselected ones V/3 - 2V/3 = -V/3. So
//         I_sense = G_s V + (N-1) G_b V/3,   sneak = (N-1) G_b V/3,
//         half-selected |v| = unselected |v| = V/3.
//   float: only the selected row (V) and column (0) are driven. By symmetry
//       every floating row sits at a and every floating column at c. KCL on
//       a floating row: G_b a + (M-1) G_b (a - c) = 0; on a floating column:
//       G_b (V - c) + (N-1) G_b (a - c) = 0. Hence
//         c = M V / (N + M - 1),   a = (M-1) V / (N + M - 1),
//       and the sneak current through the N-1 floating rows into the sensed
//       column is (N-1) G_b a = G_b V (N-1)(M-1) / (N + M - 1): the classic
//       series network of (M-1) cells in parallel (selected row to the
//       floating columns), (N-1)(M-1) cells in parallel (floating columns to
//       floating rows) and (N-1) cells in parallel (floating rows to the
//       sensed column). Half-selected cells see V - c = (N-1) V / (N+M-1)
//       on the selected row and a = (M-1) V / (N+M-1) on the selected
//       column; unselected ones a - c = -V / (N+M-1).
//
// Read margin (sneak_analysis.hpp) with G_s = G_on or G_off and G_b = G_on:
//   margin = (G_on - G_off) V / (G_on V + S) = (1 - G_off/G_on) / (1 + S / (G_on V))
// with S the sneak current above.
#include "core/error.hpp"
#include "solver/bias_scheme.hpp"
#include "solver/sneak_analysis.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>

using namespace memcosim;
using Catch::Matchers::ContainsSubstring;
using solver::BiasScheme;
using solver::LinearMethod;

namespace {

struct ClosedForm {
    double sneak, half_selected, unselected;  // amperes, volts, volts
};

// The closed forms above for the non-selected cells (G_b everywhere).
ClosedForm closed_form(BiasScheme scheme, double N, double M, double G_b, double V) {
    switch (scheme) {
        case BiasScheme::half_voltage: return {(N - 1) * G_b * V / 2, V / 2, 0.0};
        case BiasScheme::third_voltage: return {(N - 1) * G_b * V / 3, V / 3, V / 3};
        case BiasScheme::floating_lines:
            return {G_b * V * (N - 1) * (M - 1) / (N + M - 1), V * std::max(N - 1, M - 1) / (N + M - 1),
                    V / (N + M - 1)};
    }
    return {};
}

CrossbarArray uniform_array(Eigen::Index rows, Eigen::Index cols, double g_b, solver::SelectedCell cell, double g_s,
                            double r_wire) {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(rows, cols, g_b);
    array.conductance(cell.row, cell.column) = g_s;
    array.inputs = Eigen::VectorXd::Zero(rows);
    array.row_wire_resistance = r_wire;
    array.column_wire_resistance = r_wire;
    return array;
}

bool close(double value, double expected, double relative, double absolute) {
    return std::abs(value - expected) <= relative * std::abs(expected) + absolute;
}

}  // namespace

TEST_CASE("bias schemes meet their closed forms", "[solver][bias][closed-form]") {
    const BiasScheme scheme = GENERATE(BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines);
    const auto [rows, cols, r, c] = GENERATE(table<Eigen::Index, Eigen::Index, Eigen::Index, Eigen::Index>(
        {{7, 5, 0, 4}, {7, 5, 6, 0}, {16, 16, 3, 9}, {33, 20, 32, 19}, {1, 6, 0, 2}, {6, 1, 4, 0}}));
    // Ideal wires exactly (line potentials), and 1 nohm wires through both
    // full solvers, whose IR drop (~ r G N^2 < 1e-13) is below the tolerance.
    struct Engine {
        double r_wire;
        LinearMethod method;
        double tolerance;
    };
    const Engine engine =
        GENERATE(Engine{0.0, LinearMethod::automatic, 1e-12}, Engine{1e-9, LinearMethod::direct, 1e-9},
                 Engine{1e-9, LinearMethod::multigrid_pcg, 1e-9});
    const double g_b = 2e-5, g_s = 7e-5, V = 0.3;
    const auto array = uniform_array(rows, cols, g_b, {r, c}, g_s, engine.r_wire);
    solver::LinearSolveOptions options;
    options.method = engine.method;
    const auto access = solver::access_cell(array, scheme, {r, c}, V, options);
    const ClosedForm expected = closed_form(scheme, double(rows), double(cols), g_b, V);
    CAPTURE(solver::to_string(scheme), rows, cols, r, c, engine.r_wire, to_string(engine.method));
    const double tol = engine.tolerance;
    CHECK(close(access.cell_current, g_s * V, tol, 0.0));
    CHECK(close(access.sneak_current, expected.sneak, tol, tol * g_s * V));
    CHECK(close(access.sensed_current, g_s * V + expected.sneak, tol, 0.0));
    // A single row or column has no cell of one kind or the other.
    const double half = rows * cols > 1 ? expected.half_selected : 0.0;
    const double unselected = rows > 1 && cols > 1 ? expected.unselected : 0.0;
    if (scheme == BiasScheme::floating_lines && (rows == 1 || cols == 1)) {
        CHECK(close(access.sneak_current, 0.0, 0.0, tol * g_s * V));
    } else {
        CHECK(close(access.half_selected_voltage, half, tol, tol * V));
        CHECK(close(access.unselected_voltage, unselected, tol, tol * V));
    }
}

TEST_CASE("read margins of 1R arrays meet the closed forms", "[solver][bias][sneak][closed-form]") {
    const BiasScheme scheme = GENERATE(BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines);
    const Eigen::Index n = GENERATE(2, 8, 32, 100);
    solver::SneakSettings settings;
    settings.scheme = scheme;
    settings.g_on = 1e-4;
    settings.g_off = 1e-6;
    settings.v_read = 0.2;
    const auto point = solver::analyse_read(n, settings);
    const ClosedForm form = closed_form(scheme, double(n), double(n), settings.g_on, settings.v_read);
    const double margin =
        (1.0 - settings.g_off / settings.g_on) / (1.0 + form.sneak / (settings.g_on * settings.v_read));
    CAPTURE(solver::to_string(scheme), n);
    CHECK(close(point.read_margin, margin, 1e-12, 0.0));
    CHECK(close(point.sneak_current, form.sneak, 1e-12, 0.0));
    CHECK(close(point.on_current, settings.g_on * settings.v_read + form.sneak, 1e-12, 0.0));
    CHECK(close(point.off_current, settings.g_off * settings.v_read + form.sneak, 1e-12, 0.0));
}

TEST_CASE("wire resistance only lowers a 1R read margin", "[solver][bias][sneak]") {
    const BiasScheme scheme = GENERATE(BiasScheme::half_voltage, BiasScheme::floating_lines);
    solver::SneakSettings ideal;
    ideal.scheme = scheme;
    ideal.g_on = 1e-5;
    ideal.g_off = 1e-7;
    auto wired = ideal;
    wired.r_wire = 2.0;
    double previous = 1.0;
    for (Eigen::Index n : {8, 32, 128}) {
        const double with_wires = solver::analyse_read(n, wired).read_margin;
        const double without = solver::analyse_read(n, ideal).read_margin;
        CAPTURE(solver::to_string(scheme), n, with_wires, without);
        CHECK(with_wires < without);
        CHECK(with_wires > 0.5 * without);  // 2 ohm against 100 kohm cells: a modest loss
        CHECK(without < previous);          // sneak paths grow with the array
        previous = without;
    }
}

// A selector-like cell, I(v) = g V sinh(v/v0) / sinh(V/v0) (it passes g V at
// the read voltage V like a 1R cell of conductance g), read under v2 with
// ideal wires: every cell's voltage is fixed by the bias, so with
// f(v) = sinh(v/v0) / sinh(V/v0) and K = f(V) / f(V/2) = I(V) / I(V/2),
//   I_sense = G_s V + (N-1) G_on V / K,
//   margin  = (1 - G_off/G_on) / (1 + (N-1)/K).
// A linear cell is K = 2, so the selector multiplies the margin by
//   (1 + (N-1)/2) / (1 + (N-1)/K),
// which grows with N toward K/2: the selector's I(V)/I(V/2) ratio, relative
// to a resistor's, is what it buys once sneak currents dominate. With wires
// the prediction holds while the IR drop is small (r G_on N^2 << 1); the
// selector then gains a little more, since its smaller sneak currents also
// drop less voltage on the wires.
TEST_CASE("a sinh selector improves the v2 read margin as I(V)/I(V/2) predicts", "[solver][bias][sneak][nonlinear]") {
    const double K = GENERATE(10.0, 100.0);
    const Eigen::Index n = GENERATE(16, 64);
    // Ideal wires: exact up to Newton's tolerance. 1 ohm wires against
    // 100 kohm cells (r G_on N^2 <= 0.04): within 5 %.
    const double r_wire = GENERATE(0.0, 1.0);
    solver::SneakSettings linear;
    linear.g_on = 1e-5;
    linear.g_off = 1e-7;
    linear.v_read = 1.0;
    linear.r_wire = r_wire;
    auto selector = linear;
    selector.cell = solver::sinh_selector_cell(solver::sinh_v0_for_ratio(linear.v_read, K), linear.v_read);
    const auto with_selector = solver::analyse_read(n, selector);
    const auto without = solver::analyse_read(n, linear);
    const double N = double(n);
    const double predicted = (1.0 + (N - 1.0) / 2.0) / (1.0 + (N - 1.0) / K);
    const double improvement = with_selector.read_margin / without.read_margin;
    CAPTURE(K, n, r_wire, with_selector.read_margin, without.read_margin, improvement, predicted);
    CHECK(improvement > 1.0);
    CHECK(close(improvement, predicted, r_wire == 0.0 ? 1e-8 : 5e-2, 0.0));
    if (r_wire == 0.0) {
        const double margin = (1.0 - linear.g_off / linear.g_on) / (1.0 + (N - 1.0) / K);
        CHECK(close(with_selector.read_margin, margin, 1e-8, 0.0));
        CHECK(close(with_selector.disturb_voltage, 0.5, 1e-9, 0.0));
    }
}

namespace {

// x with h(x) = 0 for increasing h on [lo, hi], by bisection.
template <class F>
double bisect(F h, double lo, double hi) {
    for (int k = 0; k < 200; ++k) {
        const double mid = 0.5 * (lo + hi);
        (h(mid) > 0.0 ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

TEST_CASE("nonlinear cells under the float scheme meet the symmetric sneak network", "[solver][bias][nonlinear]") {
    // Ideal wires, uniform cells I = F(v), odd and increasing. Floating rows
    // sit at a, floating columns at c (symmetry); KCL on them:
    //   row:    F(a) + (M-1) F(a - c) = 0         (to the sensed column at 0)
    //   column: F(c - V) + (N-1) F(c - a) = 0     (from the selected row at V)
    // For each c the row equation fixes a (increasing in a); the column
    // equation is then increasing in c. Nested bisection solves it without
    // any of the solver's machinery.
    const Eigen::Index N = 9, M = 6;
    const double V = 0.8, g = 1e-5;
    const auto cell = solver::sinh_selector_cell(0.15, V);
    const auto F = [&](double v) {
        double i = 0.0, slope = 0.0;
        cell.curve(g, v, i, slope);
        return i;
    };
    const auto row_level = [&](double c) {
        return bisect([&](double a) { return F(a) + (M - 1) * F(a - c); }, 0.0, V);
    };
    const double c = bisect([&](double c) { return F(c - V) + (N - 1) * F(c - row_level(c)); }, 0.0, V);
    const double a = row_level(c);
    const double sneak = (N - 1) * F(a);

    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(N, M, g);
    array.inputs = Eigen::VectorXd::Zero(N);
    const auto access = solver::access_cell(array, solver::cell_evaluator(cell, array.conductance),
                                            BiasScheme::floating_lines, {2, 3}, V);
    CHECK(close(access.cell_current, F(V), 1e-9, 0.0));
    CHECK(close(access.sneak_current, sneak, 1e-7, 0.0));
    CHECK(close(access.solution.row_voltages(0, 0), a, 0.0, 1e-9));
    CHECK(close(access.solution.column_voltages(0, 0), c, 0.0, 1e-9));
}

TEST_CASE("bias schemes refuse bad input naming it", "[solver][bias][bad-input]") {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(8, 8, 1e-5);
    array.inputs = Eigen::VectorXd::Zero(8);
    array.row_wire_resistance = 1.0;
    array.column_wire_resistance = 1.0;
    CHECK_THROWS_WITH(solver::access_cell(array, BiasScheme::half_voltage, {8, 2}, 0.2),
                      ContainsSubstring("(row 8, column 2)") && ContainsSubstring("outside the 8x8 array"));
    CHECK_THROWS_AS(solver::access_cell(array, BiasScheme::floating_lines, {0, -1}, 0.2), InputError);
    CHECK_THROWS_WITH(solver::parse_bias_scheme("v4"),
                      ContainsSubstring("'v4'") && ContainsSubstring("v2, v3 or float"));
    CHECK(solver::parse_bias_scheme("v3") == BiasScheme::third_voltage);
    CHECK_THROWS_WITH(solver::sinh_v0_for_ratio(0.2, 2.0), ContainsSubstring("> 2"));
    solver::SneakSettings settings;
    settings.g_off = settings.g_on;
    CHECK_THROWS_WITH(solver::analyse_read(8, settings), ContainsSubstring("--g-off"));
    settings = {};
    settings.r_wire = -1.0;
    CHECK_THROWS_WITH(solver::analyse_read(8, settings), ContainsSubstring("--r-wire"));
    // A negative driver resistance kept through the scheme is still refused.
    array.row_drivers.assign(8, LineTermination{false, -10.0});
    CHECK_THROWS_WITH(solver::access_cell(array, BiasScheme::half_voltage, {1, 1}, 0.2),
                      ContainsSubstring("periphery resistance of row 0"));
}
