#pragma once
// The flags of `memcosim write` and their conversion to a validated
// experiments::ArrayWrite (model cells and their states through
// CrossbarOptions::build_model_cells, so --model/--states/--state-uniform
// mean what they mean for `compare crossbar --model`).
#include "experiments/array_write.hpp"

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

    void add_to(CLI::App& command);
    // Throws InputError naming the flag.
    [[nodiscard]] experiments::ArrayWrite build() const;
};

}  // namespace memcosim::cli
