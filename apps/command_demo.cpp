// memcosim demo: the main job in one command. A crossbar with real wires and
// random conductances runs in ngspice and in the exact solver; the IR-drop
// error (ideal vs with wires), the engines' agreement and their run times are
// printed, and the results and an IR-drop heatmap are written to a folder.
#include "commands.hpp"
#include "core/atomic_file.hpp"
#include "crossbar_options.hpp"
#include "crossbar_runs.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

struct DemoSettings {
    long size = 128;
    double r_wire = 1.0;
    std::string g_range = "1e-6:1e-5";
    std::string v_range = "0.05:0.2";
    std::uint64_t seed = 7;
    std::string folder = "memcosim-demo";
};

CrossbarArray demo_array(const DemoSettings& settings) {
    CrossbarOptions options;
    options.rows = settings.size;
    options.cols = settings.size;
    options.g_random = settings.g_range;
    options.v_random = settings.v_range;
    options.seed = settings.seed;
    options.r_wire = settings.r_wire;
    return options.build();
}

// Shortfall of each cell's voltage against its row input, in millivolts:
// absolute, because rows with small inputs would dominate a relative map.
RowMajorMatrix cell_voltage_loss_millivolts(const CrossbarArray& array, const solver::CrossbarSolution& solution) {
    RowMajorMatrix loss = -solution.cell_voltages();
    loss.colwise() += array.inputs;
    return loss * 1e3;
}

void write_columns_csv(const std::string& path, const Eigen::VectorXd& ideal, const Eigen::VectorXd& spice,
                       const Eigen::VectorXd& solver) {
    std::string text = "col,ideal,spice,solver,ir_drop_error\n";
    for (Eigen::Index j = 0; j < ideal.size(); ++j) {
        text += fmt::format("{},{},{},{},{}\n", j, ideal(j), spice(j), solver(j), (ideal(j) - solver(j)) / ideal(j));
    }
    write_file_atomically(path, text);
}

void run_demo(const DemoSettings& settings) {
    const CrossbarArray array = demo_array(settings);
    std::filesystem::create_directories(settings.folder);
    const auto path = [&](const char* name) { return (std::filesystem::path(settings.folder) / name).string(); };
    write_file_atomically(path("crossbar.cir"), netlist::write_spice(generators::build_crossbar_circuit(array)));

    spice::Engine engine;
    const auto spice_run = run_crossbar_in_spice(engine, array);
    const auto solver_run = run_crossbar_in_solver(array, solver::LinearMethod::automatic);
    const Eigen::VectorXd ideal = array.ideal_column_currents();
    const Eigen::VectorXd& actual = solver_run.solution.column_currents;
    const Eigen::VectorXd error = (ideal - actual).cwiseQuotient(ideal);
    Eigen::Index worst_column = 0;
    error.maxCoeff(&worst_column);
    const double agreement = relative_max_difference(spice_run.column_currents, actual, spice_run.column_currents);

    fmt::print("memcosim demo: {0}x{0} 1R crossbar, conductances U({1}) S, inputs U({2}) V, wire {3} ohm/segment\n",
               settings.size, settings.g_range, settings.v_range, settings.r_wire);
    fmt::print("IR-drop error of the column currents (ideal - actual) / ideal:\n");
    fmt::print("  mean  {:.3f} %\n  worst {:.3f} % (column {})\n", 100 * error.mean(), 100 * error(worst_column),
               worst_column);
    fmt::print("Engines (same circuit):\n");
    fmt::print("  ngspice (KLU)       {:8.3f} s\n", spice_run.seconds);
    fmt::print("  memcosim solver     {:8.3f} s  ({}; {:.0f}x faster)\n", solver_run.seconds,
               solver::to_string(solver_run.solution.method_used),
               spice_run.seconds / std::max(solver_run.seconds, 1e-9));
    fmt::print("  largest difference  {:.2e} of the largest column current\n", agreement);

    write_columns_csv(path("columns.csv"), ideal, spice_run.column_currents, actual);
    plot_heatmap(cell_voltage_loss_millivolts(array, solver_run.solution),
                 {fmt::format("IR drop in a {0}x{0} crossbar, {1} ohm per wire segment", settings.size, settings.r_wire),
                  "column (sensed at the bottom)", "row (driven at the left)", "cell voltage shortfall V_i - (V_row - V_col), mV"},
                 path("irdrop_heatmap.png"));
    fmt::print("Wrote {0}/crossbar.cir, {0}/columns.csv, {0}/irdrop_heatmap.png\n", settings.folder);
}

}  // namespace

void add_demo_command(CLI::App& app) {
    auto settings = std::make_shared<DemoSettings>();
    auto* demo = app.add_subcommand("demo", "IR drop in a crossbar with wires: ngspice vs the exact solver, with a heatmap");
    demo->add_option("--size", settings->size, "rows = columns")->capture_default_str()->check(CLI::Range(1, 512));
    demo->add_option("--r-wire", settings->r_wire, "wire resistance per segment, ohm")->capture_default_str();
    demo->add_option("--g-random", settings->g_range, "cell conductances LO:HI, siemens")->capture_default_str();
    demo->add_option("--v-random", settings->v_range, "row inputs LO:HI, volts")->capture_default_str();
    demo->add_option("--seed", settings->seed, "random seed")->capture_default_str();
    demo->add_option("--out", settings->folder, "folder for the results")->capture_default_str();
    demo->callback([settings] { run_demo(*settings); });
}

}  // namespace memcosim::cli
