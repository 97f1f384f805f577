// memcosim neuron: one integrate-and-fire neuron (LIF or opamp) with N
// memristor synapses, simulated in ngspice: the trace as CSV, the spikes,
// the firing rate (against the closed form when only a constant current
// drives it) and the synapses' states. `memcosim gen neuron` writes the same
// bench as a netlist for `memcosim sim`.
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "models/model_registry.hpp"
#include "netlist/electrical_rules.hpp"
#include "neuro/lif_netlist.hpp"
#include "neuro/neuron_bench.hpp"
#include "neuro/neuron_run.hpp"
#include "neuro/spike_spec.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace memcosim::cli {
namespace {

const std::string default_spike = neuro::format_spike_spec(neuro::default_neuron_spike());

struct NeuronOptions {
    std::string type = "opamp", model, pre = default_spike, post = default_spike, swing = "-2.5:2.5";
    std::vector<std::string> parameters;
    int synapses = 1;
    double state = 0.0;
    CLI::Option* state_flag = nullptr;  // --state given? (else the model's default)
    double rate = 0.0, current = 0.0, duration = 10e-6, max_step = 0.0;
    std::uint64_t seed = 1;
    double c_int = 1e-12, r_leak = 1e6, v_threshold = 0.5, t_refractory = 1e-6, gain = 1e5, gbw = 100e6;

    void add_to(CLI::App& command) {
        command.add_option("--type", type, "neuron: opamp (integrator + comparator + switches) or lif (behavioral)")
            ->capture_default_str();
        command.add_option("--synapses", synapses, "number of synapses N (>= 1), one input each")
            ->capture_default_str();
        command.add_option("--model", model, "synapse model or preset (see `memcosim models list`), or a .va file")
            ->required();
        command.add_option("--param", parameters, "synapse model parameter override K=V (repeatable)");
        state_flag =
            command.add_option("--state", state, "initial state of every synapse in [0, 1] (default: the model's)");
        command.add_option("--pre", pre, "input spike shape SHAPE[:K=V,...]")->capture_default_str();
        command.add_option("--post", post, "the neuron's spike shape (must fit in --t-ref)")->capture_default_str();
        command.add_option("--rate", rate, "Poisson input rate per synapse, Hz (0: no input spikes)")
            ->capture_default_str();
        command.add_option("--seed", seed, "seed of the input spike trains")->capture_default_str();
        command.add_option("--current", current, "constant current into the dendrite, A")->capture_default_str();
        command.add_option("--duration", duration, "simulated time, s")->capture_default_str();
        command.add_option("--max-step", max_step, "largest ngspice time step, s (0: 1/25 of the spikes' shortest "
                                                   "part, at most 1/1000 of tau and t_ref)")
            ->capture_default_str();
        command.add_option("--c-int", c_int, "integrating (membrane) capacitance, F")->capture_default_str();
        command.add_option("--r-leak", r_leak, "leak resistance, ohm")->capture_default_str();
        command.add_option("--v-th", v_threshold, "threshold, V (opamp: fires when the output reaches -V_th)")
            ->capture_default_str();
        command.add_option("--t-ref", t_refractory, "refractory period from the threshold crossing, s")
            ->capture_default_str();
        command.add_option("--gain", gain, "opamp open-loop gain")->capture_default_str();
        command.add_option("--gbw", gbw, "opamp gain-bandwidth product, Hz")->capture_default_str();
        command.add_option("--swing", swing, "opamp output swing LO:HI, V")->capture_default_str();
    }

    [[nodiscard]] neuro::NeuronBenchSpec build() const {
        const models::ModelRegistry registry;
        auto selection = registry.select(model);
        neuro::NeuronBenchSpec spec{{selection.model, selection.parameters}};
        for (const auto& text : parameters) {
            const auto value = models::parse_override(text);
            spec.device.parameters[models::match_parameter(spec.device.model, value.name)] = value.value;
        }
        spec.type = neuro::parse_neuron_type(type);
        if (synapses < 1) throw InputError(fmt::format("--synapses must be at least 1, got {}", synapses));
        spec.synapses = synapses;
        if (state_flag->count() > 0) spec.initial_states.assign(static_cast<std::size_t>(synapses), state);
        spec.pre = neuro::parse_spike_spec(pre);
        spec.post = neuro::parse_spike_spec(post);
        spec.bias_current = current;
        spec.duration = duration;
        spec.max_step = max_step;
        spec.opamp.c_int = c_int;
        spec.opamp.r_leak = r_leak;
        spec.opamp.v_threshold = v_threshold;
        spec.opamp.t_refractory = t_refractory;
        spec.opamp.opamp.gain = gain;
        spec.opamp.opamp.gbw = gbw;
        const auto colon = swing.find(':');
        try {
            if (colon == std::string::npos) throw std::invalid_argument("no colon");
            spec.opamp.opamp.v_low = std::stod(swing.substr(0, colon));
            spec.opamp.opamp.v_high = std::stod(swing.substr(colon + 1));
        } catch (const std::exception&) {
            throw InputError(fmt::format("--swing '{}': expected LO:HI in volts, e.g. -2.5:2.5", swing));
        }
        spec.lif.capacitance = c_int;
        spec.lif.resistance = r_leak;
        spec.lif.v_threshold = v_threshold;
        spec.lif.t_refractory = t_refractory;
        if (spec.type == neuro::NeuronType::opamp) {
            auto checked = spec.opamp;
            checked.spike = spec.post;
            neuro::validate(checked);
        }
        if (rate != 0.0) {
            if (!(rate > 0.0) || !std::isfinite(rate))
                throw InputError(fmt::format("--rate must be a finite number >= 0 Hz, got {}", rate));
            const double dead_time = neuro::spike_duration(spec.pre, 1e-3 * neuro::spike_peak(spec.pre));
            spec.input_spikes = neuro::neuron_input_trains(synapses, rate, duration, dead_time, seed);
        }
        return spec;
    }
};

std::string trace_csv(const neuro::NeuronRun& run, neuro::NeuronType type) {
    const auto& t = run.trace;
    const bool opamp = type == neuro::NeuronType::opamp;
    std::string text = opamp ? "time,membrane,spike,refractory,integrator_output\n" : "time,membrane,spike,refractory\n";
    for (std::size_t k = 0; k < t.time.size(); ++k) {
        text += fmt::format("{},{},{},{}", csv::format_number(t.time[k]), csv::format_number(t.membrane[k]),
                            csv::format_number(t.dendrite[k]), csv::format_number(t.refractory[k]));
        if (opamp) text += fmt::format(",{}", csv::format_number(t.output[k]));
        text += '\n';
    }
    return text;
}

std::string summary(const neuro::NeuronBenchSpec& spec, const neuro::NeuronRun& run) {
    std::string text = fmt::format("neuron: {}, {} {} synapse(s), {} s simulated, ngspice {:.3f} s\n",
                                   to_string(spec.type), spec.synapses, spec.device.model.name(), spec.duration,
                                   run.seconds);
    std::string times;
    for (double t : run.spike_times) times += fmt::format(" {:.6g}", t);
    text += fmt::format("spikes: {} (threshold crossings, s:{})\n", run.spike_times.size(), times);
    const double measured = neuro::firing_rate(run.spike_times);
    text += fmt::format("rate: {:.6g} Hz (from the intervals between spikes)\n", measured);
    if (spec.input_spikes.empty() && spec.bias_current != 0.0) {
        const double expected = spec.type == neuro::NeuronType::opamp
                                    ? neuro::opamp_neuron_rate(spec.opamp, spec.bias_current)
                                    : neuro::lif_rate(spec.lif, spec.bias_current);
        if (expected > 0.0 && run.spike_times.size() >= 2)
            text += fmt::format("closed form for {} A: {:.6g} Hz, error {:+.3f} %\n", spec.bias_current, expected,
                                100.0 * (measured / expected - 1.0));
        else
            text += fmt::format("closed form for {} A: {:.6g} Hz{}\n", spec.bias_current, expected,
                                expected > 0.0 ? " (too few spikes to measure: lengthen --duration)"
                                               : " (below rheobase: no spikes expected)");
    }
    text += fmt::format("synapse,state_initial,state_final,g_initial,g_final (G at {} V)\n", neuro::neuron_read_voltage);
    for (std::size_t k = 0; k < run.final_states.size(); ++k)
        text += fmt::format("{},{},{},{},{}\n", k, csv::format_number(run.initial_states[k]),
                            csv::format_number(run.final_states[k]), csv::format_number(run.initial_conductance[k]),
                            csv::format_number(run.final_conductance[k]));
    return text;
}

void plot_trace(const neuro::NeuronRun& run, const std::string& png) {
    const auto& t = run.trace;
    plot_lines({{"membrane (V)", t.time, t.membrane},
                {"bottom electrodes (V)", t.time, t.dendrite},
                {"refractory (0/1)", t.time, t.refractory}},
               {"neuron trace", "time (s)", "volts"}, png);
}

}  // namespace

void add_gen_neuron_subcommand(CLI::App& gen) {
    auto* command = gen.add_subcommand(
        "neuron", "netlist of one neuron (opamp or lif) with N memristor synapses and their input spike sources; "
                  "run it with `memcosim sim FILE.cir -o all.csv` (every vector: time, v(post) the bottom "
                  "electrodes, v(dead) refractory, v(vout) opamp output or v(mem) LIF membrane, synapse states)");
    auto options = std::make_shared<NeuronOptions>();
    auto output = std::make_shared<std::string>();
    options->add_to(*command);
    command->add_option("-o,--output", *output, "netlist file to write (stdout if omitted)");
    command->callback([options, output] {
        const auto spec = options->build();
        const auto bench = neuro::neuron_bench(spec);
        netlist::require_electrical_rules(bench.circuit);
        std::string text;
        for (const auto& line : bench.lines()) text += line + '\n';
        write_output(text, *output);
    });
}

void add_neuron_command(CLI::App& app) {
    auto* command = app.add_subcommand(
        "neuron", "simulate one neuron (opamp integrate-and-fire or behavioral lif) with N memristor synapses in "
                  "ngspice: trace CSV time,membrane,spike,refractory[,integrator_output] (membrane = -V_out for "
                  "the inverting opamp integrator; spike = voltage on the synapses' bottom electrodes), spikes, "
                  "rate (vs the closed form for --current alone) and synapse states on stdout");
    auto options = std::make_shared<NeuronOptions>();
    auto output = std::make_shared<std::string>();
    auto plot = std::make_shared<std::string>();
    options->add_to(*command);
    command->add_option("-o,--output", *output, "trace CSV to write (stdout if omitted; the summary then goes to stderr)");
    command->add_option("--plot", *plot, "PNG of the trace");
    command->callback([options, output, plot] {
        const auto spec = options->build();
        const auto bench = neuro::neuron_bench(spec);
        const double steps = spec.duration / bench.max_step;
        if (steps > 5e6)
            throw InputError(fmt::format("neuron: {:.3g} time steps of at most {} s: shorten --duration or raise "
                                         "--max-step",
                                         steps, bench.max_step));
        fmt::print(stderr, "ngspice: {} neuron, {} synapse(s), {} s at steps <= {} s...\n", to_string(spec.type),
                   spec.synapses, spec.duration, bench.max_step);
        spice::Engine engine;
        const auto run = neuro::run_neuron_bench(spec, bench, engine);
        write_output(trace_csv(run, spec.type), *output);
        if (!plot->empty()) plot_trace(run, *plot);
        const std::string text = summary(spec, run);
        std::fputs(text.c_str(), output->empty() || *output == "-" ? stderr : stdout);
    });
}

}  // namespace memcosim::cli
