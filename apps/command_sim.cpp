// memcosim sim FILE.cir: run any netlist in embedded ngspice.
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "crossbar_runs.hpp"
#include "netlist/spice_writer.hpp"
#include "results.hpp"
#include "transient_options.hpp"
#include "spice/engine.hpp"

#include <fmt/format.h>
#include <fstream>
#include <memory>

namespace memcosim::cli {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open netlist", path));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    if (lines.empty()) throw InputError(fmt::format("{}: empty netlist", path));
    return lines;
}

// Declared outputs of an operating point: one `key,value` row per output.
std::string declared_table(const spice::RunResult& result, const netlist::OutputTable& table) {
    const Eigen::VectorXd values = output_values(result, table);
    std::string text = fmt::format("{},{}\n", table.key_header, table.value_header);
    for (std::size_t k = 0; k < table.rows.size(); ++k) {
        text += fmt::format("{},{}\n", table.rows[k].first, csv::format_number(values(static_cast<Eigen::Index>(k))));
    }
    return text;
}

// Every vector of the plot, one column each (complex ones as two columns),
// one row per point: the scale (time, sweep) comes first as ngspice orders it.
std::string all_vectors_table(const spice::RunResult& result) {
    std::size_t length = 0;
    std::string text;
    for (const auto& vector : result.vectors) {
        length = std::max(length, vector.real.size());
        if (!text.empty()) text += ',';
        text += vector.is_complex() ? fmt::format("{}.re,{}.im", vector.name, vector.name) : vector.name;
    }
    text += '\n';
    for (std::size_t k = 0; k < length; ++k) {
        std::string row;
        for (const auto& vector : result.vectors) {
            if (!row.empty()) row += ',';
            if (k < vector.real.size()) row += csv::format_number(vector.real[k]);
            if (vector.is_complex()) row += ',' + (k < vector.imag.size() ? csv::format_number(vector.imag[k]) : "");
        }
        text += row + '\n';
    }
    return text;
}

}  // namespace

void add_sim_command(CLI::App& app) {
    auto* sim = app.add_subcommand("sim",
                                   "run a netlist in embedded ngspice; a netlist made by `gen` writes its declared "
                                   "outputs (col,current), any other netlist every vector of its analysis");
    auto netlist_path = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto time_limit = std::make_shared<double>(600.0);
    sim->add_option("netlist", *netlist_path, "SPICE netlist file")->required()->check(CLI::ExistingFile);
    sim->add_option("-o,--output", *output, "CSV file to write (stdout if omitted)");
    sim->add_option("--time-limit", *time_limit, "halt ngspice after this many seconds")->capture_default_str();
    auto transient = std::make_shared<TransientOptions>();
    transient->add_tran_to(*sim);
    sim->callback([netlist_path, output, time_limit, transient] {
        const auto lines = read_lines(*netlist_path);
        const auto table = netlist::read_output_table(lines, *netlist_path);
        if (transient->requested("")) {
            run_sim_transient(*transient, lines, table, *netlist_path, *time_limit, *output);
            return;
        }
        spice::Engine engine;
        spice::RunOptions options;
        options.time_limit = std::chrono::milliseconds(static_cast<long long>(*time_limit * 1000.0));
        fmt::print(stderr, "ngspice: running {} ({} lines)...\n", *netlist_path, lines.size());
        const spice::RunResult result = engine.run(lines, options);
        fmt::print(stderr, "ngspice: {} analysis done in {:.3f} s\n", result.plot_type, result.seconds);
        write_output(table ? declared_table(result, *table) : all_vectors_table(result), *output);
    });
}

}  // namespace memcosim::cli
