// Writes on composite-cell arrays (experiments/cell_array_write.hpp): the
// set-up, the ngspice run and the fast path on the nonlinear transient.
#include "experiments/cell_array_write.hpp"

#include "core/error.hpp"
#include "experiments/array_write_pulse.hpp"
#include "experiments/cell_access.hpp"
#include "experiments/cell_nodal_transient.hpp"
#include "experiments/cell_transient_run.hpp"
#include "experiments/dynamic_cells.hpp"
#include "generators/crossbar_generator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "netlist/waveform_value.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <unordered_map>

namespace memcosim::experiments {
namespace {

using Names = generators::CrossbarNames;

constexpr const char* memory_prefix = "xg";  // cell_crossbar's model memory elements

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The largest step both engines take: the write's (array_write.hpp).
double largest_step(const WritePulse& pulse, int per_pulse) {
    return std::min({pulse.duration() / per_pulse, pulse.rise / 10.0, pulse.fall / 10.0});
}

bool has_floating_line(const CrossbarArray& array) {
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        if (array.row_driver(i).floating) return true;
    }
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        if (array.column_termination(j).floating) return true;
    }
    return false;
}

// Some driven line below the bulk (ground): the transistors' junctions
// then forward-bias, a RESET write on 1T1R / 2T2R.
bool drives_below_bulk(const CrossbarArray& array) {
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        if (!array.row_driver(i).floating && array.inputs(i) < 0.0) return true;
    }
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        if (!array.column_termination(j).floating && array.column_bias_voltage(j) < 0.0) return true;
    }
    return false;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::string describe_column(CellType type, Eigen::Index physical_column) {
    if (type == CellType::two_t_two_r) {
        return fmt::format("{} of pair {}", physical_column % 2 == 0 ? "G+" : "G-", physical_column / 2);
    }
    return fmt::format("column {}", physical_column);
}

void validate(const CellWrite& w) {
    validate(w.write);
    if (w.type == CellType::one_r) {
        throw InputError("write: 1R cells are the plain write (experiments/array_write.hpp), not a composite one");
    }
    if (w.type == CellType::one_s_one_r && !w.selector) throw InputError("write: 1S1R cells need a selector model");
    if (has_transistor(w.type)) {
        if (!w.transistor) throw InputError(fmt::format("write: {} cells need an access transistor", to_string(w.type)));
        if (!std::isfinite(w.gate_on) || !std::isfinite(w.gate_off)) {
            throw InputError("write: the gate voltages (--v-gate, --v-gate-off) must be finite");
        }
    }
    if (w.type == CellType::two_t_two_r && w.write.array.cols() % 2 != 0) {
        throw InputError(fmt::format("write: 2T2R needs an even number of physical columns (G+, G- side by side), got {}",
                                     w.write.array.cols()));
    }
    if (w.gates.size() != 0 && !has_transistor(w.type)) {
        throw InputError(fmt::format("write: {} cells have no gates: per-row gate voltages apply to 1T1R and 2T2R",
                                     to_string(w.type)));
    }
    (void)write_crossbar(w);  // the crossbar's own checks (selector stateless, gate count, ...)
}

CellCrossbar write_crossbar(const CellWrite& w) {
    CellCrossbar c;
    c.type = w.type;
    c.array = biased_array(w.write);
    c.memory = ModelCrossbar{c.array, w.write.cell, w.write.states};
    c.selector = w.selector;
    c.transistor = w.transistor;
    c.half_open_pairs = true;  // a write drives one device of a pair; the other column may float
    if (has_transistor(w.type)) {
        c.gate_voltage = w.gate_on;
        if (w.gates.size() != 0) {
            c.gate_voltages = w.gates;
        } else {
            c.gate_voltages = Eigen::VectorXd::Constant(c.array.rows(), w.gate_off);
            for (auto i : w.write.selected_rows) c.gate_voltages(i) = w.gate_on;
        }
    }
    validate(c);
    return c;
}

TransistorFit fit_for_write(const CellWrite& w, spice::Engine& engine) {
    validate(w);
    if (!has_transistor(w.type)) {
        throw InputError(fmt::format("write: {} cells have no access transistor to fit", to_string(w.type)));
    }
    return fit_for_crossbar(write_crossbar(w), engine);
}

netlist::Circuit cell_write_circuit(const CellWrite& w, const SpiceWriteOptions& options) {
    validate(w);
    if (options.points_per_pulse < 1) throw InputError("write: points per pulse must be >= 1");
    const CellCrossbar full = write_crossbar(w);
    if (full.array.ideal_wires()) {
        throw InputError("write: the spice engine needs wire resistance > 0 (ideal wires have no SPICE resistor)");
    }
    // The composite netlist with plain resistors as memory elements, which
    // then become dynamic model instances between the same nodes.
    CellCrossbar linear = full;
    linear.memory.reset();
    netlist::Circuit circuit = cell_crossbar_circuit(linear);
    (void)make_cells_dynamic(circuit, w.write.cell, w.write.states, memory_prefix, "write");
    circuit.title = fmt::format("memcosim write: {} cells of {} {}x{}, scheme {}, {} V for {} s", to_string(w.type),
                                w.write.cell.model.name(), full.array.rows(), full.array.cols(),
                                solver::to_string(w.write.scheme), w.write.pulse.voltage, w.write.pulse.width);
    circuit.outputs.reset();
    circuit.options = {{"reltol", netlist::spice_number(options.reltol)}};
    const netlist::Pulse unit = unit_pulse(w.write.pulse);
    for (auto& element : circuit.elements) {
        auto* source = std::get_if<netlist::VoltageSource>(&element);
        if (source == nullptr || source->name.rfind("vgate", 0) == 0) continue;  // word lines stay DC
        netlist::Pulse pulse = unit;
        pulse.pulsed = std::get<netlist::Dc>(source->waveform).value;
        source->waveform = pulse;
    }
    const double stop = w.write.pulse.duration();
    const double step = largest_step(w.write.pulse, options.points_per_pulse);
    circuit.comments.push_back(fmt::format("write: selected row(s) at {} V, selected column(s) at 0 V, word lines DC",
                                           w.write.pulse.voltage));
    circuit.analyses = {netlist::Transient{step, stop, 0.0, step, false}};
    return circuit;
}

WriteResult cell_write_spice(const CellWrite& w, spice::Engine& engine, const SpiceWriteOptions& options) {
    const auto circuit = cell_write_circuit(w, options);
    netlist::require_electrical_rules(circuit);
    const auto start = std::chrono::steady_clock::now();
    const spice::RunResult run = engine.run(netlist::write_spice_lines(circuit));
    const double took = seconds_since(start);

    // One pass over the plot (a look-up by name per node would be quadratic).
    std::unordered_map<std::string, const std::vector<double>*> vectors;
    vectors.reserve(run.vectors.size());
    for (const auto& v : run.vectors) vectors.emplace(lower(v.name), &v.real);
    const auto values = [&](const std::string& name) -> const std::vector<double>& {
        const auto found = vectors.find(lower(name));
        if (found == vectors.end() || found->second->empty()) {
            throw EngineError(fmt::format("write: ngspice produced no vector '{}'", name));
        }
        return *found->second;
    };
    const auto state_nodes =
        models::lower_to_spice(w.write.cell.model, models::SubcircuitMode::dynamic).state_nodes;
    const Eigen::Index rows = w.write.array.rows(), cols = w.write.array.cols();
    WriteResult result;
    result.before = w.write.states;
    result.after.assign(state_nodes.size(), RowMajorMatrix(rows, cols));
    result.peak_voltage = RowMajorMatrix::Zero(rows, cols);
    result.time_steps = static_cast<int>(values("time").size()) - 1;
    result.seconds = took;
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            for (std::size_t k = 0; k < state_nodes.size(); ++k) {
                result.after[k](i, j) = values(fmt::format("{}{}_{}.{}", memory_prefix, i, j, state_nodes[k])).back();
            }
            const auto& row = values(Names::row_node(i, j));
            const auto& column = values(Names::column_node(i, j));
            double peak = 0.0;
            for (std::size_t n = 0; n < row.size(); ++n) peak = std::max(peak, std::abs(row[n] - column[n]));
            result.peak_voltage(i, j) = peak;
        }
    }
    return result;
}

WriteResult cell_write_solve(const CellWrite& w, const std::optional<solver::CompactTransistor>& transistor,
                             const SolverWriteOptions& options) {
    validate(w);
    if (options.max_steps_per_pulse < 1) throw InputError("write: steps per pulse must be >= 1");
    if (has_transistor(w.type) && !transistor) {
        throw InputError(fmt::format("write: {} cells need the fitted transistor model", to_string(w.type)));
    }
    const auto start = std::chrono::steady_clock::now();
    const CellCrossbar full = write_crossbar(w);

    // Every line source follows the unit pulse (rows and columns alike).
    const netlist::Waveform shape = unit_pulse(w.write.pulse);
    const double stop = w.write.pulse.duration();
    solver::TransientDrive drive{[shape](double t) { return netlist::waveform_value(shape, t); },
                                 netlist::waveform_breakpoints(shape, stop), true};
    solver::NonlinearTransientSettings settings;
    settings.step = largest_step(w.write.pulse, options.max_steps_per_pulse);
    settings.stop = stop;
    settings.max_newton_iterations = options.newton.max_newton_iterations;
    settings.max_voltage_step = options.newton.max_voltage_step;
    settings.minimum_conductance = options.newton.minimum_conductance;
    settings.voltage_tolerance = options.newton.voltage_tolerance;
    WriteResult result;
    result.before = w.write.states;
    result.peak_voltage = RowMajorMatrix::Zero(full.array.rows(), full.array.cols());
    settings.observe = [&result](double, const RowMajorMatrix& v) {
        result.peak_voltage = result.peak_voltage.cwiseMax(v.cwiseAbs());
    };
    int steps = 0;
    settings.progress = [&](double t, double end) {
        ++steps;
        if (options.progress) options.progress(t, end, steps);
    };
    // (Ideal wires have no line nodes to solve for: a RESET there stays on
    // the series cells, without junctions.)
    const bool below_bulk = drives_below_bulk(full.array) && !full.array.ideal_wires();
    if ((has_floating_line(full.array) || below_bulk) && has_transistor(w.type)) {
        // Open lines held only by the transistors' junctions, or lines driven
        // below the bulk (a RESET) that forward-bias them (milliamperes from
        // every internal node and column node to ground, which the series
        // cells cannot carry): every node an unknown
        // (experiments/cell_nodal_transient.hpp).
        const auto outcome = simulate_cell_nodal_transient(full, *transistor, drive, settings);
        result.after = outcome.states;
        result.time_steps = static_cast<int>(outcome.times.size()) - 1;
    } else {
        const auto cells = make_transient_cells(full, transistor);
        const auto outcome = solver::simulate_nonlinear_transient(full.array, drive, *cells, settings);
        result.after = memory_states(*cells);  // accepted with the last step
        result.time_steps = static_cast<int>(outcome.times.size()) - 1;
    }
    result.seconds = seconds_since(start);
    return result;
}

}  // namespace memcosim::experiments
