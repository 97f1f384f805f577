// The write set-up shared by both engines (checks, bias, summary) and the
// SPICE engine; the solver engine is in array_write_solver.cpp.
#include "experiments/array_write.hpp"

#include "core/error.hpp"
#include "experiments/model_crossbar.hpp"
#include "experiments/array_write_pulse.hpp"
#include "experiments/dynamic_cells.hpp"
#include "generators/crossbar_generator.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::experiments {

bool ArrayWrite::is_selected(Eigen::Index i, Eigen::Index j) const {
    return std::find(selected_rows.begin(), selected_rows.end(), i) != selected_rows.end() &&
           std::find(selected_columns.begin(), selected_columns.end(), j) != selected_columns.end();
}

void validate(const ArrayWrite& write) {
    const auto& model = write.cell.model;
    if (model.state_count() == 0) {
        throw InputError(fmt::format("write: model '{}' has no states: a pulse cannot change it", model.name()));
    }
    validate(ModelCrossbar{write.array, write.cell, write.states});
    if (write.selected_rows.empty() || write.selected_columns.empty()) {
        throw InputError("write: select at least one row and one column");
    }
    for (auto i : write.selected_rows) {
        if (i < 0 || i >= write.array.rows()) {
            throw InputError(fmt::format("write: selected row {} is outside the {}x{} array (rows 0..{})", i,
                                         write.array.rows(), write.array.cols(), write.array.rows() - 1));
        }
    }
    for (auto j : write.selected_columns) {
        if (j < 0 || j >= write.array.cols()) {
            throw InputError(fmt::format("write: selected column {} is outside the {}x{} array (columns 0..{})", j,
                                         write.array.rows(), write.array.cols(), write.array.cols() - 1));
        }
    }
    if (!(write.array.wire_capacitance >= 0.0) || !std::isfinite(write.array.wire_capacitance)) {
        throw InputError(fmt::format("write: --c-wire must be >= 0 F, got {}", write.array.wire_capacitance));
    }
    if (write.array.wire_capacitance > 0.0 && write.array.ideal_wires()) {
        throw InputError("write: wire capacitance needs wire resistance > 0 (ideal wires have no nodes to charge)");
    }
    const WritePulse& p = write.pulse;
    if (!std::isfinite(p.voltage)) throw InputError(fmt::format("write: voltage {} is not finite", p.voltage));
    if (!(p.width > 0.0) || !std::isfinite(p.width)) {
        throw InputError(fmt::format("write: pulse width must be > 0 s, got {}", p.width));
    }
    if (!(p.rise > 0.0) || !(p.fall > 0.0) || !std::isfinite(p.rise) || !std::isfinite(p.fall)) {
        throw InputError(fmt::format("write: rise and fall times must be > 0 s, got {} and {}", p.rise, p.fall));
    }
}

CrossbarArray biased_array(const ArrayWrite& write) {
    CrossbarArray array = write.array;
    solver::apply_bias_scheme(array, write.scheme, {write.selected_rows.front(), write.selected_columns.front()},
                              write.pulse.voltage);
    // Further selected lines (a row write): driven like the first ones.
    for (auto i : write.selected_rows) {
        array.row_drivers[static_cast<std::size_t>(i)].floating = false;
        array.inputs(i) = write.pulse.voltage;
    }
    for (auto j : write.selected_columns) {
        array.column_terminations[static_cast<std::size_t>(j)].floating = false;
        array.column_bias(j) = 0.0;
    }
    return array;
}

netlist::Pulse unit_pulse(const WritePulse& pulse) {
    // A period well past the stop time: one pulse, read the same way by
    // ngspice (which treats a zero period as "the stop time") and by us.
    return netlist::Pulse{0.0, 1.0, 0.0, pulse.rise, pulse.fall, pulse.width, 10.0 * pulse.duration()};
}

WriteSummary summarise(const ArrayWrite& write, const WriteResult& result) {
    WriteSummary summary;
    const RowMajorMatrix delta = result.after.front() - result.before.front();
    double selected = -1.0, disturbed = -1.0;
    for (Eigen::Index i = 0; i < delta.rows(); ++i) {
        for (Eigen::Index j = 0; j < delta.cols(); ++j) {
            const double d = delta(i, j);
            if (write.is_selected(i, j)) {
                if (std::abs(d) > selected) {
                    selected = std::abs(d);
                    summary.selected_change = d;
                    summary.selected_row = i;
                    summary.selected_column = j;
                }
                continue;
            }
            summary.largest_unselected_voltage = std::max(summary.largest_unselected_voltage, result.peak_voltage(i, j));
            // Ties (no cell moved at all): the one that saw the most voltage.
            const bool worse = std::abs(d) > disturbed ||
                               (std::abs(d) == disturbed && result.peak_voltage(i, j) > summary.disturb_voltage);
            if (worse) {
                disturbed = std::abs(d);
                summary.disturb_change = d;
                summary.disturb_row = i;
                summary.disturb_column = j;
                summary.disturb_voltage = result.peak_voltage(i, j);
            }
        }
    }
    return summary;
}

namespace {

constexpr const char* cell_prefix = "xw";

std::string cell_instance(Eigen::Index i, Eigen::Index j) { return fmt::format("{}{}_{}", cell_prefix, i, j); }

}  // namespace

netlist::Circuit array_write_circuit(const ArrayWrite& write, const SpiceWriteOptions& options) {
    validate(write);
    const CrossbarArray array = biased_array(write);
    if (array.ideal_wires()) {
        throw InputError("write: the spice engine needs wire resistance > 0 (ideal wires have no SPICE resistor)");
    }
    if (options.points_per_pulse < 1) throw InputError("write: points per pulse must be >= 1");
    const auto& model = write.cell.model;
    auto circuit = generators::build_crossbar_circuit(array);
    circuit.title = fmt::format("memcosim write: {} cells {}x{}, scheme {}, {} V for {} s", model.name(),
                                array.rows(), array.cols(), solver::to_string(write.scheme), write.pulse.voltage,
                                write.pulse.width);
    circuit.outputs.reset();
    circuit.options = {{"reltol", netlist::spice_number(options.reltol)}};
    const netlist::Pulse unit = unit_pulse(write.pulse);
    for (auto& element : circuit.elements) {
        if (auto* source = std::get_if<netlist::VoltageSource>(&element)) {
            // Every line source is a pulse from 0 to its bias level.
            netlist::Pulse pulse = unit;
            pulse.pulsed = std::get<netlist::Dc>(source->waveform).value;
            source->waveform = pulse;
        }
    }
    (void)make_cells_dynamic(circuit, write.cell, write.states, cell_prefix, "write");
    const double stop = write.pulse.duration();
    const double max_step = std::min({stop / options.points_per_pulse, write.pulse.rise / 10.0,
                                      write.pulse.fall / 10.0});
    circuit.analyses = {netlist::Transient{max_step, stop, 0.0, max_step, false}};
    return circuit;
}

WriteResult write_spice(const ArrayWrite& write, spice::Engine& engine, const SpiceWriteOptions& options) {
    const auto circuit = array_write_circuit(write, options);
    netlist::require_electrical_rules(circuit);
    const auto start = std::chrono::steady_clock::now();
    const spice::RunResult run = engine.run(netlist::write_spice_lines(circuit));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

    const auto lowered_nodes = models::lower_to_spice(write.cell.model, models::SubcircuitMode::dynamic).state_nodes;
    const Eigen::Index rows = write.array.rows(), cols = write.array.cols();
    WriteResult result;
    result.before = write.states;
    result.after.assign(lowered_nodes.size(), RowMajorMatrix(rows, cols));
    result.peak_voltage = RowMajorMatrix::Zero(rows, cols);
    result.time_steps = static_cast<int>(run.vector("time").real.size()) - 1;
    result.seconds = took.count();
    using Names = generators::CrossbarNames;
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            for (std::size_t k = 0; k < lowered_nodes.size(); ++k) {
                const auto& values = run.vector(fmt::format("{}.{}", cell_instance(i, j), lowered_nodes[k])).real;
                result.after[k](i, j) = values.back();
            }
            const auto& row = run.vector(Names::row_node(i, j)).real;
            const auto& column = run.vector(Names::column_node(i, j)).real;
            double peak = 0.0;
            for (std::size_t n = 0; n < row.size(); ++n) peak = std::max(peak, std::abs(row[n] - column[n]));
            result.peak_voltage(i, j) = peak;
        }
    }
    return result;
}

}  // namespace memcosim::experiments
