#pragma once
// Each subcommand lives in its own file and registers itself on the top-level
// App; its callback does the work and throws on any error (main reports it).
#include <CLI/CLI.hpp>

namespace memcosim::cli {

void add_gen_command(CLI::App& app);
void add_sim_command(CLI::App& app);
void add_solve_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_sneak_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_iv_command(CLI::App& app);
void add_pulses_command(CLI::App& app);
void add_partition_command(CLI::App& app);
void add_map_command(CLI::App& app);

}  // namespace memcosim::cli
