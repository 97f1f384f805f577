#pragma once
// The flags of `memcosim write` and their conversion to a validated
// experiments::ArrayWrite (model cells and their states through
// CrossbarOptions::build_model_cells, so --model/--states/--state-uniform
// mean what they mean for `compare crossbar --model`).
//
// Composite cells (--cell 1S1R|1T1R|2T2R, experiments/cell_array_write.hpp)
// take the cell flags of `compare crossbar` (--selector, --transistor,
// --v-gate) and the word lines of a single-cell access: the selected row's
// gate at --v-gate, the others at --v-gate-off (default 0 V), or --gates
// FILE (one voltage per word line). 2T2R: --cols counts physical columns
// (two per pair), --cell-col names the pair and --device G+|G- the one
// device of it the write programs.
#include "experiments/array_write.hpp"
#include "experiments/cell_array_write.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::cli {

struct WriteOptions {
    std::string model;                     // NAME|FILE.va[:K=V,...]
    long rows = 0, cols = 0;
    long cell_row = 0;
    std::vector<long> cell_columns;        // one, or several for a row write
    std::string scheme = "v2";
    double v_write = 0.0, width = 0.0;
    std::optional<double> rise, fall;      // default: a tenth of the width; fall = rise
    std::vector<std::string> state_files;  // one R x C map per model state
    std::vector<double> state_uniform;     // or one value per state
    std::optional<double> r_wire, r_row, r_col;
    double r_driver = 0.0;                 // ohm, every driven line's source resistance
    double c_wire = 0.0;                   // farad per wire node to ground (0: each instant a DC solve)
    std::string engine = "solver";
    int newton_iterations = 100;
    int steps = 100;                       // maximum time step = duration / steps
    std::string output, plot;
    // Composite cells.
    std::string cell = "1R";
    std::string selector = "selector_sinh";
    std::string transistor = "level1";
    std::optional<double> v_gate, v_gate_off;
    std::string gates_file;
    std::string device = "G+";  // 2T2R: the device of the pair the write programs
    CLI::Option* selector_flag = nullptr;
    CLI::Option* transistor_flag = nullptr;
    CLI::Option* device_flag = nullptr;

    void add_to(CLI::App& command);
    // Throws InputError naming the flag. For 2T2R the selected columns are
    // the physical ones (2p for G+, 2p+1 for G-).
    [[nodiscard]] experiments::ArrayWrite build() const;
    // The composite write on that array; nothing for 1R cells.
    [[nodiscard]] std::optional<experiments::CellWrite> build_cells(const experiments::ArrayWrite& write) const;
};

}  // namespace memcosim::cli
