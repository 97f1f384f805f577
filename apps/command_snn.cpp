// memcosim snn: a small spiking network (Poisson inputs, LIF neurons,
// memristor synapses with STDP) in ngspice and in the event-driven surrogate,
// with the comparison of spike counts, spike times and final conductances.
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "device_options.hpp"
#include "neuro/snn_spice.hpp"
#include "neuro/snn_surrogate.hpp"
#include "neuro/stdp_calibration.hpp"
#include "results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

namespace memcosim::cli {
namespace {

struct SnnSettings {
    neuro::SnnRequest request;
    std::string calibration, engine = "both", output, conductances;
};

neuro::StdpSetup setup_from(const neuro::StdpCalibration& c) {
    const DeviceOptions device_options{c.model, {}, "spice"};
    auto device = device_options.build();
    for (const auto& [name, value] : c.parameters) device.parameters[name] = value;
    return neuro::make_stdp_setup(device, neuro::parse_stdp_scheme(c.scheme), c.pre, c.post);
}

std::size_t total_spikes(const neuro::SnnResult& r) {
    std::size_t count = 0;
    for (const auto& s : r.output_spikes) count += s.size();
    return count;
}

void compare(const neuro::SnnResult& spice, const neuro::SnnResult& surrogate) {
    fmt::print("neuron,spikes_spice,spikes_surrogate,max_time_difference\n");
    for (std::size_t j = 0; j < spice.output_spikes.size(); ++j) {
        const auto& a = spice.output_spikes[j];
        const auto& b = surrogate.output_spikes[j];
        double worst = 0.0;
        for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) worst = std::max(worst, std::abs(a[k] - b[k]));
        fmt::print("{},{},{},{}\n", j, a.size(), b.size(), csv::format_number(worst));
    }
    const double n_spice = static_cast<double>(total_spikes(spice)), n_sur = static_cast<double>(total_spikes(surrogate));
    double g_worst = 0.0, change_worst = 0.0, change_scale = 0.0;
    for (std::size_t k = 0; k < spice.final_g.size(); ++k) {
        g_worst = std::max(g_worst, std::abs(surrogate.final_g[k] - spice.final_g[k]) / spice.final_g[k]);
        change_worst = std::max(change_worst, std::abs((surrogate.final_g[k] - surrogate.initial_g[k]) -
                                                       (spice.final_g[k] - spice.initial_g[k])));
        change_scale = std::max(change_scale, std::abs(spice.final_g[k] - spice.initial_g[k]));
    }
    fmt::print("total spikes: spice {}, surrogate {} (difference {:.2f} %)\n", n_spice, n_sur,
               n_spice > 0 ? 100.0 * std::abs(n_sur - n_spice) / n_spice : 0.0);
    fmt::print("final conductances: largest relative difference {:.3f} %; largest change in SPICE {:.3g} S, largest "
               "difference of the changes {:.3g} S\n",
               100.0 * g_worst, change_scale, change_worst);
    fmt::print("time: spice {:.3f} s, surrogate {:.6f} s, speed-up {:.0f}x\n", spice.seconds, surrogate.seconds,
               spice.seconds / std::max(surrogate.seconds, 1e-9));
}

std::string spikes_csv(const std::vector<std::pair<std::string, const neuro::SnnResult*>>& runs) {
    std::string text = "engine,neuron,time\n";
    for (const auto& [name, r] : runs)
        for (std::size_t j = 0; j < r->output_spikes.size(); ++j)
            for (double t : r->output_spikes[j]) text += fmt::format("{},{},{}\n", name, j, csv::format_number(t));
    return text;
}

std::string conductances_csv(const neuro::SnnNetwork& n,
                             const std::vector<std::pair<std::string, const neuro::SnnResult*>>& runs) {
    std::string text = "input,neuron,g_initial";
    for (const auto& run : runs) text += fmt::format(",g_final_{}", run.first);
    text += '\n';
    for (int i = 0; i < n.inputs; ++i)
        for (int j = 0; j < n.neurons; ++j) {
            const auto k = static_cast<std::size_t>(i * n.neurons + j);
            text += fmt::format("{},{},{}", i, j, csv::format_number(runs.front().second->initial_g[k]));
            for (const auto& run : runs) text += fmt::format(",{}", csv::format_number(run.second->final_g[k]));
            text += '\n';
        }
    return text;
}

void run_snn(const SnnSettings& s) {
    if (s.engine != "spice" && s.engine != "surrogate" && s.engine != "both")
        throw InputError(fmt::format("unknown engine '{}': expected spice, surrogate or both", s.engine));
    const auto c = neuro::read_stdp_calibration(s.calibration);
    const auto network = neuro::make_snn(setup_from(c), s.request);
    std::size_t input_spikes = 0;
    for (const auto& train : network.input_spikes) input_spikes += train.size();
    fmt::print(stderr, "snn: {} inputs x {} neurons, {} s, {} input spikes; synapses {} ({})\n", network.inputs,
               network.neurons, network.duration, input_spikes, c.model, s.calibration);
    std::optional<neuro::SnnResult> spice, surrogate;
    if (s.engine != "spice") {
        surrogate = neuro::run_snn_surrogate(network, c.window);
        fmt::print(stderr, "snn: surrogate {} output spikes in {:.6f} s\n", total_spikes(*surrogate),
                   surrogate->seconds);
    }
    if (s.engine != "surrogate") {
        fmt::print(stderr, "snn: ngspice...\n");
        spice::Engine engine;
        spice = neuro::run_snn_spice(network, engine);
        fmt::print(stderr, "snn: ngspice {} output spikes in {:.3f} s\n", total_spikes(*spice), spice->seconds);
    }
    std::vector<std::pair<std::string, const neuro::SnnResult*>> runs;
    if (spice) runs.emplace_back("spice", &*spice);
    if (surrogate) runs.emplace_back("surrogate", &*surrogate);
    if (!s.output.empty()) write_output(spikes_csv(runs), s.output);
    if (!s.conductances.empty()) write_output(conductances_csv(network, runs), s.conductances);
    if (spice && surrogate) {
        compare(*spice, *surrogate);
    } else {
        for (const auto& [name, r] : runs)
            fmt::print("{}: {} output spikes in {:.6f} s\n", name, total_spikes(*r), r->seconds);
    }
}

}  // namespace

void add_snn_command(CLI::App& app) {
    auto s = std::make_shared<SnnSettings>();
    auto* snn = app.add_subcommand("snn", "spiking network with STDP synapses: ngspice vs the event-driven surrogate");
    snn->add_option("--cal", s->calibration, "STDP calibration JSON (device model and spike shapes come from it)")
        ->required();
    snn->add_option("--inputs", s->request.inputs, "input neurons (Poisson)")->capture_default_str();
    snn->add_option("--neurons", s->request.neurons, "LIF neurons")->capture_default_str();
    snn->add_option("--duration", s->request.duration, "simulated time, s")->capture_default_str();
    snn->add_option("--rate", s->request.rate, "input rate, Hz (Poisson part of each interval)")
        ->capture_default_str();
    snn->add_option("--seed", s->request.seed, "random seed (inputs and initial states)")->capture_default_str();
    snn->add_option("--tau-m", s->request.tau_membrane, "membrane time constant, s")->capture_default_str();
    snn->add_option("--kick", s->request.kick, "membrane step of one pre spike through a mid-range synapse, V")
        ->capture_default_str();
    snn->add_option("--state-min", s->request.state_min, "lowest initial synapse state")->capture_default_str();
    snn->add_option("--state-max", s->request.state_max, "highest initial synapse state")->capture_default_str();
    snn->add_option("--engine", s->engine, "spice, surrogate or both (compare)")->capture_default_str();
    snn->add_option("-o,--output", s->output, "output spikes CSV (engine,neuron,time)");
    snn->add_option("--conductances", s->conductances, "synapse conductances CSV (input,neuron,g_initial,g_final_*)");
    snn->callback([s] { run_snn(*s); });
}

}  // namespace memcosim::cli
