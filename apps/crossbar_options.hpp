#pragma once
// The crossbar flags shared by `gen`, `solve`, `compare` and `demo`, and the
// conversion from flags to a validated CrossbarArray.
#include "core/crossbar_array.hpp"
#include "experiments/model_crossbar.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace memcosim::cli {

struct CrossbarOptions {
    std::optional<long> rows, cols;
    std::string conductance_file, input_file;
    std::optional<double> g_uniform, v_uniform;
    std::string g_random, v_random;  // "LO:HI"
    std::uint64_t seed = 1;
    std::optional<double> r_row, r_col, r_wire;
    double c_wire = 0.0;
    std::string model;                     // NAME|FILE.va[:K=V,...]: cells are this device model
    std::vector<std::string> state_files;  // one R x C map per model state
    std::vector<double> state_uniform;     // or one value per model state

    // Registers the flags on a subcommand.
    void add_to(CLI::App& command);
    // Reads files, draws random values, checks consistency; throws InputError.
    [[nodiscard]] CrossbarArray build() const;
    // The model cells, if --model was given (with their state maps), for `array`.
    [[nodiscard]] std::optional<experiments::ModelCrossbar> build_model_cells(const CrossbarArray& array) const;
};

// "LO:HI" -> (lo, hi); `flag` names the option in errors.
[[nodiscard]] std::pair<double, double> parse_range(const std::string& text, const std::string& flag);

}  // namespace memcosim::cli
