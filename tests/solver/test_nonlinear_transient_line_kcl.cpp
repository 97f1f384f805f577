// The nonlinear transient's convergence test on each whole line's KCL
// (solver/nonlinear_transient.hpp): a chord Newton that tests only the
// update can stop on a line held by picoamperes while that line is far
// off, because a stale factorization (from when a cell still conducted)
// makes the update on it look small. A 2x2 array with one floating column
// shows it: cell (0,1) conducts (0.1 mS) only while that column is below
// 0.5 V, as an access transistor whose source is the column does, and a
// 1 pS leak to a grounded row is all that holds the column otherwise. The
// row ramps to 1 V over 1 ns, so the column should stop near 0.5 V.
#include "core/error.hpp"
#include "solver/nonlinear_transient.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>

using namespace memcosim;

namespace {

class CutOffCells final : public solver::TransientCells {
public:
    void begin_step(double, bool) override {}
    void accept() override {}
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix& column, RowMajorMatrix& i,
                  RowMajorMatrix& g) override {
        i.resize(2, 2);
        g.resize(2, 2);
        i(0, 0) = 1e-4 * v(0, 0);
        g(0, 0) = 1e-4;
        i(1, 0) = 1e-4 * v(1, 0);
        g(1, 0) = 1e-4;
        i(1, 1) = 1e-12 * v(1, 1);
        g(1, 1) = 1e-12;
        // On below 0.5 V on the column, off above: a logistic of 56 uV (the
        // compact transistor's cut-off scale); the column dependence is lagged.
        const double x = (0.5 - column(0, 1)) / 56e-6;
        const double on = x >= 0.0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
        i(0, 1) = 1e-4 * v(0, 1) * on;
        g(0, 1) = 1e-4 * on;
    }
};

solver::NonlinearTransientResult run(double current_abstol) {
    CrossbarArray a;
    a.conductance = RowMajorMatrix::Constant(2, 2, 1e-4);
    a.row_wire_resistance = a.column_wire_resistance = 1.0;
    a.inputs = Eigen::VectorXd::Zero(2);
    a.inputs(0) = 1.0;
    a.column_terminations.assign(2, LineTermination{});
    a.column_terminations[1].floating = true;
    const solver::TransientDrive drive{[](double t) { return std::min(t / 1e-9, 1.0); }, {1e-9}, false};
    solver::NonlinearTransientSettings s;
    s.step = 1e-10;
    s.stop = 2e-9;
    s.voltage_tolerance = 1e-5;  // loose, as a float write once used
    s.current_abstol = current_abstol;
    CutOffCells cells;
    return solver::simulate_nonlinear_transient(a, drive, cells, s);
}

}  // namespace

TEST_CASE("chord Newton: a line held by picoamperes cannot converge falsely past the line-KCL test",
          "[solver][transient][float]") {
    // Without the line test (its tolerance made huge) the kept factorization
    // accepts the column at the row's 1 V, half a volt from where the cell
    // cuts off: the false fixed point exists.
    const auto unchecked = run(1e99);
    const double column = 1.0 - unchecked.final_cell_voltages(0, 1);
    INFO("column without the line test: " << column << " V");
    CHECK(column > 0.9);
    // With it that point is refused; this lagged cell then has no Newton
    // fix at all, so the run stops with an error naming the column instead
    // of returning the wrong potential.
    CHECK_THROWS_WITH(run(1e-14), Catch::Matchers::ContainsSubstring("column node (0, 1)") &&
                                      Catch::Matchers::ContainsSubstring("does not converge"));
}
