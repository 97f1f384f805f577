#pragma once
// Single-cell access (read or write) of one selected cell (r, c) under the
// classic bias schemes, and what the rest of the array does meanwhile:
//
//   v2     selected row V, selected column 0, every other line V/2
//   v3     selected row V, selected column 0, other rows V/3, other columns 2V/3
//   float  selected row V, selected column 0 (sensed), every other line floating
//
// A cell on the selected row or column (but not the selected cell) is
// half-selected; the others are unselected. Under v2 the unselected cells
// see 0 V and the half-selected V/2; under v3 every non-selected cell sees
// V/3 in magnitude; under float the voltages follow from the sneak network.
// The sensed current is the selected column's terminal current: the
// selected cell's own current plus the sneak current through half-selected
// cells on that column, which is what limits the read margin.
#include "solver/linear_crossbar_solver.hpp"
#include "solver/nonlinear_crossbar_solver.hpp"

#include <string>

namespace memcosim::solver {

enum class BiasScheme { half_voltage, third_voltage, floating_lines };

[[nodiscard]] const char* to_string(BiasScheme scheme);  // "v2", "v3", "float"
// Throws InputError naming the choices.
[[nodiscard]] BiasScheme parse_bias_scheme(const std::string& name);

struct SelectedCell {
    Eigen::Index row = 0;
    Eigen::Index column = 0;
};

// Sets the boundary of `array` for accessing `cell` at `voltage`: the row
// inputs, column bias voltages and which lines float. Periphery resistances
// already on the array are kept (a real driver stays real). Throws
// InputError if the cell lies outside the array.
void apply_bias_scheme(CrossbarArray& array, BiasScheme scheme, SelectedCell cell, double voltage);

struct CellAccess {
    double cell_current = 0.0;           // through the selected cell, row -> column, amperes
    double sensed_current = 0.0;         // into the selected column's terminal
    double sneak_current = 0.0;          // sensed - cell: what the other cells add to the reading
    double half_selected_voltage = 0.0;  // largest |v| over the other cells of the selected row and column
    double unselected_voltage = 0.0;     // largest |v| over the remaining cells
    CrossbarSolution solution;

    // The largest |v| across any cell but the selected one: the disturb a
    // write pulse puts on its neighbours.
    [[nodiscard]] double disturb_voltage() const {
        return half_selected_voltage > unselected_voltage ? half_selected_voltage : unselected_voltage;
    }
};

// Linear (1R) cells of the array's conductances.
[[nodiscard]] CellAccess access_cell(CrossbarArray array, BiasScheme scheme, SelectedCell cell, double voltage,
                                     const LinearSolveOptions& options = {});

// Nonlinear cells (Newton, nonlinear_crossbar_solver.hpp); `array.conductance`
// only gives the size unless the evaluator uses it.
[[nodiscard]] CellAccess access_cell(CrossbarArray array, const CellEvaluator& cells, BiasScheme scheme,
                                     SelectedCell cell, double voltage, const NonlinearSolveOptions& options = {});

}  // namespace memcosim::solver
