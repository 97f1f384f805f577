// memcosim map: place a network on crossbar cores (Boost.Graph, strongly
// connected neurons kept together), report the inter-core traffic and how
// accurately the mapped network computes, for the greedy placement and the
// sequential baseline.
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "partition/core_traffic.hpp"
#include "partition/mapped_network.hpp"
#include "partition/solver_tile_engine.hpp"
#include "results.hpp"

#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

using namespace memcosim::partition;

struct MapFlags {
    std::string layers, weights, graph, inputs, core = "128x128", method = "both", output = "-", assignment;
    std::string map = "differential", variation = "none", faults;
    std::optional<double> r_wire;
    double g_on = 1e-4, g_off = 1e-6, v_read = 0.2;
    int levels = 0;
    long samples = 32;
    std::uint64_t seed = 1;
};

SynapseNetwork load_network(const MapFlags& flags) {
    const int given = int(!flags.layers.empty()) + int(!flags.weights.empty()) + int(!flags.graph.empty());
    if (given != 1) throw InputError("give exactly one of --layers SIZES, --weights W1.csv,W2.csv,... or --graph edges.csv");
    if (!flags.graph.empty()) return read_edge_list(flags.graph);
    if (!flags.layers.empty()) {
        const auto sizes = parse_layer_sizes(flags.layers, "--layers");
        auto network = layered_network(random_layer_weights(sizes, flags.seed), std::vector<std::string>(sizes.size(), "--layers"));
        network.description = fmt::format("layers {} (random weights, N(0, 2/fan-in))", flags.layers);
        return network;
    }
    std::vector<std::string> files = csv::split_fields(flags.weights);
    std::vector<RowMajorMatrix> weights;
    for (const auto& file : files) weights.push_back(csv::read_matrix(file));
    auto network = layered_network(weights, files);
    network.description = flags.weights;
    return network;
}

PartitionStrategy strategy_of(const MapFlags& flags) {
    if (!flags.r_wire) throw InputError("give --r-wire (ohm per segment; 0 for ideal wires)");
    PartitionStrategy s;
    s.mapping = {parse_mapping_scheme(flags.map, "--map"), flags.g_on, flags.g_off, flags.levels};
    s.wires = {*flags.r_wire, *flags.r_wire};
    s.devices = {parse_variation(flags.variation, "--variation"), parse_faults(flags.faults, "--faults")};
    s.seed = flags.seed;
    s.read_voltage = flags.v_read;
    s.validate();
    return s;
}

std::vector<PartitionMethod> methods_of(const std::string& text) {
    if (text == "both") return {PartitionMethod::greedy, PartitionMethod::sequential};
    return {parse_partition_method(text, "--method")};
}

Eigen::MatrixXd network_inputs(const MapFlags& flags, const SynapseNetwork& network) {
    if (flags.inputs.empty()) return random_network_inputs(network, flags.samples, flags.seed);
    return csv::read_matrix(flags.inputs);
}

std::string assignment_csv(const std::vector<CrossbarUnit>& units, const CoreAssignment& assignment) {
    std::string text = "neuron,slice,core,column\n";
    for (std::size_t c = 0; c < assignment.cores(); ++c) {
        for (std::size_t k = 0; k < assignment.units[c].size(); ++k) {
            const CrossbarUnit& u = units[assignment.units[c][k]];
            text += fmt::format("{},{},{},{}\n", u.neuron, u.slice, c, k);
        }
    }
    return text;
}

void run_map(const MapFlags& flags) {
    const SynapseNetwork network = load_network(flags);
    const TileShape core = parse_tile_shape(flags.core, "--core");
    const PartitionStrategy strategy = strategy_of(flags);
    const Eigen::MatrixXd inputs = network_inputs(flags, network);
    const auto units = split_into_units(network, core.rows);
    SolverTileEngine engine(solver::LinearMethod::multigrid_pcg);
    std::string table = "method,cores,units,row_fill,column_fill,spike_routes,input_routes,cut_synapses,"
                        "partial_sum_transfers,mean_rel_error,worst_rel_error,mean_cosine,top1_agreement\n";
    std::FILE* console = flags.output == "-" ? stderr : stdout;
    fmt::print(console, "{}: {} neurons, {} synapses, {} crossbar columns on {} cores\n", network.description,
               network.neurons, network.synapses.size(), units.size(), to_string(core));
    fmt::print(console, "{:>10} {:>6} {:>9} {:>9} {:>8} {:>10} {:>11} {:>9} {:>9} {:>6}\n", "method", "cores", "row fill",
               "col fill", "spikes", "cut syn.", "partial s.", "mean %", "worst %", "top-1");
    for (PartitionMethod method : methods_of(flags.method)) {
        fmt::print(stderr, "map: {} placement...\n", to_string(method));
        const CoreAssignment assignment = assign_cores(network, units, core, method);
        const TrafficReport t = measure_traffic(network, units, assignment);
        const NetworkAccuracy a = evaluate_mapped_network({network, units, assignment}, inputs, strategy, engine);
        const std::string top1 = a.top1_agreement ? fmt::format("{:.4f}", *a.top1_agreement) : std::string();
        table += fmt::format("{},{},{},{:.4f},{:.4f},{},{},{},{},{:.6g},{:.6g},{:.9g},{}\n", to_string(method), t.cores,
                             t.units, t.row_fill, t.column_fill, t.spike_routes, t.input_routes, t.cut_synapses,
                             t.partial_sum_transfers, a.error.mean_relative, a.error.worst_relative, a.error.mean_cosine, top1);
        fmt::print(console, "{:>10} {:>6} {:>9.3f} {:>9.3f} {:>8} {:>10} {:>11} {:>9.4f} {:>9.4f} {:>6}\n", to_string(method),
                   t.cores, t.row_fill, t.column_fill, t.spike_routes, t.cut_synapses, t.partial_sum_transfers,
                   100 * a.error.mean_relative, 100 * a.error.worst_relative, top1);
        if (!flags.assignment.empty() && method == methods_of(flags.method).front()) {
            write_output(assignment_csv(units, assignment), flags.assignment);
        }
    }
    write_output(table, flags.output);
}

}  // namespace

void add_map_command(CLI::App& app) {
    auto* command = app.add_subcommand("map", "place a layered or spiking network on crossbar cores: traffic and accuracy");
    auto flags = std::make_shared<MapFlags>();
    command->add_option("--layers", flags->layers, "layer sizes, e.g. 784,256,10 (random weights)");
    command->add_option("--weights", flags->weights, "one weight CSV per layer, W1.csv,W2.csv (line i = input i)");
    command->add_option("--graph", flags->graph, "spiking network edges CSV: source,target[,weight]")->check(CLI::ExistingFile);
    command->add_option("--core", flags->core, "crossbar core ROWSxCOLS")->capture_default_str();
    command->add_option("--method", flags->method, "greedy, sequential or both")->capture_default_str();
    command->add_option("--inputs", flags->inputs, "network inputs CSV, one sample per line (default: random)")
        ->check(CLI::ExistingFile);
    command->add_option("--samples", flags->samples, "random input samples")->capture_default_str();
    command->add_option("--map", flags->map, "differential or reference")->capture_default_str();
    command->add_option("--levels", flags->levels, "conductance levels; 0 = continuous")->capture_default_str();
    command->add_option("--g-on", flags->g_on, "LRS conductance, siemens")->capture_default_str();
    command->add_option("--g-off", flags->g_off, "HRS conductance, siemens")->capture_default_str();
    command->add_option("--r-wire", flags->r_wire, "wire resistance per segment, ohm (0: ideal wires)");
    command->add_option("--v-read", flags->v_read, "read voltage, volts")->capture_default_str();
    command->add_option("--variation", flags->variation, "none, gaussian:SIGMA, lognormal:SIGMA")->capture_default_str();
    command->add_option("--faults", flags->faults, "stuck-at rates STUCK_ON:STUCK_OFF");
    command->add_option("--seed", flags->seed, "seed for weights, inputs, variation and faults")->capture_default_str();
    command->add_option("-o,--output", flags->output, "report CSV ('-' = stdout)")->capture_default_str();
    command->add_option("--assignment", flags->assignment, "write neuron,slice,core,column of the first method");
    command->callback([flags] { run_map(*flags); });
}

}  // namespace memcosim::cli
