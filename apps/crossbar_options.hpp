#pragma once
// The crossbar flags shared by `gen`, `solve`, `compare` and `demo`, and the
// conversion from flags to a validated CrossbarArray.
#include "core/crossbar_array.hpp"

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

    // Registers the flags on a subcommand.
    void add_to(CLI::App& command);
    // Reads files, draws random values, checks consistency; throws InputError.
    [[nodiscard]] CrossbarArray build() const;
};

// "LO:HI" -> (lo, hi); `flag` names the option in errors.
[[nodiscard]] std::pair<double, double> parse_range(const std::string& text, const std::string& flag);

}  // namespace memcosim::cli
