#include "experiments/cell_access.hpp"

#include "core/error.hpp"
#include "experiments/cell_nodal_dc.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <unordered_map>

namespace memcosim::experiments {
namespace {

using Names = generators::CrossbarNames;

Eigen::Index logical_columns(const CellCrossbar& c) {
    return c.type == CellType::two_t_two_r ? c.array.cols() / 2 : c.array.cols();
}

void check_target(const CellCrossbar& c, const CellAccessTarget& t) {
    const Eigen::Index columns = logical_columns(c);
    if (t.row < 0 || t.row >= c.array.rows() || t.column < 0 || t.column >= columns) {
        if (c.type == CellType::two_t_two_r) {
            throw InputError(fmt::format(
                "selected pair (row {}, pair {}) is outside the array: {} rows, {} pairs (rows 0..{}, pairs 0..{})",
                t.row, t.column, c.array.rows(), columns, c.array.rows() - 1, columns - 1));
        }
        throw InputError(fmt::format("selected cell (row {}, column {}) is outside the {}x{} array (rows 0..{}, "
                                     "columns 0..{})",
                                     t.row, t.column, c.array.rows(), columns, c.array.rows() - 1, columns - 1));
    }
    if (!std::isfinite(t.voltage)) throw InputError(fmt::format("selected row voltage {} is not finite", t.voltage));
}

// A 1T1R / 2T2R array with some line open: with its word lines off, such a
// line reaches the rest only through cut-off channels, and what defines its
// potential is the transistors' junctions to the bulk with gmin across
// them (shunts to ground, which the series-cell path cannot carry): the
// fast path then solves the full node set (experiments/cell_nodal_dc.hpp).
bool needs_junctions(const CellCrossbar& c) {
    if (!has_transistor(c.type)) return false;
    for (Eigen::Index i = 0; i < c.array.rows(); ++i) {
        if (c.array.row_driver(i).floating) return true;
    }
    for (Eigen::Index j = 0; j < c.array.cols(); ++j) {
        if (c.array.column_termination(j).floating) return true;
    }
    return false;
}

std::string cell_name(const char* prefix, Eigen::Index i, Eigen::Index j) { return fmt::format("{}{}_{}", prefix, i, j); }

// Moves the column-side terminal of cell (i, j)'s last device (the 1R
// memory element, the selector or the transistor's source) from the column
// node onto q<i>_<j>, and puts the 0 V ammeter vcell<i>_<j> from q to the
// column node: its branch current is the cell current, row -> column.
void add_ammeter(netlist::Circuit& circuit, Eigen::Index i, Eigen::Index j) {
    const std::string column = Names::column_node(i, j), tap = cell_name("q", i, j);
    const std::array<std::string, 4> devices{cell_name("rg", i, j), cell_name("xg", i, j), cell_name("xs", i, j),
                                             cell_name("mt", i, j)};
    int moved = 0;
    const auto move = [&](std::string& node) {
        if (node == column) {
            node = tap;
            ++moved;
        }
    };
    for (auto& element : circuit.elements) {
        const std::string& name = netlist::element_name(element);
        if (std::find(devices.begin(), devices.end(), name) == devices.end()) continue;
        if (auto* r = std::get_if<netlist::Resistor>(&element)) {
            move(r->negative);
        } else if (auto* x = std::get_if<netlist::SubcircuitInstance>(&element)) {
            for (auto& node : x->nodes) move(node);
        } else if (auto* m = std::get_if<netlist::Mosfet>(&element)) {
            move(m->source);
        }
    }
    if (moved != 1) {
        throw EngineError(fmt::format("cell access: cell ({}, {}) has {} device terminal(s) on its column node, expected 1",
                                      i, j, moved));
    }
    circuit.add(netlist::VoltageSource{cell_name("vcell", i, j), tap, column, netlist::Dc{0.0}});
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Fills the reading from the engine-neutral quantities: terminal currents,
// the selected cells' currents (in selected_columns order) and every cell's
// memory-element voltage.
// The floating lines' potentials in open_line_voltages order.
Eigen::VectorXd open_lines(const CellCrossbar& c, const std::function<double(Eigen::Index)>& row_start,
                           const std::function<double(Eigen::Index)>& column_end) {
    std::vector<double> v;
    for (Eigen::Index i = 0; i < c.array.rows(); ++i) {
        if (c.array.row_driver(i).floating) v.push_back(row_start(i));
    }
    for (Eigen::Index j = 0; j < c.array.cols(); ++j) {
        if (c.array.column_termination(j).floating) v.push_back(column_end(j));
    }
    return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

CellAccessReading assemble(const CellCrossbar& c, const CellAccessTarget& t, Eigen::VectorXd terminals,
                           const std::vector<double>& cells, const RowMajorMatrix& memory_voltage) {
    const auto columns = selected_columns(c, t);
    CellAccessReading r;
    r.sensed_plus = terminals(columns[0]);
    r.cell_plus = cells[0];
    if (columns.size() == 2) {
        r.sensed_minus = terminals(columns[1]);
        r.cell_minus = cells[1];
    }
    r.sensed_current = r.sensed_plus - r.sensed_minus;
    r.cell_current = r.cell_plus - r.cell_minus;
    r.sneak_current = r.sensed_current - r.cell_current;
    r.terminal_currents = std::move(terminals);
    for (Eigen::Index i = 0; i < memory_voltage.rows(); ++i) {
        for (Eigen::Index j = 0; j < memory_voltage.cols(); ++j) {
            const bool on_column = std::find(columns.begin(), columns.end(), j) != columns.end();
            if (i == t.row && on_column) continue;
            double& worst = (i == t.row || on_column) ? r.half_selected_voltage : r.unselected_voltage;
            worst = std::max(worst, std::abs(memory_voltage(i, j)));
        }
    }
    return r;
}

}  // namespace

std::vector<Eigen::Index> selected_columns(const CellCrossbar& c, const CellAccessTarget& t) {
    if (c.type == CellType::two_t_two_r) return {2 * t.column, 2 * t.column + 1};
    return {t.column};
}

void apply_access(CellCrossbar& c, const CellAccessTarget& t) {
    check_target(c, t);
    const auto columns = selected_columns(c, t);
    solver::apply_bias_scheme(c.array, t.scheme, {t.row, columns[0]}, t.voltage);
    for (std::size_t k = 1; k < columns.size(); ++k) {  // 2T2R: the pair's G- column is sensed too
        c.array.column_terminations[static_cast<std::size_t>(columns[k])].floating = false;
        c.array.column_bias(columns[k]) = 0.0;
    }
    if (c.memory) {  // the model cells' netlist is built from their own copy of the array
        auto& copy = c.memory->array;
        copy.inputs = c.array.inputs;
        copy.row_drivers = c.array.row_drivers;
        copy.column_terminations = c.array.column_terminations;
        copy.column_bias = c.array.column_bias;
    }
}

void select_word_line(CellCrossbar& c, Eigen::Index row, double on, double off) {
    if (!has_transistor(c.type)) {
        throw InputError(fmt::format("{} cells have no word-line gates to select", to_string(c.type)));
    }
    c.gate_voltages = Eigen::VectorXd::Constant(c.array.rows(), off);
    if (row >= 0 && row < c.array.rows()) c.gate_voltages(row) = on;
}

double CellAccessReading::largest_current() const {
    double largest = std::max({std::abs(sensed_current), std::abs(cell_plus), std::abs(cell_minus)});
    if (terminal_currents.size() != 0) largest = std::max(largest, terminal_currents.cwiseAbs().maxCoeff());
    return largest;
}

double largest_difference(const CellAccessReading& a, const CellAccessReading& b) {
    double d = std::max({std::abs(a.sensed_current - b.sensed_current), std::abs(a.cell_current - b.cell_current),
                         std::abs(a.cell_plus - b.cell_plus), std::abs(a.cell_minus - b.cell_minus)});
    if (a.terminal_currents.size() == b.terminal_currents.size() && a.terminal_currents.size() != 0) {
        d = std::max(d, (a.terminal_currents - b.terminal_currents).cwiseAbs().maxCoeff());
    }
    return d;
}

netlist::Circuit cell_access_circuit(const CellCrossbar& c, const CellAccessTarget& t) {
    check_target(c, t);
    auto circuit = cell_crossbar_circuit(c);
    for (Eigen::Index j : selected_columns(c, t)) add_ammeter(circuit, t.row, j);
    circuit.comments.push_back(fmt::format(
        "single-cell access, scheme {}: row {} at {} V, column(s) {} sensed at 0 V; vcell<i>_<j> reads the cell's own "
        "current",
        solver::to_string(t.scheme), t.row, t.voltage, fmt::join(selected_columns(c, t), " and ")));
    return circuit;
}

CellAccessReading cell_access_spice(const CellCrossbar& c, const CellAccessTarget& t, spice::Engine& engine) {
    const auto circuit = cell_access_circuit(c, t);
    netlist::require_electrical_rules(circuit);
    const auto result = engine.run(netlist::write_spice_lines(circuit));
    // One pass over the plot: looking each of the 2 R C node voltages up by
    // name would be quadratic in the array size.
    std::unordered_map<std::string, double> values;
    values.reserve(result.vectors.size());
    for (const auto& vector : result.vectors) {
        if (!vector.real.empty()) values.emplace(lower(vector.name), vector.real.front());
    }
    const auto value = [&](const std::string& name) {
        const auto found = values.find(name);
        if (found == values.end()) throw EngineError(fmt::format("ngspice produced no vector '{}'", name));
        return found->second;
    };
    const Eigen::Index rows = c.array.rows(), cols = c.array.cols();
    Eigen::VectorXd terminals = Eigen::VectorXd::Zero(cols);
    for (Eigen::Index j = 0; j < cols; ++j) {
        if (!c.array.column_termination(j).floating) terminals(j) = value(Names::sense_current_vector(j));
    }
    std::vector<double> cells;
    for (Eigen::Index j : selected_columns(c, t)) cells.push_back(value(cell_name("vcell", t.row, j) + "#branch"));
    const bool split = c.type != CellType::one_r;  // the memory element ends on m<i>_<j>, else on the column
    RowMajorMatrix memory_voltage(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            memory_voltage(i, j) =
                value(Names::row_node(i, j)) - value(split ? cell_name("m", i, j) : Names::column_node(i, j));
        }
    }
    auto reading = assemble(c, t, std::move(terminals), cells, memory_voltage);
    reading.open_line_voltages = open_lines(
        c, [&](Eigen::Index i) { return value(Names::row_node(i, 0)); },
        [&](Eigen::Index j) { return value(Names::column_node(rows - 1, j)); });
    return reading;
}

namespace {

CellAccessSolution cell_access_solve_nodal(const CellCrossbar& c, const CellAccessTarget& t,
                                           const std::optional<solver::CompactTransistor>& transistor) {
    if (!transistor) throw InputError(fmt::format("{} cells need the fitted transistor model", to_string(c.type)));
    const auto nodal = solve_cell_nodal(c, *transistor);
    std::vector<double> cells;
    for (Eigen::Index j : selected_columns(c, t)) cells.push_back(nodal.cell_current(t.row, j));
    const RowMajorMatrix memory_voltage = nodal.solution.row_voltages - nodal.internal;
    CellAccessSolution solution;
    solution.reading = assemble(c, t, nodal.solution.column_currents, cells, memory_voltage);
    solution.reading.open_line_voltages = open_lines(
        c, [&](Eigen::Index i) { return nodal.solution.row_voltages(i, 0); },
        [&](Eigen::Index j) { return nodal.solution.column_voltages(c.array.rows() - 1, j); });
    solution.newton_iterations = nodal.newton_iterations;
    return solution;
}

}  // namespace

CellAccessSolution cell_access_solve(const CellCrossbar& c, const CellAccessTarget& t,
                                     const std::optional<solver::CompactTransistor>& transistor,
                                     const solver::NonlinearSolveOptions& options) {
    check_target(c, t);
    if (needs_junctions(c)) return cell_access_solve_nodal(c, t, transistor);
    const auto result = cell_crossbar_solve(c, transistor, options);
    const auto& s = result.solution;
    // Each cell again at its converged line potentials: its own current and
    // the voltage across its memory element (the series solve's internal node).
    const auto memory = memory_law(c);
    const bool split = c.type != CellType::one_r;
    const auto access = split ? access_law(c, transistor) : solver::AccessLaw{};
    const Eigen::Index rows = c.array.rows(), cols = c.array.cols();
    RowMajorMatrix memory_voltage(rows, cols), current(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            const Eigen::Index k = i * cols + j;
            const double v_row = s.row_voltages(i, j), v_col = s.column_voltages(i, j);
            if (split) {
                const auto p = solver::solve_series_pair(k, v_row, v_col, 0.5 * (v_row + v_col), memory, access);
                current(i, j) = p.current;
                memory_voltage(i, j) = v_row - p.internal;
            } else {
                double slope = 0.0;
                memory(k, v_row - v_col, current(i, j), slope);
                memory_voltage(i, j) = v_row - v_col;
            }
        }
    }
    std::vector<double> cells;
    for (Eigen::Index j : selected_columns(c, t)) cells.push_back(current(t.row, j));
    CellAccessSolution solution;
    solution.reading = assemble(c, t, s.column_currents, cells, memory_voltage);
    solution.reading.open_line_voltages = open_lines(
        c, [&](Eigen::Index i) { return s.row_voltages(i, 0); },
        [&](Eigen::Index j) { return s.column_voltages(rows - 1, j); });
    solution.newton_iterations = result.newton_iterations;
    solution.linear_iterations = result.linear_iterations;
    return solution;
}

}  // namespace memcosim::experiments

namespace memcosim::experiments {

TransistorSweepGrid grid_for_crossbar(const CellCrossbar& c) {
    const double gate = c.gate_voltages.size() == 0 ? c.gate_voltage : c.gate_voltages.maxCoeff();
    double largest = 0.0;
    for (Eigen::Index i = 0; i < c.array.rows(); ++i) {
        if (!c.array.row_driver(i).floating) largest = std::max(largest, std::abs(c.array.inputs(i)));
    }
    auto grid = grid_for_read(gate, largest);
    // A biased column (v2, v3) puts the transistors' sources above the bulk:
    // the fit must see those source voltages (body effect), not extrapolate.
    // A negative bias (a RESET) runs the channels reversed with their
    // sources below the bulk, which a sweep cannot show apart from the
    // forward-biased junctions' milliamperes; the fit then sees the mirrored
    // source voltage, so the body-effect law is fitted over the same span
    // rather than left free (with the sources at 0 V alone, the BSIM4 fit at
    // a 2 V gate had nothing to pin it and diverged).
    for (Eigen::Index j = 0; j < c.array.cols(); ++j) {
        if (c.array.column_termination(j).floating) continue;
        const double u = std::abs(c.array.column_bias_voltage(j));
        const bool known = std::any_of(grid.source_voltages.begin(), grid.source_voltages.end(),
                                       [u](double s) { return std::abs(s - u) < 1e-9; });
        if (u > 0.0 && !known) grid.source_voltages.push_back(u);
    }
    // A RESET with the columns left open (float) biases none of them; its
    // reversed channels' sources still reach below the bulk, by up to the
    // lowest row voltage: mirrored, half of it (the span's middle), unless
    // a biased column already took the grid that far.
    double lowest_row = 0.0;
    for (Eigen::Index i = 0; i < c.array.rows(); ++i) {
        if (!c.array.row_driver(i).floating) lowest_row = std::min(lowest_row, c.array.inputs(i));
    }
    const double mirrored = -0.5 * lowest_row;
    const double highest_source = *std::max_element(grid.source_voltages.begin(), grid.source_voltages.end());
    if (mirrored > highest_source + 1e-9) grid.source_voltages.push_back(mirrored);
    return grid;
}

}  // namespace memcosim::experiments

namespace memcosim::experiments {

TransistorFit fit_for_crossbar(const CellCrossbar& c, spice::Engine& engine) {
    if (!c.transistor) throw InputError(fmt::format("{} cells have no access transistor to fit", to_string(c.type)));
    const auto grid = grid_for_crossbar(c);
    auto sweep = sweep_transistor(*c.transistor, grid, engine);
    const double lowest = c.gate_voltages.size() == 0 ? c.gate_voltage : c.gate_voltages.minCoeff();
    if (lowest < grid.gate_min) {
        // Word lines below the read grid (the unselected rows, switched off):
        // the fit must see the cut-off region too, or the compact model's
        // subthreshold slope is a guess and its off current an artefact.
        TransistorSweepGrid off = grid;
        off.gate_min = lowest;
        off.gate_points = 13;
        off.source_voltages = {0.0};
        off.fine_drain_fraction = 0.0;
        const auto more = sweep_transistor(*c.transistor, off, engine);
        sweep.gate.insert(sweep.gate.end(), more.gate.begin(), more.gate.end());
        sweep.drain.insert(sweep.drain.end(), more.drain.begin(), more.drain.end());
        sweep.source.insert(sweep.source.end(), more.source.begin(), more.source.end());
        sweep.current.insert(sweep.current.end(), more.current.begin(), more.current.end());
    }
    auto fit = fit_transistor(sweep, c.transistor->threshold_guess());
    // The junctions: every line potential the array can reach, so up to the
    // largest row or column voltage (a floating line ends between them).
    double largest = grid.drain_max;
    for (double u : grid.source_voltages) largest = std::max(largest, u + grid.drain_max);
    apply_junctions(fit_junctions(*c.transistor, largest, engine), fit);
    fmt::print(stderr, "transistor {}: {}\n", c.transistor->label, fit.summary());
    return fit;
}

}  // namespace memcosim::experiments
