#include "solver/bias_scheme.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {

const char* to_string(BiasScheme scheme) {
    switch (scheme) {
        case BiasScheme::half_voltage: return "v2";
        case BiasScheme::third_voltage: return "v3";
        case BiasScheme::floating_lines: return "float";
    }
    return "unknown";
}

BiasScheme parse_bias_scheme(const std::string& name) {
    for (auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines}) {
        if (name == to_string(scheme)) return scheme;
    }
    throw InputError(fmt::format("bias scheme: unknown scheme '{}' (expected v2, v3 or float)", name));
}

namespace {

// Voltages of the unselected rows and columns; NaN: floating.
struct UnselectedLevels {
    double row, column;
};

UnselectedLevels unselected_levels(BiasScheme scheme, double v) {
    switch (scheme) {
        case BiasScheme::half_voltage: return {v / 2.0, v / 2.0};
        case BiasScheme::third_voltage: return {v / 3.0, 2.0 * v / 3.0};
        case BiasScheme::floating_lines: return {std::nan(""), std::nan("")};
    }
    return {0.0, 0.0};
}

void check_selected(const CrossbarArray& array, SelectedCell cell) {
    if (cell.row < 0 || cell.row >= array.rows() || cell.column < 0 || cell.column >= array.cols()) {
        throw InputError(fmt::format("bias scheme: selected cell (row {}, column {}) is outside the {}x{} array",
                                     cell.row, cell.column, array.rows(), array.cols()));
    }
}

}  // namespace

void apply_bias_scheme(CrossbarArray& array, BiasScheme scheme, SelectedCell cell, double voltage) {
    check_selected(array, cell);
    if (!std::isfinite(voltage)) throw InputError(fmt::format("bias scheme: voltage {} is not finite", voltage));
    const UnselectedLevels level = unselected_levels(scheme, voltage);
    array.row_drivers.resize(static_cast<std::size_t>(array.rows()));
    array.column_terminations.resize(static_cast<std::size_t>(array.cols()));
    array.inputs.resize(array.rows());
    array.column_bias.resize(array.cols());
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        const bool selected = i == cell.row;
        const double v = selected ? voltage : level.row;
        array.row_drivers[static_cast<std::size_t>(i)].floating = std::isnan(v);
        array.inputs(i) = std::isnan(v) ? 0.0 : v;  // ignored when floating
    }
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        const bool selected = j == cell.column;
        const double u = selected ? 0.0 : level.column;
        array.column_terminations[static_cast<std::size_t>(j)].floating = std::isnan(u);
        array.column_bias(j) = std::isnan(u) ? 0.0 : u;
    }
}

namespace {

// Fills everything but `solution` from the cell currents and voltages.
void summarise(const RowMajorMatrix& currents, const RowMajorMatrix& voltages, SelectedCell cell,
               const Eigen::VectorXd& column_currents, CellAccess& access) {
    access.cell_current = currents(cell.row, cell.column);
    access.sensed_current = column_currents(cell.column);
    access.sneak_current = access.sensed_current - access.cell_current;
    for (Eigen::Index i = 0; i < voltages.rows(); ++i) {
        for (Eigen::Index j = 0; j < voltages.cols(); ++j) {
            if (i == cell.row && j == cell.column) continue;
            const double v = std::abs(voltages(i, j));
            double& worst =
                (i == cell.row || j == cell.column) ? access.half_selected_voltage : access.unselected_voltage;
            worst = std::max(worst, v);
        }
    }
}

}  // namespace

CellAccess access_cell(CrossbarArray array, BiasScheme scheme, SelectedCell cell, double voltage,
                       const LinearSolveOptions& options) {
    apply_bias_scheme(array, scheme, cell, voltage);
    CellAccess access;
    access.solution = solve_linear_crossbar(array, options);
    const RowMajorMatrix voltages = access.solution.cell_voltages();
    RowMajorMatrix currents = array.conductance.cwiseProduct(voltages);
    if (array.cell_source_currents.size() != 0) currents += array.cell_source_currents;
    summarise(currents, voltages, cell, access.solution.column_currents, access);
    return access;
}

CellAccess access_cell(CrossbarArray array, const CellEvaluator& cells, BiasScheme scheme, SelectedCell cell,
                       double voltage, const NonlinearSolveOptions& options) {
    apply_bias_scheme(array, scheme, cell, voltage);
    CellAccess access;
    access.solution = solve_nonlinear_crossbar(array, cells, options).solution;
    const RowMajorMatrix voltages = access.solution.cell_voltages();
    RowMajorMatrix currents(voltages.rows(), voltages.cols());
    RowMajorMatrix unused(voltages.rows(), voltages.cols());
    cells(voltages, currents, unused);
    summarise(currents, voltages, cell, access.solution.column_currents, access);
    return access;
}

}  // namespace memcosim::solver
