#pragma once
// Running one crossbar through each engine, timed, with a one-line progress
// note on stderr. Used by `sim`, `solve`, `compare` and `demo`.
#include "core/crossbar_array.hpp"
#include "experiments/model_crossbar.hpp"
#include "netlist/circuit.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "spice/engine.hpp"

#include <string>
#include <vector>

namespace memcosim::cli {

struct SpiceCrossbarRun {
    Eigen::VectorXd column_currents;
    double seconds = 0.0;  // netlist generation + checks + ngspice load and run
};

struct SolverCrossbarRun {
    solver::CrossbarSolution solution;
    double seconds = 0.0;
};

[[nodiscard]] SpiceCrossbarRun run_crossbar_in_spice(spice::Engine& engine, const CrossbarArray& array);
[[nodiscard]] SolverCrossbarRun run_crossbar_in_solver(const CrossbarArray& array, solver::LinearMethod method);

// The same for a crossbar of device-model cells (Newton in the solver).
[[nodiscard]] SpiceCrossbarRun run_model_crossbar_in_spice(spice::Engine& engine,
                                                           const experiments::ModelCrossbar& crossbar);
[[nodiscard]] SolverCrossbarRun run_model_crossbar_in_solver(const experiments::ModelCrossbar& crossbar);

// Values of the declared outputs of an operating-point run, in table order.
[[nodiscard]] Eigen::VectorXd output_values(const spice::RunResult& result, const netlist::OutputTable& table);

[[nodiscard]] double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace memcosim::cli
