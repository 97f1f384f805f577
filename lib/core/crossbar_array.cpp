#include "core/crossbar_array.hpp"

#include "core/error.hpp"
#include "core/positive_finite_scan.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim {

namespace {

// Either both wire resistances are finite and > 0, or both are exactly 0
// (ideal wires). One ideal family alone would make every line of it a single
// node while the other keeps its segments: a different circuit, not a limit
// the solvers' structure covers.
void validate_wires(const CrossbarArray& a) {
    if (a.ideal_wires()) return;
    if (!(a.row_wire_resistance > 0.0) || !std::isfinite(a.row_wire_resistance)) {
        throw InputError(fmt::format(
            "crossbar: --r-row must be a finite resistance > 0 ohm (or both wires 0 for ideal wires), got {}",
            a.row_wire_resistance));
    }
    if (!(a.column_wire_resistance > 0.0) || !std::isfinite(a.column_wire_resistance)) {
        throw InputError(fmt::format(
            "crossbar: --r-col must be a finite resistance > 0 ohm (or both wires 0 for ideal wires), got {}",
            a.column_wire_resistance));
    }
}

void validate_conductances(const CrossbarArray& a) {
    if (all_positive_finite(a.conductance.data(), static_cast<std::size_t>(a.conductance.size()))) return;
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            const double g = a.conductance(i, j);
            if (!(g > 0.0) || !std::isfinite(g)) {
                throw InputError(fmt::format(
                    "crossbar: conductance at row {}, column {} (line {} of the map) is {}: it must be > 0 S", i, j,
                    i + 1, g));
            }
        }
    }
}

void validate_terminations(const std::vector<LineTermination>& ends, Eigen::Index lines, const char* what) {
    if (ends.empty()) return;
    if (static_cast<Eigen::Index>(ends.size()) != lines) {
        throw InputError(fmt::format("crossbar: {} {} terminations for {} {}s", ends.size(), what, lines, what));
    }
    for (std::size_t k = 0; k < ends.size(); ++k) {
        const double r = ends[k].resistance;
        if (!(r >= 0.0) || !std::isfinite(r)) {
            throw InputError(fmt::format(
                "crossbar: periphery resistance of {} {} is {} ohm: it must be finite and >= 0", what, k, r));
        }
    }
}

// Every cell conducts (G > 0), so the rows and columns form one connected
// network; it has a unique solution unless no line reaches a source at all.
// That is the only singular case, and it would otherwise surface as NaNs.
void validate_not_floating(const CrossbarArray& a) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        if (!a.row_driver(i).floating) return;
    }
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
        if (!a.column_termination(j).floating) return;
    }
    throw InputError(fmt::format(
        "crossbar: singular: every row and every column of the {}x{} array is floating, so no node has a path to a "
        "source (drive a row or terminate a column)",
        a.rows(), a.cols()));
}

void validate_periphery(const CrossbarArray& a) {
    validate_terminations(a.row_drivers, a.rows(), "row");
    validate_terminations(a.column_terminations, a.cols(), "column");
    if (a.column_bias.size() != 0 && a.column_bias.size() != a.cols()) {
        throw InputError(
            fmt::format("crossbar: {} column bias voltages for {} columns", a.column_bias.size(), a.cols()));
    }
    for (Eigen::Index j = 0; j < a.column_bias.size(); ++j) {
        if (!std::isfinite(a.column_bias(j)))
            throw InputError(fmt::format("crossbar: column bias {} is not finite", j));
    }
    validate_not_floating(a);
}

}  // namespace

bool CrossbarArray::default_periphery() const {
    for (Eigen::Index i = 0; i < rows(); ++i) {
        if (row_driver(i).floating || row_driver(i).resistance != 0.0) return false;
    }
    for (Eigen::Index j = 0; j < cols(); ++j) {
        if (column_termination(j).floating || column_termination(j).resistance != 0.0) return false;
        if (column_bias_voltage(j) != 0.0) return false;
    }
    return true;
}

void CrossbarArray::validate() const {
    if (rows() < 1 || cols() < 1) throw InputError("crossbar: the array needs at least one row and one column");
    if (inputs.size() != rows()) {
        throw InputError(fmt::format("crossbar: {} input voltages for {} rows", inputs.size(), rows()));
    }
    validate_wires(*this);
    if (!(wire_capacitance >= 0.0) || !std::isfinite(wire_capacitance)) {
        throw InputError(fmt::format("crossbar: --c-wire must be >= 0 F, got {}", wire_capacitance));
    }
    validate_conductances(*this);
    if (cell_source_currents.size() != 0) {
        if (cell_source_currents.rows() != rows() || cell_source_currents.cols() != cols()) {
            throw InputError(fmt::format("crossbar: cell source currents are {}x{} for a {}x{} array",
                                         cell_source_currents.rows(), cell_source_currents.cols(), rows(), cols()));
        }
        if (!cell_source_currents.allFinite()) throw InputError("crossbar: a cell source current is not finite");
    }
    for (Eigen::Index i = 0; i < rows(); ++i) {
        if (!std::isfinite(inputs(i))) throw InputError(fmt::format("crossbar: input {} is not finite", i));
    }
    validate_periphery(*this);
}

Eigen::VectorXd CrossbarArray::ideal_column_currents() const {
    Eigen::VectorXd currents = conductance.transpose() * inputs;
    if (cell_source_currents.size() != 0) currents += cell_source_currents.colwise().sum().transpose();
    return currents;
}

}  // namespace memcosim
