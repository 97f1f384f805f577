#include "solver/nonlinear_crossbar_solver.hpp"

#include "core/error.hpp"
#include "solver/line_potentials.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

struct NewtonState {
    CrossbarArray linearised;  // conductance = g, cell_source_currents = J
    RowMajorMatrix voltage, column, current, conductance;  // column: the column node potentials
};

// Linearise every cell at its present voltage.
void linearise(const ColumnAwareCellEvaluator& cells, const NonlinearSolveOptions& options, NewtonState& state) {
    cells(state.voltage, state.column, state.current, state.conductance);
    if (!state.current.allFinite() || !state.conductance.allFinite()) {
        throw EngineError("nonlinear crossbar: a cell model returned a non-finite current or conductance");
    }
    state.linearised.conductance = state.conductance.cwiseMax(options.minimum_conductance);
    state.linearised.cell_source_currents =
        state.current - state.linearised.conductance.cwiseProduct(state.voltage);
}

// Moves the cell voltages toward the linear solution, no cell by more than
// max_voltage_step; returns the largest step taken and where.
double take_step(const CrossbarSolution& linear, const NonlinearSolveOptions& options, RowMajorMatrix& voltage,
                 Eigen::Index& worst) {
    const RowMajorMatrix target = linear.row_voltages - linear.column_voltages;
    double largest = 0.0;
    for (Eigen::Index k = 0; k < voltage.size(); ++k) {
        const double step = std::clamp(target.data()[k] - voltage.data()[k], -options.max_voltage_step,
                                       options.max_voltage_step);
        voltage.data()[k] += step;
        if (std::abs(step) > largest) {
            largest = std::abs(step);
            worst = k;
        }
    }
    return largest;
}

// KCL check at the new point: the cells' true currents against the
// linearised ones the column currents were computed with.
double kcl_mismatch(const ColumnAwareCellEvaluator& cells, NewtonState& state) {
    RowMajorMatrix true_current(state.voltage.rows(), state.voltage.cols());
    RowMajorMatrix unused(state.voltage.rows(), state.voltage.cols());
    cells(state.voltage, state.column, true_current, unused);
    const RowMajorMatrix linear_current = state.linearised.conductance.cwiseProduct(state.voltage) +
                                          state.linearised.cell_source_currents;
    return (true_current - linear_current).colwise().sum().cwiseAbs().maxCoeff();
}

// The ideal-wire state: every cell sees its row's potential minus its
// column's. With the default periphery that is V_i - 0; otherwise (floating
// lines, driver or load resistances) the line potentials of the cells
// linearised at 0 V, a start that already splits the voltage among the
// lines roughly as the solution will.
void set_initial_point(const CrossbarArray& array, const ColumnAwareCellEvaluator& cells,
                       const NonlinearSolveOptions& options, NewtonState& state) {
    if (array.default_periphery()) {
        state.voltage = array.inputs.replicate(1, array.cols());
        state.column = RowMajorMatrix::Zero(array.rows(), array.cols());
        return;
    }
    NewtonState at_zero;
    at_zero.linearised = array;
    at_zero.voltage = RowMajorMatrix::Zero(array.rows(), array.cols());
    at_zero.column = RowMajorMatrix::Zero(array.rows(), array.cols());
    at_zero.current.resize(array.rows(), array.cols());
    at_zero.conductance.resize(array.rows(), array.cols());
    linearise(cells, options, at_zero);
    at_zero.linearised.validate();
    const auto lines = detail::ideal_wire_line_potentials(at_zero.linearised, 1e-12, 1000);
    state.column = lines.columns.transpose().replicate(array.rows(), 1);
    state.voltage = lines.rows.replicate(1, array.cols()) - state.column;
}

// How far the column node potentials moved in this step (they enter a
// column-aware cell lagged, so they must settle too).
double column_change(const CrossbarSolution& linear, RowMajorMatrix& column) {
    const double change = (linear.column_voltages - column).cwiseAbs().maxCoeff();
    column = linear.column_voltages;
    return change;
}

}  // namespace

NonlinearCrossbarSolution solve_nonlinear_crossbar(const CrossbarArray& array, const CellEvaluator& cells,
                                                   const NonlinearSolveOptions& options) {
    const ColumnAwareCellEvaluator ignoring_columns =
        [&cells](const RowMajorMatrix& v, const RowMajorMatrix&, RowMajorMatrix& i, RowMajorMatrix& g) {
            cells(v, i, g);
        };
    return solve_nonlinear_crossbar(array, ignoring_columns, options);
}

NonlinearCrossbarSolution solve_nonlinear_crossbar(const CrossbarArray& array, const ColumnAwareCellEvaluator& cells,
                                                   const NonlinearSolveOptions& options) {
    NewtonState state;
    state.linearised = array;
    set_initial_point(array, cells, options, state);
    state.current.resize(array.rows(), array.cols());
    state.conductance.resize(array.rows(), array.cols());
    NonlinearCrossbarSolution result;
    Eigen::Index worst = 0;
    for (int iteration = 1; iteration <= options.max_newton_iterations; ++iteration) {
        linearise(cells, options, state);
        result.solution = solve_linear_crossbar(state.linearised, options.linear);
        result.linear_iterations += result.solution.iterations;
        result.largest_voltage_step = take_step(result.solution, options, state.voltage, worst);
        const double column_step = column_change(result.solution, state.column);
        result.newton_iterations = iteration;
        if (options.progress) options.progress(iteration, result.largest_voltage_step);
        if (std::max(result.largest_voltage_step, column_step) > options.voltage_tolerance) continue;
        const double scale = std::max(result.solution.column_currents.cwiseAbs().maxCoeff(), 1e-300);
        if (kcl_mismatch(cells, state) <= options.current_tolerance * scale) return result;
    }
    throw EngineError(fmt::format(
        "nonlinear crossbar: Newton did not converge in {} iterations (last step {:.3e} V at row {}, column {})",
        options.max_newton_iterations, result.largest_voltage_step, worst / array.cols(), worst % array.cols()));
}

}  // namespace memcosim::solver
