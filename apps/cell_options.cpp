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

experiments::CellCrossbar CellOptions::build(const CrossbarOptions& crossbar) const {
    experiments::CellCrossbar cells;
    cells.type = type();
    cells.array = crossbar.build();
    if (auto memory = crossbar.build_model_cells(cells.array)) cells.memory = std::move(*memory);
    if (cells.type == experiments::CellType::one_s_one_r) cells.selector = parse_selector(selector);
    if (experiments::has_transistor(cells.type)) {
        cells.transistor = experiments::load_transistor_card(transistor);
        cells.gate_voltage = v_gate.value_or(cells.transistor->nominal_gate);
    }
    experiments::validate(cells);
    return cells;
}

solver::NonlinearSolveOptions CellOptions::solve_options() const {
    solver::NonlinearSolveOptions options;
    options.max_newton_iterations = max_newton;
    return options;
}

experiments::TransistorFit fit_for(const experiments::CellCrossbar& cells, spice::Engine& engine) {
    const double largest_input = cells.array.inputs.cwiseAbs().maxCoeff();
    return experiments::characterise_transistor(
        *cells.transistor, experiments::grid_for_read(cells.gate_voltage, largest_input), engine);
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
