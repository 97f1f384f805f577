#pragma once
// The cell-type flags of `gen crossbar`, `solve crossbar` and `compare
// crossbar` (--cell 1R|1S1R|1T1R|2T2R, --selector, --transistor, --v-gate,
// --max-newton) and the runs of composite cells in each engine. 1R (the
// default) leaves every command exactly as it was.
#include "crossbar_options.hpp"
#include "experiments/cell_crossbar.hpp"
#include "experiments/transistor_fit.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace memcosim::cli {

struct CellOptions {
    std::string cell = "1R";
    std::string selector = "selector_sinh";
    std::string transistor = "level1";
    std::optional<double> v_gate;
    int max_newton = 100;
    CLI::Option* selector_flag = nullptr;
    CLI::Option* transistor_flag = nullptr;
    CLI::Option* gate_flag = nullptr;

    void add_to(CLI::App& command);
    // True for 1S1R, 1T1R, 2T2R (the commands' composite-cell path).
    [[nodiscard]] bool composite() const;
    // Parses --cell and checks that the other cell flags fit it.
    [[nodiscard]] experiments::CellType type() const;
    [[nodiscard]] experiments::CellCrossbar build(const CrossbarOptions& crossbar) const;
    [[nodiscard]] solver::NonlinearSolveOptions solve_options() const;
};

// The three commands' composite-cell paths.
[[nodiscard]] netlist::Circuit cell_circuit(const CrossbarOptions& crossbar, const CellOptions& cells);
void solve_cells(const CrossbarOptions& crossbar, const CellOptions& cells, const std::string& output);
void compare_cells(const CrossbarOptions& crossbar, const CellOptions& cells, double tolerance,
                   const std::string& output);

// Fits the compact model to the crossbar's transistor (ngspice sweep + LM).
[[nodiscard]] experiments::TransistorFit fit_for(const experiments::CellCrossbar& cells, spice::Engine& engine);

}  // namespace memcosim::cli
