#include "transient_options.hpp"

#include "cell_options.hpp"
#include "experiments/cell_transient_run.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "results.hpp"
#include "spice/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::cli {

namespace {

// One stderr line per column for small arrays, else the spread.
void report_delays(const char* engine, const experiments::TransientWaveforms& waveforms,
                   const std::vector<double>& delays) {
    if (delays.empty()) return;
    if (delays.size() <= 8) {
        for (std::size_t k = 0; k < delays.size(); ++k) {
            fmt::print(stderr, "{}: settling delay (1%) {}: {:.4e} s\n", engine, waveforms.names[k], delays[k]);
        }
        return;
    }
    const auto [lo, hi] = std::minmax_element(delays.begin(), delays.end());
    double mean = 0.0;
    for (double d : delays) mean += d / double(delays.size());
    fmt::print(stderr, "{}: settling delay (1%) over {} columns: min {:.4e} s ({}), mean {:.4e} s, max {:.4e} s ({})\n",
               engine, delays.size(), *lo, waveforms.names[std::size_t(lo - delays.begin())], mean, *hi,
               waveforms.names[std::size_t(hi - delays.begin())]);
}

// Writes the waveform CSV and, if asked, the delays; nothing is written
// unless both texts are ready.
void write_results(const TransientOptions& options, const experiments::TransientWaveforms& grid,
                   const experiments::TransientWaveforms& raw, const std::vector<double>& delays,
                   const std::string& output) {
    const std::string waveforms = experiments::waveforms_csv(grid);
    const std::string delay_table = experiments::delays_csv(raw, delays);
    if (!options.delays.empty()) write_output(delay_table, options.delays);
    write_output(waveforms, output);
}

double pulse_start(const std::optional<experiments::RowPulse>& pulse) { return pulse ? pulse->delay : 0.0; }

// A progress line on stderr every 10% of the simulated time.
std::function<void(double, double)> progress_printer() {
    auto next = std::make_shared<double>(0.1);
    return [next](double time, double stop) {
        if (time < *next * stop) return;
        fmt::print(stderr, "solver: t = {:.3e} s ({:.0f}%)\n", time, 100.0 * time / stop);
        while (*next * stop <= time) *next += 0.1;
    };
}

}  // namespace

void TransientOptions::add_tran_to(CLI::App& command) {
    command.add_option("--tran", tran,
                       "transient STEP:STOP, seconds: write time,I0,I1,... (I<j>: current into column j's sense "
                       "node, A) at every multiple of STEP, integrated with the trapezoidal rule (ngspice: "
                       "method=trap, largest step STEP)");
    command.add_option("--delays", delays,
                       "with --tran: write col,delay, the settling delay of each column, seconds: from the "
                       "pulse start until the current stays within 1% (of its largest excursion) of its value "
                       "at STOP");
}

void TransientOptions::add_pulse_to(CLI::App& command) {
    command.add_option("--pulse", pulse,
                       "every row driver a pulse from 0 V to its input voltage: DELAY:RISE:WIDTH[:FALL] seconds "
                       "(FALL defaults to RISE; a 0 edge lasts one STEP, as in ngspice)");
}

TransientOptions::Span TransientOptions::span() const {
    const auto colon = tran.find(':');
    if (colon == std::string::npos || tran.find(':', colon + 1) != std::string::npos) {
        throw InputError(fmt::format("--tran expects STEP:STOP (seconds), got '{}'", tran));
    }
    const Span span{csv::parse_number(tran.substr(0, colon), "--tran STEP", 1),
                    csv::parse_number(tran.substr(colon + 1), "--tran STOP", 1)};
    if (!(span.step > 0.0) || !std::isfinite(span.step)) {
        throw InputError(fmt::format("--tran: STEP must be > 0 seconds, got '{}'", tran));
    }
    if (!(span.stop > span.step) || !std::isfinite(span.stop)) {
        throw InputError(fmt::format("--tran: STOP must be larger than STEP, got '{}'", tran));
    }
    if (span.stop / span.step > 1e7) {
        throw InputError(fmt::format("--tran: {} steps is too many (at most 1e7)", span.stop / span.step));
    }
    return span;
}

bool TransientOptions::requested(const std::string& model) const {
    if (tran.empty()) {
        if (!pulse.empty()) throw InputError("--pulse needs --tran STEP:STOP");
        if (!delays.empty()) throw InputError("--delays needs --tran STEP:STOP");
        return false;
    }
    (void)model;  // model cells integrate their states (run_*_cell_transient)
    return true;
}

std::optional<experiments::RowPulse> TransientOptions::row_pulse() const {
    if (pulse.empty()) return std::nullopt;
    return experiments::parse_row_pulse(pulse, "--pulse");
}

void apply_pulse_option(const TransientOptions& options, netlist::Circuit& circuit, const CrossbarArray& array) {
    if (const auto pulse = options.row_pulse()) experiments::apply_row_pulse(circuit, array, *pulse, 0.0);
}

void run_sim_transient(const TransientOptions& options, const std::vector<std::string>& lines,
                       const std::optional<netlist::OutputTable>& table, const std::string& netlist_path,
                       double time_limit, const std::string& output) {
    const TransientOptions::Span span = options.span();
    if (!table) {
        throw InputError(fmt::format(
            "{}: --tran needs a crossbar netlist made by `memcosim gen crossbar` (it declares the column outputs)",
            netlist_path));
    }
    spice::Engine engine;
    spice::RunOptions run_options;
    run_options.time_limit = std::chrono::milliseconds(static_cast<long long>(time_limit * 1000.0));
    fmt::print(stderr, "ngspice: transient of {} to {:g} s, step {:g} s...\n", netlist_path, span.stop, span.step);
    const auto result = engine.run(experiments::with_transient_analysis(lines, span.step, span.stop), run_options);
    const auto raw = experiments::spice_transient_outputs(result, *table);
    fmt::print(stderr, "ngspice: {} time points in {:.3f} s\n", raw.times.size(), result.seconds);
    const auto delays = experiments::settling_delays(raw, experiments::row_pulse_start(lines));
    report_delays("ngspice", raw, delays);
    write_results(options, experiments::on_output_grid(raw, span.step, span.stop), raw, delays, output);
}

namespace {

// The solver's waveforms, reported and written.
void finish_solve(const TransientOptions& options, const experiments::TransientWaveforms& raw,
                  const std::optional<experiments::RowPulse>& pulse, const std::string& output) {
    const TransientOptions::Span span = options.span();
    const auto delays = experiments::settling_delays(raw, pulse_start(pulse));
    report_delays("solver", raw, delays);
    write_results(options, experiments::on_output_grid(raw, span.step, span.stop), raw, delays, output);
}

// Both engines' waveforms: the difference on the output grid, the delays,
// the times; `what` describes the circuit in the first line.
void finish_compare(const TransientOptions& options, const std::string& what,
                    const experiments::TransientWaveforms& spice_raw, const experiments::TransientWaveforms& solver_raw,
                    const std::optional<experiments::RowPulse>& pulse, double tolerance, const std::string& output) {
    const TransientOptions::Span span = options.span();
    const auto a = experiments::on_output_grid(spice_raw, span.step, span.stop);
    const auto b = experiments::on_output_grid(solver_raw, span.step, span.stop);
    const double peak = a.values.cwiseAbs().maxCoeff();
    const double largest = (a.values - b.values).cwiseAbs().maxCoeff();
    const double difference = peak > 0.0 ? largest / peak : largest;
    const auto spice_delays = experiments::settling_delays(spice_raw, pulse_start(pulse));
    const auto solver_delays = experiments::settling_delays(solver_raw, pulse_start(pulse));
    double delay_difference = 0.0;
    for (std::size_t k = 0; k < spice_delays.size(); ++k) {
        const double reference = std::max(spice_delays[k], span.step);
        delay_difference = std::max(delay_difference, std::abs(spice_delays[k] - solver_delays[k]) / reference);
    }
    const auto [lo, hi] = std::minmax_element(spice_delays.begin(), spice_delays.end());
    fmt::print("{} to {:g} s (step {:g} s)\n", what, span.stop, span.step);
    fmt::print("  ngspice (trap, KLU): {:9.3f} s  ({} time points)\n", spice_raw.seconds, spice_raw.times.size());
    fmt::print("  solver (trap):       {:9.3f} s  ({} time points, {:.0f}x faster)\n", solver_raw.seconds,
               solver_raw.times.size(), spice_raw.seconds / std::max(solver_raw.seconds, 1e-9));
    fmt::print("  largest |I_spice - I_solver| over the output times = {:.3e} A = {:.3e} of the peak current "
               "({:.3e} A)\n",
               largest, difference, peak);
    if (!spice_delays.empty()) {
        fmt::print("  settling delay (1%), ngspice: {:.4e} .. {:.4e} s; largest relative difference {:.3e}\n", *lo,
                   *hi, delay_difference);
    }
    if (!options.delays.empty()) {
        std::string text = "col,spice_delay,solver_delay\n";
        for (std::size_t k = 0; k < spice_delays.size(); ++k) {
            text += fmt::format("{},{},{}\n", spice_raw.names[k].substr(1), csv::format_number(spice_delays[k]),
                                csv::format_number(solver_delays[k]));
        }
        write_output(text, options.delays);
    }
    if (!output.empty()) {
        std::string text = "time";
        for (const auto& name : a.names) text += fmt::format(",spice_{},solver_{}", name, name);
        text += '\n';
        for (Eigen::Index n = 0; n < a.values.rows(); ++n) {
            text += csv::format_number(a.times[std::size_t(n)]);
            for (Eigen::Index k = 0; k < a.values.cols(); ++k) {
                text += fmt::format(",{},{}", csv::format_number(a.values(n, k)), csv::format_number(b.values(n, k)));
            }
            text += '\n';
        }
        write_output(text, output);
    }
    if (!(difference <= tolerance)) {
        throw EngineError(fmt::format("engines disagree: relative difference {:.3e} exceeds --tolerance {:.1e}",
                                      difference, tolerance));
    }
}

std::string describe(const CrossbarArray& array, const std::string& cells) {
    return fmt::format("{}x{} crossbar{} transient, r_row={} ohm, r_col={} ohm, c_wire={} F", array.rows(),
                       array.cols(), cells, array.row_wire_resistance, array.column_wire_resistance,
                       array.wire_capacitance);
}

std::string cell_label(const experiments::CellCrossbar& cells) {
    const std::string memory = cells.memory ? fmt::format(" ({} memory)", cells.memory->cell.model.name()) : "";
    return fmt::format(" of {} cells{}", experiments::to_string(cells.type), memory);
}

// The transistor's compact model for the fast path (1T1R, 2T2R), fitted in ngspice.
std::optional<solver::CompactTransistor> fitted_transistor(const experiments::CellCrossbar& cells,
                                                           spice::Engine& engine) {
    if (!experiments::has_transistor(cells.type)) return std::nullopt;
    return fit_for(cells, engine).model;
}

experiments::TransientWaveforms run_cell_solver(const TransientOptions& options, const experiments::CellCrossbar& cells,
                                                const std::optional<solver::CompactTransistor>& transistor,
                                                int max_newton) {
    const TransientOptions::Span span = options.span();
    solver::NonlinearTransientSettings settings;
    settings.max_newton_iterations = max_newton;
    settings.step = span.step;
    settings.stop = span.stop;
    if (cells.array.rows() * cells.array.cols() >= 64 * 64) settings.progress = progress_printer();
    const auto raw = experiments::cell_transient_solver(cells, transistor, options.row_pulse(), settings);
    fmt::print(stderr, "solver: {}x{} crossbar{} transient (Newton per step), {} time points in {:.3f} s\n",
               cells.array.rows(), cells.array.cols(), cell_label(cells), raw.times.size(), raw.seconds);
    return raw;
}

}  // namespace

void run_solve_transient(const TransientOptions& options, const CrossbarArray& array, const std::string& output) {
    const TransientOptions::Span span = options.span();
    const auto pulse = options.row_pulse();
    solver::TransientSettings settings;
    settings.step = span.step;
    settings.stop = span.stop;
    if (array.rows() * array.cols() >= 256 * 256) settings.progress = progress_printer();
    const auto raw = experiments::crossbar_transient_solver(array, pulse, settings);
    fmt::print(stderr, "solver: {}x{} crossbar transient, {} time points in {:.3f} s\n", array.rows(), array.cols(),
               raw.times.size(), raw.seconds);
    finish_solve(options, raw, pulse, output);
}

void run_compare_transient(const TransientOptions& options, const CrossbarArray& array, double tolerance,
                           const std::string& output) {
    const TransientOptions::Span span = options.span();
    const auto pulse = options.row_pulse();
    spice::Engine engine;
    fmt::print(stderr, "ngspice: {}x{} crossbar transient...\n", array.rows(), array.cols());
    spice::RunOptions run_options;
    run_options.time_limit = std::chrono::hours(2);
    const auto spice_raw = experiments::crossbar_transient_spice(engine, array, pulse, span.step, span.stop,
                                                                 run_options);
    fmt::print(stderr, "ngspice: {} time points in {:.3f} s\n", spice_raw.times.size(), spice_raw.seconds);
    solver::TransientSettings settings;
    settings.step = span.step;
    settings.stop = span.stop;
    if (array.rows() * array.cols() >= 256 * 256) settings.progress = progress_printer();
    const auto solver_raw = experiments::crossbar_transient_solver(array, pulse, settings);
    finish_compare(options, describe(array, ""), spice_raw, solver_raw, pulse, tolerance, output);
}

void run_solve_cell_transient(const TransientOptions& options, const experiments::CellCrossbar& cells, int max_newton,
                              const std::string& output) {
    (void)options.span();  // flag errors before the transistor fit
    std::optional<solver::CompactTransistor> transistor;
    if (experiments::has_transistor(cells.type)) {
        spice::Engine engine;
        transistor = fitted_transistor(cells, engine);
    }
    finish_solve(options, run_cell_solver(options, cells, transistor, max_newton), options.row_pulse(), output);
}

void run_compare_cell_transient(const TransientOptions& options, const experiments::CellCrossbar& cells,
                                int max_newton, double tolerance, const std::string& output) {
    const TransientOptions::Span span = options.span();
    const auto pulse = options.row_pulse();
    spice::Engine engine;
    fmt::print(stderr, "ngspice: {}x{} crossbar{} transient...\n", cells.array.rows(), cells.array.cols(),
               cell_label(cells));
    spice::RunOptions run_options;
    run_options.time_limit = std::chrono::hours(2);
    const auto spice_raw = experiments::cell_transient_spice(engine, cells, pulse, span.step, span.stop, run_options);
    fmt::print(stderr, "ngspice: {} time points in {:.3f} s\n", spice_raw.times.size(), spice_raw.seconds);
    const auto transistor = fitted_transistor(cells, engine);
    const auto solver_raw = run_cell_solver(options, cells, transistor, max_newton);
    finish_compare(options, describe(cells.array, cell_label(cells)), spice_raw, solver_raw, pulse, tolerance, output);
}

}  // namespace memcosim::cli
