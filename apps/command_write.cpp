// memcosim write: one write pulse on a crossbar of model cells under a bias
// scheme (experiments/array_write.hpp), in ngspice or on the fast path;
// composite cells (--cell 1S1R|1T1R|2T2R) through experiments/cell_array_write.hpp
// (2T2R: col is the physical column, 2p = G+ and 2p+1 = G- of pair p).
//   row,col,state_before,state_after,delta,peak_voltage[,<state>_before,...]
// one line per cell; the summary (the selected cell's change, the worst
// disturb among the other cells and the voltage it saw) on stderr.
#include "commands.hpp"
#include "core/csv.hpp"
#include "plot.hpp"
#include "results.hpp"
#include "spice/engine.hpp"
#include "write_options.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

std::string state_table(const experiments::ArrayWrite& write, const experiments::WriteResult& result) {
    const auto states = write.cell.model.states();
    std::string text = "row,col,state_before,state_after,delta,peak_voltage";
    for (std::size_t k = 1; k < states.size(); ++k) {
        text += fmt::format(",{0}_before,{0}_after,{0}_delta", states[k].name);
    }
    text += '\n';
    for (Eigen::Index i = 0; i < write.array.rows(); ++i) {
        for (Eigen::Index j = 0; j < write.array.cols(); ++j) {
            text += fmt::format("{},{}", i, j);
            for (std::size_t k = 0; k < states.size(); ++k) {
                const double before = result.before[k](i, j), after = result.after[k](i, j);
                text += fmt::format(",{},{},{}", csv::format_number(before), csv::format_number(after),
                                    csv::format_number(after - before));
                if (k == 0) text += fmt::format(",{}", csv::format_number(result.peak_voltage(i, j)));
            }
            text += '\n';
        }
    }
    return text;
}

void print_summary(const experiments::ArrayWrite& write, const experiments::WriteResult& result,
                   experiments::CellType type) {
    const auto s = experiments::summarise(write, result);
    const auto& x = result.before.front();
    const std::string pair = type == experiments::CellType::two_t_two_r
                                 ? fmt::format(" ({})", experiments::describe_column(type, s.selected_column))
                                 : std::string();
    fmt::print(stderr, "write: selected cell ({},{}){}: {} {:.6g} -> {:.6g} (change {:.6g})\n", s.selected_row,
               s.selected_column, pair, write.cell.model.states()[0].name, x(s.selected_row, s.selected_column),
               result.after.front()(s.selected_row, s.selected_column), s.selected_change);
    if (s.disturb_row < 0) {
        fmt::print(stderr, "write: every cell is selected: no disturb\n");
        return;
    }
    fmt::print(stderr, "write: worst disturb ({},{}): change {:.6g} at {:.6g} V; largest unselected voltage {:.6g} V\n",
               s.disturb_row, s.disturb_column, s.disturb_change, s.disturb_voltage, s.largest_unselected_voltage);
    // The cells of the rows not written (with 1T1R/2T2R their word lines are off).
    double others = 0.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (std::find(write.selected_rows.begin(), write.selected_rows.end(), i) != write.selected_rows.end()) continue;
        others = std::max(others, (result.after.front().row(i) - x.row(i)).cwiseAbs().maxCoeff());
    }
    fmt::print(stderr, "write: largest |change| on the unselected rows {:.6g}\n", others);
}

experiments::SolverWriteOptions solver_options(const WriteOptions& o) {
    experiments::SolverWriteOptions options;
    options.max_steps_per_pulse = o.steps;
    options.newton.max_newton_iterations = o.newton_iterations;
    auto reported = std::make_shared<int>(0);
    options.progress = [reported](double t, double stop, int steps) {
        const int tenth = static_cast<int>(std::floor(10.0 * t / stop));
        if (tenth <= *reported) return;
        *reported = tenth;
        fmt::print(stderr, "write: t = {:.4g} s of {:.4g} s ({} steps)\n", t, stop, steps);
    };
    return options;
}

// Composite cells: ngspice, or the fast path after the transistor fit
// (1T1R, 2T2R; the fit runs in ngspice).
experiments::WriteResult run_cells(const experiments::CellWrite& cells, const WriteOptions& o) {
    if (o.engine == "spice") {
        spice::Engine engine;
        experiments::SpiceWriteOptions options;
        options.points_per_pulse = o.steps;
        return experiments::cell_write_spice(cells, engine, options);
    }
    std::optional<solver::CompactTransistor> transistor;
    if (experiments::has_transistor(cells.type)) {
        const auto start = std::chrono::steady_clock::now();
        spice::Engine engine;
        transistor = experiments::fit_for_write(cells, engine).model;
        fmt::print(stderr, "write: transistor fit {:.3f} s\n",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return experiments::cell_write_solve(cells, transistor, solver_options(o));
}

void run_write(const WriteOptions& o) {
    const auto write = o.build();
    const auto cells = o.build_cells(write);
    const auto type = cells ? cells->type : experiments::CellType::one_r;
    fmt::print(stderr, "write: {} {} {}x{} cells, scheme {}, {} V for {} s (rise {} s, fall {} s), engine {}...\n",
               experiments::to_string(type), write.cell.model.name(), write.array.rows(), write.array.cols(),
               solver::to_string(write.scheme), write.pulse.voltage, write.pulse.width, write.pulse.rise,
               write.pulse.fall, o.engine);
    experiments::WriteResult result;
    if (cells) {
        result = run_cells(*cells, o);
    } else if (o.engine == "spice") {
        spice::Engine engine;
        experiments::SpiceWriteOptions options;
        options.points_per_pulse = o.steps;
        result = experiments::write_spice(write, engine, options);
    } else {
        result = experiments::write_solve(write, solver_options(o));
    }
    fmt::print(stderr, "write: {} {} time steps, {:.3f} s\n", o.engine, result.time_steps, result.seconds);
    print_summary(write, result, type);
    write_output(state_table(write, result), o.output);
    if (!o.plot.empty()) {
        plot_heatmap(result.after.front() - result.before.front(),
                     {fmt::format("{} {} write {} V, {}: state change", experiments::to_string(type),
                                  write.cell.model.name(), write.pulse.voltage,
                                  solver::to_string(write.scheme)),
                      "column", "row", fmt::format("delta {}", write.cell.model.states()[0].name)},
                     o.plot);
    }
}

}  // namespace

void add_write_command(CLI::App& app) {
    auto o = std::make_shared<WriteOptions>();
    auto* write = app.add_subcommand(
        "write",
        "a write pulse on a crossbar of model cells (1R, 1S1R, 1T1R, 2T2R) under a bias scheme: final states and "
        "disturb");
    o->add_to(*write);
    write->callback([o] { run_write(*o); });
}

}  // namespace memcosim::cli
