// memcosim: circuit-level co-simulation of memristive crossbars.
// Exit codes: 0 success, 1 an error in the input or a failed simulation,
// 2 a command-line usage error.
#include "commands.hpp"

#include <cstdio>
#include <exception>
#include <fmt/format.h>

int main(int argc, char** argv) {
    CLI::App app{
        "memcosim: SPICE (embedded ngspice) and fast exact solvers for memristive crossbars, compared.\n"
        "Conventions: rows driven at the left, columns sensed at the bottom at 0 V; SI units in every file.",
        "memcosim"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "memcosim 0.1.0");
    memcosim::cli::add_gen_command(app);
    memcosim::cli::add_sim_command(app);
    memcosim::cli::add_solve_command(app);
    memcosim::cli::add_compare_command(app);
    memcosim::cli::add_demo_command(app);
    memcosim::cli::add_sneak_command(app);
    memcosim::cli::add_models_command(app);
    memcosim::cli::add_iv_command(app);
    memcosim::cli::add_pulses_command(app);
    memcosim::cli::add_partition_command(app);
    memcosim::cli::add_map_command(app);
    memcosim::cli::add_write_command(app);
    memcosim::cli::add_calibrate_command(app);
    memcosim::cli::add_surrogate_command(app);
    memcosim::cli::add_report_command(app);
    memcosim::cli::add_stdp_command(app);
    memcosim::cli::add_snn_command(app);
    memcosim::cli::add_transistor_command(app);
    memcosim::cli::add_neuron_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : 2;
    } catch (const std::exception& error) {
        std::fflush(stdout);
        fmt::print(stderr, "memcosim: error: {}\n", error.what());
        return 1;
    }
    return 0;
}
