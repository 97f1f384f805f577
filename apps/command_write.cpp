// memcosim write: one write pulse on a crossbar of model cells under a bias
// scheme (experiments/array_write.hpp), in ngspice or on the fast path.
//   row,col,state_before,state_after,delta,peak_voltage[,<state>_before,...]
// one line per cell; the summary (the selected cell's change, the worst
// disturb among the other cells and the voltage it saw) on stderr.
#include "commands.hpp"
#include "core/csv.hpp"
#include "plot.hpp"
#include "results.hpp"
#include "write_options.hpp"

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

void print_summary(const experiments::ArrayWrite& write, const experiments::WriteResult& result) {
    const auto s = experiments::summarise(write, result);
    const auto& x = result.before.front();
    fmt::print(stderr, "write: selected cell ({},{}): {} {:.6g} -> {:.6g} (change {:.6g})\n", s.selected_row,
               s.selected_column, write.cell.model.states()[0].name, x(s.selected_row, s.selected_column),
               result.after.front()(s.selected_row, s.selected_column), s.selected_change);
    if (s.disturb_row < 0) {
        fmt::print(stderr, "write: every cell is selected: no disturb\n");
        return;
    }
    fmt::print(stderr, "write: worst disturb ({},{}): change {:.6g} at {:.6g} V; largest unselected voltage {:.6g} V\n",
               s.disturb_row, s.disturb_column, s.disturb_change, s.disturb_voltage, s.largest_unselected_voltage);
}

void run_write(const WriteOptions& o) {
    const auto write = o.build();
    fmt::print(stderr, "write: {} {}x{} cells, scheme {}, {} V for {} s (rise {} s, fall {} s), engine {}...\n",
               write.cell.model.name(), write.array.rows(), write.array.cols(), solver::to_string(write.scheme),
               write.pulse.voltage, write.pulse.width, write.pulse.rise, write.pulse.fall, o.engine);
    experiments::WriteResult result;
    if (o.engine == "spice") {
        spice::Engine engine;
        experiments::SpiceWriteOptions options;
        options.points_per_pulse = o.steps;
        result = experiments::write_spice(write, engine, options);
    } else {
        experiments::SolverWriteOptions options;
        options.max_steps_per_pulse = o.steps;
        options.newton.max_newton_iterations = o.newton_iterations;
        int reported = 0;
        options.progress = [&reported](double t, double stop, int steps) {
            const int tenth = static_cast<int>(std::floor(10.0 * t / stop));
            if (tenth <= reported) return;
            reported = tenth;
            fmt::print(stderr, "write: t = {:.4g} s of {:.4g} s ({} steps)\n", t, stop, steps);
        };
        result = experiments::write_solve(write, options);
    }
    fmt::print(stderr, "write: {} {} time steps, {:.3f} s\n", o.engine, result.time_steps, result.seconds);
    print_summary(write, result);
    write_output(state_table(write, result), o.output);
    if (!o.plot.empty()) {
        plot_heatmap(result.after.front() - result.before.front(),
                     {fmt::format("{} write {} V, {}: state change", write.cell.model.name(), write.pulse.voltage,
                                  solver::to_string(write.scheme)),
                      "column", "row", fmt::format("delta {}", write.cell.model.states()[0].name)},
                     o.plot);
    }
}

}  // namespace

void add_write_command(CLI::App& app) {
    auto o = std::make_shared<WriteOptions>();
    auto* write = app.add_subcommand(
        "write", "a write pulse on a crossbar of model cells under a bias scheme: final states and disturb");
    o->add_to(*write);
    write->callback([o] { run_write(*o); });
}

}  // namespace memcosim::cli
