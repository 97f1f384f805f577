// memcosim compare crossbar: the same crossbar in ngspice and in the solver.
#include "commands.hpp"
#include "core/error.hpp"
#include "cell_options.hpp"
#include "crossbar_options.hpp"
#include "crossbar_runs.hpp"
#include "results.hpp"
#include "transient_options.hpp"

#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {

void add_compare_command(CLI::App& app) {
    auto* compare = app.add_subcommand("compare", "run ngspice and the fast solver on the same circuit and compare");
    compare->require_subcommand(1);
    auto* crossbar = compare->add_subcommand(
        "crossbar", "largest column-current difference (relative to the largest current) and both run times");
    auto options = std::make_shared<CrossbarOptions>();
    auto tolerance = std::make_shared<double>(1e-6);
    auto output = std::make_shared<std::string>();
    options->add_to(*crossbar);
    auto* tolerance_option =
        crossbar->add_option("--tolerance", *tolerance, "fail (exit 1) if the relative difference is larger "
                                                        "(with --tran: of the peak current, default 0.01)")
            ->capture_default_str();
    crossbar->add_option("-o,--output", *output, "also write col,spice,solver,difference to this CSV "
                                                 "(with --tran: time,spice_I0,solver_I0,...)");
    auto transient = std::make_shared<TransientOptions>();
    transient->add_tran_to(*crossbar);
    transient->add_pulse_to(*crossbar);
    auto cell = std::make_shared<CellOptions>();
    cell->add_to(*crossbar);
    crossbar->callback([options, tolerance, output, transient, tolerance_option, cell] {
        if (cell->access()) {  // --scheme: one selected cell (DC), the scheme sets the rows
            if (transient->requested(options->model)) throw InputError("--scheme: DC single-cell access only (no --tran)");
            compare_access(*options, *cell, *tolerance, *output);
            return;
        }
        const CrossbarArray array = options->build();
        // Transients of model or composite cells: Newton at every time step.
        if (transient->requested(options->model) && (cell->composite() || !options->model.empty())) {
            run_compare_cell_transient(*transient, cell->build(*options), cell->max_newton,
                                       tolerance_option->count() > 0 ? *tolerance : 0.01, *output);
            return;
        }
        if (cell->composite()) {
            compare_cells(*options, *cell, *tolerance, *output);
            return;
        }
        if (transient->requested(options->model)) {
            run_compare_transient(*transient, array, tolerance_option->count() > 0 ? *tolerance : 0.01, *output);
            return;
        }
        const auto cells = options->build_model_cells(array);
        spice::Engine engine;
        const auto spice_run = cells ? run_model_crossbar_in_spice(engine, *cells) : run_crossbar_in_spice(engine, array);
        const auto solver_run = cells ? run_model_crossbar_in_solver(*cells)
                                      : run_crossbar_in_solver(array, solver::LinearMethod::automatic);
        const Eigen::VectorXd& a = spice_run.column_currents;
        const Eigen::VectorXd& b = solver_run.solution.column_currents;
        const double difference = relative_max_difference(a, b, a);
        fmt::print("{}x{} crossbar, r_row={} ohm, r_col={} ohm\n", array.rows(), array.cols(),
                   array.row_wire_resistance, array.column_wire_resistance);
        fmt::print("  ngspice (KLU):  {:9.4f} s\n", spice_run.seconds);
        fmt::print("  solver ({}): {:9.4f} s  ({:.0f}x faster)\n",
                   cells ? "newton" : solver::to_string(solver_run.solution.method_used),
                   solver_run.seconds, spice_run.seconds / std::max(solver_run.seconds, 1e-9));
        fmt::print("  largest |I_spice - I_solver| = {:.3e} A = {:.3e} of the largest column current ({:.3e} A)\n",
                   (a - b).cwiseAbs().maxCoeff(), difference, a.cwiseAbs().maxCoeff());
        if (!output->empty()) {
            std::string text = "col,spice,solver,difference\n";
            for (Eigen::Index j = 0; j < a.size(); ++j) text += fmt::format("{},{},{},{}\n", j, a(j), b(j), a(j) - b(j));
            write_output(text, *output);
        }
        if (!(difference <= *tolerance)) {
            throw EngineError(fmt::format("engines disagree: relative difference {:.3e} exceeds --tolerance {:.1e}",
                                          difference, *tolerance));
        }
    });
}

}  // namespace memcosim::cli
