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
void add_write_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);  // calibrate + the hidden calibrate-worker
void add_surrogate_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_stdp_command(CLI::App& app);
void add_snn_command(CLI::App& app);
void add_transistor_command(CLI::App& app);
void add_neuron_command(CLI::App& app);
// `gen neuron`: registered on the `gen` parent command by command_gen.cpp (defined in command_neuron.cpp).
void add_gen_neuron_subcommand(CLI::App& gen);
// `calibrate stdp`: registered on the `calibrate` parent command by command_calibrate.cpp.
void add_calibrate_stdp_subcommand(CLI::App& calibrate);

}  // namespace memcosim::cli
