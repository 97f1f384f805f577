#pragma once
// The cell-type flags of `gen crossbar`, `solve crossbar` and `compare
// crossbar` (--cell 1R|1S1R|1T1R|2T2R, --selector, --transistor, --v-gate,
// --max-newton) and the runs of composite cells in each engine. 1R (the
// default) leaves every command exactly as it was.
//
// Single-cell access (experiments/cell_access.hpp), any cell type: --scheme
// v2|v3|float with --cell-row, --cell-col (2T2R: the pair) and --v-read or
// --v-write (the flags of `memcosim write` and `memcosim sneak`); the scheme
// sets the row voltages. Word lines (1T1R, 2T2R): under a scheme the
// selected row's gate is at --v-gate and the others at --v-gate-off
// (default 0 V); --gates FILE gives every word line its own voltage.
#include "crossbar_options.hpp"
#include "experiments/cell_access.hpp"
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
    // Single-cell access and word lines.
    std::string scheme;  // empty: the MVM read of every row
    std::optional<long> cell_row, cell_col;
    std::optional<double> v_read, v_write, v_gate_off;
    std::string gates_file;

    void add_to(CLI::App& command);
    // True for 1S1R, 1T1R, 2T2R (the commands' composite-cell path).
    [[nodiscard]] bool composite() const;
    // Parses --cell and checks that the other cell flags fit it.
    [[nodiscard]] experiments::CellType type() const;
    [[nodiscard]] experiments::CellCrossbar build(const CrossbarOptions& crossbar) const;
    [[nodiscard]] solver::NonlinearSolveOptions solve_options() const;
    // True with --scheme (checks the access flags fit together).
    [[nodiscard]] bool access() const;
    // The selected cell, scheme and row voltage (after access()).
    [[nodiscard]] experiments::CellAccessTarget target() const;
};

// The three commands' composite-cell paths.
[[nodiscard]] netlist::Circuit cell_circuit(const CrossbarOptions& crossbar, const CellOptions& cells);
void solve_cells(const CrossbarOptions& crossbar, const CellOptions& cells, const std::string& output);
void compare_cells(const CrossbarOptions& crossbar, const CellOptions& cells, double tolerance,
                   const std::string& output);

// The same for a single-cell access (--scheme): `gen` writes the netlist
// with the ammeter(s), `solve` and `compare` report sensed, cell and sneak
// current (row,col,v_row,sensed_current,cell_current,sneak_current,
// half_selected_voltage,unselected_voltage).
[[nodiscard]] netlist::Circuit access_circuit(const CrossbarOptions& crossbar, const CellOptions& cells);
void solve_access(const CrossbarOptions& crossbar, const CellOptions& cells, const std::string& output);
void compare_access(const CrossbarOptions& crossbar, const CellOptions& cells, double tolerance,
                    const std::string& output);

// Fits the compact model to the crossbar's transistor (ngspice sweep + LM).
[[nodiscard]] experiments::TransistorFit fit_for(const experiments::CellCrossbar& cells, spice::Engine& engine);

// The parsers behind --selector and --gates, for other commands' cell flags
// (`memcosim write`): "NAME|FILE.va[:K=V,...]"; one voltage per word line.
[[nodiscard]] experiments::DeviceUnderTest selector_device(const std::string& spec);
[[nodiscard]] Eigen::VectorXd gate_voltages_file(const std::string& path, Eigen::Index rows);

}  // namespace memcosim::cli
