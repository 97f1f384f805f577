// memcosim solve crossbar: the exact behavioral solver on the same crossbar as `gen`.
#include "commands.hpp"
#include "core/error.hpp"
#include "cell_options.hpp"
#include "crossbar_options.hpp"
#include "crossbar_runs.hpp"
#include "results.hpp"
#include "transient_options.hpp"

#include <map>
#include <memory>

namespace memcosim::cli {

void add_solve_command(CLI::App& app) {
    auto* solve = app.add_subcommand("solve", "exact fast solvers");
    solve->require_subcommand(1);
    auto* crossbar =
        solve->add_subcommand("crossbar", "column currents of a 1R crossbar read with wire resistance (col,current)");
    auto options = std::make_shared<CrossbarOptions>();
    auto output = std::make_shared<std::string>();
    auto method = std::make_shared<solver::LinearMethod>(solver::LinearMethod::automatic);
    options->add_to(*crossbar);
    auto transient = std::make_shared<TransientOptions>();
    transient->add_tran_to(*crossbar);
    transient->add_pulse_to(*crossbar);
    crossbar->add_option("-o,--output", *output, "CSV file to write (stdout if omitted)");
    const std::map<std::string, solver::LinearMethod> methods{{"auto", solver::LinearMethod::automatic},
                                                               {"direct", solver::LinearMethod::direct},
                                                               {"pcg", solver::LinearMethod::multigrid_pcg}};
    crossbar
        ->add_option("--method", *method,
                     "auto: direct factorisation for small arrays, else two-level PCG; direct; pcg")
        ->transform(CLI::CheckedTransformer(methods, CLI::ignore_case));
    auto cell = std::make_shared<CellOptions>();
    cell->add_to(*crossbar);
    crossbar->callback([options, output, method, transient, cell] {
        if (cell->access()) {  // --scheme: one selected cell (DC), the scheme sets the rows
            if (transient->requested(options->model)) throw InputError("--scheme: DC single-cell access only (no --tran)");
            solve_access(*options, *cell, *output);
            return;
        }
        const CrossbarArray array = options->build();
        // Transients of model or composite cells: Newton at every time step.
        if (transient->requested(options->model) && (cell->composite() || !options->model.empty())) {
            run_solve_cell_transient(*transient, cell->build(*options), cell->max_newton, *output);
            return;
        }
        if (cell->composite()) {
            solve_cells(*options, *cell, *output);
            return;
        }
        if (transient->requested(options->model)) {
            run_solve_transient(*transient, array, *output);
            return;
        }
        if (const auto cells = options->build_model_cells(array)) {
            write_column_currents(run_model_crossbar_in_solver(*cells).solution.column_currents, *output);
            return;
        }
        const auto run = run_crossbar_in_solver(array, *method);
        write_column_currents(run.solution.column_currents, *output);
    });
}

}  // namespace memcosim::cli
