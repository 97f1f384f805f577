#include "crossbar_runs.hpp"

#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

namespace memcosim::cli {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Eigen::VectorXd output_values(const spice::RunResult& result, const netlist::OutputTable& table) {
    Eigen::VectorXd values(static_cast<Eigen::Index>(table.rows.size()));
    for (std::size_t k = 0; k < table.rows.size(); ++k) {
        const auto& name = table.rows[k].second;
        if (!result.has_vector(name)) {
            throw EngineError(fmt::format("ngspice produced no vector '{}' (declared output '{}')", name,
                                          table.rows[k].first));
        }
        const auto& vector = result.vector(name);
        if (vector.real.empty()) throw EngineError(fmt::format("ngspice vector '{}' is empty", name));
        values(static_cast<Eigen::Index>(k)) = vector.real.back();
    }
    return values;
}

SpiceCrossbarRun run_crossbar_in_spice(spice::Engine& engine, const CrossbarArray& array) {
    const auto start = std::chrono::steady_clock::now();
    fmt::print(stderr, "ngspice: {}x{} crossbar ({} elements)...\n", array.rows(), array.cols(),
               3 * array.rows() * array.cols() + array.rows() + array.cols());
    const netlist::Circuit circuit = generators::build_crossbar_circuit(array);
    netlist::require_electrical_rules(circuit);
    const spice::RunResult result = engine.run(netlist::write_spice_lines(circuit));
    SpiceCrossbarRun run{output_values(result, *circuit.outputs), 0.0};
    run.seconds = seconds_since(start);
    fmt::print(stderr, "ngspice: done in {:.3f} s\n", run.seconds);
    return run;
}

SolverCrossbarRun run_crossbar_in_solver(const CrossbarArray& array, solver::LinearMethod method) {
    const auto start = std::chrono::steady_clock::now();
    solver::LinearSolveOptions options;
    options.method = method;
    SolverCrossbarRun run{solver::solve_linear_crossbar(array, options), 0.0};
    run.seconds = seconds_since(start);
    fmt::print(stderr, "solver: {}x{} crossbar, {}, {} iteration(s), relative residual {:.2e}, {:.3f} s\n",
               array.rows(), array.cols(), solver::to_string(run.solution.method_used), run.solution.iterations,
               run.solution.relative_residual, run.seconds);
    return run;
}

}  // namespace memcosim::cli

namespace memcosim::cli {

SpiceCrossbarRun run_model_crossbar_in_spice(spice::Engine& engine, const experiments::ModelCrossbar& crossbar) {
    const auto start = std::chrono::steady_clock::now();
    fmt::print(stderr, "ngspice: {}x{} crossbar of {} cells...\n", crossbar.array.rows(), crossbar.array.cols(),
               crossbar.cell.model.name());
    SpiceCrossbarRun run{experiments::model_crossbar_spice(crossbar, engine), 0.0};
    run.seconds = seconds_since(start);
    fmt::print(stderr, "ngspice: done in {:.3f} s\n", run.seconds);
    return run;
}

SolverCrossbarRun run_model_crossbar_in_solver(const experiments::ModelCrossbar& crossbar) {
    const auto start = std::chrono::steady_clock::now();
    const auto result = experiments::model_crossbar_solve(crossbar);
    SolverCrossbarRun run{result.solution, seconds_since(start)};
    fmt::print(stderr, "solver: {}x{} crossbar of {} cells, Newton {} iteration(s) ({} linear), {:.3f} s\n",
               crossbar.array.rows(), crossbar.array.cols(), crossbar.cell.model.name(), result.newton_iterations,
               result.linear_iterations, run.seconds);
    return run;
}

}  // namespace memcosim::cli
