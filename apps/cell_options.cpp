#include "cell_options.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "crossbar_runs.hpp"
#include "models/model_registry.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "results.hpp"

#include <fmt/format.h>

namespace memcosim::cli {
namespace {

// "selector_sinh:V0=0.05" -> the model with its overrides.
experiments::DeviceUnderTest parse_selector(const std::string& spec) {
    const auto colon = spec.find(':');
    const models::ModelRegistry registry;
    auto selection = registry.select(spec.substr(0, colon));
    experiments::DeviceUnderTest device{selection.model, selection.parameters};
    if (colon != std::string::npos) {
        for (const auto& field : csv::split_fields(spec.substr(colon + 1))) {
            const auto parsed = models::parse_override(field);
            device.parameters[models::match_parameter(device.model, parsed.name)] = parsed.value;
        }
    }
    return device;
}

}  // namespace

void CellOptions::add_to(CLI::App& command) {
    command.add_option("--cell", cell,
                       "cell type: 1R (the memory element alone), 1S1R (selector in series), 1T1R (NMOS access "
                       "transistor, gate on the word line), 2T2R (differential pairs: columns 2p = G+, 2p+1 = G-; "
                       "the conductance map has 2C columns side by side, the output is I(2p) - I(2p+1) per pair)")
        ->capture_default_str();
    selector_flag = command.add_option("--selector", selector,
                                       "1S1R: the selector, a stateless model NAME|FILE.va[:K=V,...]")
                        ->capture_default_str();
    transistor_flag = command.add_option("--transistor", transistor,
                                         "1T1R/2T2R: level1 (SPICE level 1 card), bsim4 (PTM 45 nm HP, BSIM4) or "
                                         "FILE[:w=M,l=M], a file holding one NMOS .model card")
                          ->capture_default_str();
    gate_flag = command.add_option("--v-gate", v_gate,
                                   "1T1R/2T2R: word-line (gate) voltage, volts (default: the card's nominal, "
                                   "1.2 V level1, 1.0 V bsim4)");
    command.add_option("--max-newton", max_newton, "fast path: Newton iteration limit of the array solve")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command.add_option("--scheme", scheme,
                       "single-cell access of --cell-row/--cell-col under a bias scheme: v2 (other lines V/2), v3 "
                       "(other rows V/3, other columns 2V/3) or float (other lines open); sets the row voltages")
        ->check(CLI::IsMember({"v2", "v3", "float"}));
    command.add_option("--cell-row", cell_row, "--scheme: row of the selected cell (0-based)");
    command.add_option("--cell-col", cell_col, "--scheme: column of the selected cell (0-based; 2T2R: the pair)");
    command.add_option("--v-read", v_read, "--scheme: read voltage on the selected row, volts");
    command.add_option("--v-write", v_write,
                       "--scheme: a write level on the selected row, volts (its DC bias: the disturb on the others)");
    command.add_option("--v-gate-off", v_gate_off,
                       "1T1R/2T2R with --scheme: gate voltage of the unselected word lines, volts (default 0)");
    command.add_option("--gates", gates_file,
                       "1T1R/2T2R: one gate voltage per word line, volts, one value per line (instead of --v-gate "
                       "and --v-gate-off)");
}

bool CellOptions::access() const {
    const bool transistor_cell = experiments::has_transistor(type());
    if (!transistor_cell && (v_gate_off || !gates_file.empty())) {
        throw InputError("--v-gate-off and --gates apply to --cell 1T1R and 2T2R only (cells with access transistors)");
    }
    if (!gates_file.empty() && (v_gate || v_gate_off)) {
        throw InputError("--gates gives every word line's voltage: give no --v-gate or --v-gate-off with it");
    }
    if (scheme.empty()) {
        if (cell_row || cell_col || v_read || v_write) {
            throw InputError("--cell-row, --cell-col, --v-read and --v-write select a cell: they need --scheme");
        }
        if (v_gate_off) throw InputError("--v-gate-off sets the unselected word lines: it needs --scheme");
        return false;
    }
    if (!cell_row || !cell_col) throw InputError("--scheme needs the selected cell: --cell-row and --cell-col");
    if (v_read.has_value() == v_write.has_value()) {
        throw InputError("--scheme needs the selected row's voltage: exactly one of --v-read and --v-write");
    }
    return true;
}

experiments::CellAccessTarget CellOptions::target() const {
    return {solver::parse_bias_scheme(scheme), static_cast<Eigen::Index>(*cell_row), static_cast<Eigen::Index>(*cell_col),
            v_read ? *v_read : *v_write};
}

experiments::CellType CellOptions::type() const {
    const auto parsed = experiments::parse_cell_type(cell);
    if (selector_flag && selector_flag->count() > 0 && parsed != experiments::CellType::one_s_one_r) {
        throw InputError("--selector applies to --cell 1S1R only");
    }
    const bool transistor_cell = experiments::has_transistor(parsed);
    if (!transistor_cell && ((transistor_flag && transistor_flag->count() > 0) || (gate_flag && gate_flag->count() > 0))) {
        throw InputError("--transistor and --v-gate apply to --cell 1T1R and 2T2R only");
    }
    return parsed;
}

bool CellOptions::composite() const { return type() != experiments::CellType::one_r; }

namespace {

// Under --scheme the rows get the scheme's voltages: the input flags would
// be silently ignored, so they are refused; a placeholder fills the array.
CrossbarArray array_for(const CrossbarOptions& crossbar, bool access) {
    if (!access) return crossbar.build();
    if (!crossbar.input_file.empty() || crossbar.v_uniform || !crossbar.v_random.empty()) {
        throw InputError("--scheme sets the row voltages: give no --inputs, --v-uniform or --v-random");
    }
    CrossbarOptions placeholder = crossbar;
    placeholder.v_uniform = 0.0;
    return placeholder.build();
}

Eigen::VectorXd read_gates(const std::string& path, Eigen::Index rows) {
    Eigen::VectorXd gates = csv::read_vector(path);
    if (gates.size() != rows) {
        throw InputError(fmt::format("{}: has {} gate voltages but the array has {} word lines", path, gates.size(),
                                     rows));
    }
    return gates;
}

}  // namespace

experiments::CellCrossbar CellOptions::build(const CrossbarOptions& crossbar) const {
    experiments::CellCrossbar cells;
    cells.type = type();
    const bool selected = access();
    cells.array = array_for(crossbar, selected);
    if (auto memory = crossbar.build_model_cells(cells.array)) cells.memory = std::move(*memory);
    if (cells.type == experiments::CellType::one_s_one_r) cells.selector = parse_selector(selector);
    if (experiments::has_transistor(cells.type)) {
        cells.transistor = experiments::load_transistor_card(transistor);
        cells.gate_voltage = v_gate.value_or(cells.transistor->nominal_gate);
        if (!gates_file.empty()) cells.gate_voltages = read_gates(gates_file, cells.array.rows());
    }
    if (selected) {
        const auto t = target();
        experiments::apply_access(cells, t);
        if (experiments::has_transistor(cells.type) && gates_file.empty()) {
            experiments::select_word_line(cells, t.row, cells.gate_voltage, v_gate_off.value_or(0.0));
        }
    }
    experiments::validate(cells);
    return cells;
}

solver::NonlinearSolveOptions CellOptions::solve_options() const {
    solver::NonlinearSolveOptions options;
    options.max_newton_iterations = max_newton;
    return options;
}

experiments::DeviceUnderTest selector_device(const std::string& spec) { return parse_selector(spec); }

Eigen::VectorXd gate_voltages_file(const std::string& path, Eigen::Index rows) { return read_gates(path, rows); }

experiments::TransistorFit fit_for(const experiments::CellCrossbar& cells, spice::Engine& engine) {
    return experiments::fit_for_crossbar(cells, engine);
}

netlist::Circuit cell_circuit(const CrossbarOptions& crossbar, const CellOptions& options) {
    return experiments::cell_crossbar_circuit(options.build(crossbar));
}

namespace {

// The fast path: the fit (1T1R/2T2R, in ngspice), then Newton; timed.
struct FastRun {
    Eigen::VectorXd columns;  // physical column currents
    double seconds = 0.0, fit_seconds = 0.0;
};

FastRun run_fast(const experiments::CellCrossbar& cells, const CellOptions& options, spice::Engine* engine) {
    FastRun run;
    std::optional<solver::CompactTransistor> transistor;
    if (experiments::has_transistor(cells.type)) {
        const auto start = std::chrono::steady_clock::now();
        std::optional<spice::Engine> own;
        if (engine == nullptr) engine = &own.emplace();
        transistor = fit_for(cells, *engine).model;
        run.fit_seconds = seconds_since(start);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto result = experiments::cell_crossbar_solve(cells, transistor, options.solve_options());
    run.seconds = seconds_since(start);
    run.columns = result.solution.column_currents;
    fmt::print(stderr, "solver: {}x{} {} crossbar, Newton {} iteration(s) ({} linear), {:.3f} s (+ fit {:.3f} s)\n",
               cells.array.rows(), cells.array.cols(), experiments::to_string(cells.type), result.newton_iterations,
               result.linear_iterations, run.seconds, run.fit_seconds);
    return run;
}

Eigen::VectorXd reported(const experiments::CellCrossbar& cells, const Eigen::VectorXd& columns) {
    return cells.type == experiments::CellType::two_t_two_r ? experiments::pair_currents(columns) : columns;
}

}  // namespace

void solve_cells(const CrossbarOptions& crossbar, const CellOptions& options, const std::string& output) {
    const auto cells = options.build(crossbar);
    const auto run = run_fast(cells, options, nullptr);
    write_column_currents(reported(cells, run.columns), output);
}

void compare_cells(const CrossbarOptions& crossbar, const CellOptions& options, double tolerance,
                   const std::string& output) {
    const auto cells = options.build(crossbar);
    spice::Engine engine;
    const auto spice_start = std::chrono::steady_clock::now();
    fmt::print(stderr, "ngspice: {}x{} {} crossbar...\n", cells.array.rows(), cells.array.cols(),
               experiments::to_string(cells.type));
    const Eigen::VectorXd a = experiments::cell_crossbar_spice(cells, engine);
    const double spice_seconds = seconds_since(spice_start);
    const auto fast = run_fast(cells, options, &engine);
    const Eigen::VectorXd& b = fast.columns;
    const double difference = relative_max_difference(a, b, a);
    fmt::print("{}x{} {} crossbar, r_row={} ohm, r_col={} ohm\n", cells.array.rows(), cells.array.cols(),
               experiments::to_string(cells.type), cells.array.row_wire_resistance,
               cells.array.column_wire_resistance);
    fmt::print("  ngspice (KLU):  {:9.4f} s\n", spice_seconds);
    // The fit is done once per transistor card, so the solve's own ratio is the
    // one that scales with array size; the ratio with the fit shows the whole run.
    fmt::print("  solver (newton): {:9.4f} s  ({:.3g}x ngspice's speed; {:.3g}x with the transistor fit of {:.4f} s)\n",
               fast.seconds, spice_seconds / std::max(fast.seconds, 1e-9),
               spice_seconds / std::max(fast.seconds + fast.fit_seconds, 1e-9), fast.fit_seconds);
    fmt::print("  largest |I_spice - I_solver| = {:.3e} A = {:.3e} of the largest column current ({:.3e} A)\n",
               (a - b).cwiseAbs().maxCoeff(), difference, a.cwiseAbs().maxCoeff());
    if (cells.type == experiments::CellType::two_t_two_r) {
        const Eigen::VectorXd pa = experiments::pair_currents(a), pb = experiments::pair_currents(b);
        fmt::print("  pairs (I+ - I-): largest difference {:.3e} A = {:.3e} of the largest column current\n",
                   (pa - pb).cwiseAbs().maxCoeff(), (pa - pb).cwiseAbs().maxCoeff() / a.cwiseAbs().maxCoeff());
    }
    if (!output.empty()) {
        std::string text = "col,spice,solver,difference\n";
        for (Eigen::Index j = 0; j < a.size(); ++j) text += fmt::format("{},{},{},{}\n", j, a(j), b(j), a(j) - b(j));
        write_output(text, output);
    }
    if (!(difference <= tolerance)) {
        throw EngineError(fmt::format("engines disagree: relative difference {:.3e} exceeds --tolerance {:.1e}",
                                      difference, tolerance));
    }
}

}  // namespace memcosim::cli

namespace memcosim::cli {
namespace {

std::optional<solver::CompactTransistor> fitted(const experiments::CellCrossbar& cells, spice::Engine* engine,
                                                double& seconds) {
    if (!experiments::has_transistor(cells.type)) return std::nullopt;
    const auto start = std::chrono::steady_clock::now();
    std::optional<spice::Engine> own;
    if (engine == nullptr) engine = &own.emplace();
    auto model = fit_for(cells, *engine).model;
    seconds = seconds_since(start);
    return model;
}

const char* level_name(const CellOptions& options) { return options.v_read ? "read" : "write"; }

std::string access_header() {
    return "row,col,v_row,sensed_current,cell_current,sneak_current,half_selected_voltage,unselected_voltage\n";
}

std::string access_row(const experiments::CellAccessTarget& t, const experiments::CellAccessReading& r) {
    return fmt::format("{},{},{},{},{},{},{},{}\n", t.row, t.column, csv::format_number(t.voltage),
                       csv::format_number(r.sensed_current), csv::format_number(r.cell_current),
                       csv::format_number(r.sneak_current), csv::format_number(r.half_selected_voltage),
                       csv::format_number(r.unselected_voltage));
}

void print_reading(const char* engine, const experiments::CellCrossbar& cells, const experiments::CellAccessReading& r) {
    fmt::print("  {:8} sensed {:.6e} A, cell {:.6e} A, sneak {:.6e} A; largest |v| on the memory of half-selected "
               "cells {:.4g} V, of the others {:.4g} V\n",
               engine, r.sensed_current, r.cell_current, r.sneak_current, r.half_selected_voltage,
               r.unselected_voltage);
    if (cells.type == experiments::CellType::two_t_two_r) {
        fmt::print("  {:8} pair: sensed I+ {:.6e} A, I- {:.6e} A; cells {:.6e} A, {:.6e} A\n", engine, r.sensed_plus,
                   r.sensed_minus, r.cell_plus, r.cell_minus);
    }
}

std::string access_title(const experiments::CellCrossbar& cells, const experiments::CellAccessTarget& t,
                         const CellOptions& options) {
    return fmt::format("{}x{} {} crossbar, {} of {} ({}, {}) at {} V, scheme {}", cells.array.rows(),
                       cells.array.cols(), experiments::to_string(cells.type), level_name(options),
                       cells.type == experiments::CellType::two_t_two_r ? "pair" : "cell", t.row, t.column, t.voltage,
                       solver::to_string(t.scheme));
}

}  // namespace

netlist::Circuit access_circuit(const CrossbarOptions& crossbar, const CellOptions& options) {
    return experiments::cell_access_circuit(options.build(crossbar), options.target());
}

void solve_access(const CrossbarOptions& crossbar, const CellOptions& options, const std::string& output) {
    const auto cells = options.build(crossbar);
    const auto t = options.target();
    double fit_seconds = 0.0;
    const auto transistor = fitted(cells, nullptr, fit_seconds);
    const auto start = std::chrono::steady_clock::now();
    const auto fast = experiments::cell_access_solve(cells, t, transistor, options.solve_options());
    fmt::print(stderr, "solver: {}: Newton {} iteration(s) ({} linear), {:.3f} s (+ fit {:.3f} s)\n",
               access_title(cells, t, options), fast.newton_iterations, fast.linear_iterations, seconds_since(start),
               fit_seconds);
    fmt::print(stderr, "solver: sensed {:.6e} A, cell {:.6e} A, sneak {:.6e} A\n", fast.reading.sensed_current,
               fast.reading.cell_current, fast.reading.sneak_current);
    write_output(access_header() + access_row(t, fast.reading), output);
}

void compare_access(const CrossbarOptions& crossbar, const CellOptions& options, double tolerance,
                    const std::string& output) {
    const auto cells = options.build(crossbar);
    const auto t = options.target();
    spice::Engine engine;
    fmt::print(stderr, "ngspice: {}...\n", access_title(cells, t, options));
    auto start = std::chrono::steady_clock::now();
    const auto a = experiments::cell_access_spice(cells, t, engine);
    const double spice_seconds = seconds_since(start);
    double fit_seconds = 0.0;
    const auto transistor = fitted(cells, &engine, fit_seconds);
    start = std::chrono::steady_clock::now();
    const auto fast = experiments::cell_access_solve(cells, t, transistor, options.solve_options());
    const double solver_seconds = seconds_since(start);
    const auto& b = fast.reading;
    const double largest = a.largest_current();
    const double difference = experiments::largest_difference(a, b) / std::max(largest, 1e-300);
    fmt::print("{}, r_row={} ohm, r_col={} ohm\n", access_title(cells, t, options), cells.array.row_wire_resistance,
               cells.array.column_wire_resistance);
    print_reading("ngspice", cells, a);
    print_reading("solver", cells, b);
    fmt::print("  ngspice (KLU):  {:9.4f} s\n", spice_seconds);
    fmt::print("  solver (newton): {:9.4f} s  ({:.3g}x ngspice's speed; {:.3g}x with the transistor fit of {:.4f} s), "
               "{} Newton iteration(s)\n",
               solver_seconds, spice_seconds / std::max(solver_seconds, 1e-9),
               spice_seconds / std::max(solver_seconds + fit_seconds, 1e-9), fit_seconds, fast.newton_iterations);
    fmt::print("  largest difference (sensed, cell, column terminals) = {:.3e} A = {:.3e} of the largest current "
               "({:.3e} A)\n",
               experiments::largest_difference(a, b), difference, largest);
    if (!output.empty()) {
        std::string text = "row,col,v_row,spice_sensed,solver_sensed,spice_cell,solver_cell,spice_sneak,solver_sneak\n";
        text += fmt::format("{},{},{},{},{},{},{},{},{}\n", t.row, t.column, csv::format_number(t.voltage),
                            csv::format_number(a.sensed_current), csv::format_number(b.sensed_current),
                            csv::format_number(a.cell_current), csv::format_number(b.cell_current),
                            csv::format_number(a.sneak_current), csv::format_number(b.sneak_current));
        write_output(text, output);
    }
    if (!(difference <= tolerance)) {
        throw EngineError(fmt::format("engines disagree: relative difference {:.3e} exceeds --tolerance {:.1e}",
                                      difference, tolerance));
    }
}

}  // namespace memcosim::cli
