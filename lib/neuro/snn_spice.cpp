#include "neuro/snn_spice.hpp"

#include "core/error.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/spice_writer.hpp"
#include "neuro/lif_netlist.hpp"
#include "neuro/spike_train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace memcosim::neuro {
namespace {

using netlist::BehavioralSource;
using netlist::spice_number;

constexpr double clock_capacitance = 1e-12;

// The bipolar post shape at age s (seconds since the spike), as a B-source expression.
std::string post_shape_expression(const SpikeShape& p, const std::string& s) {
    const std::string a = spice_number(p.a_plus), m = spice_number(p.a_minus), e = spice_number(p.edge);
    const std::string plateau_end = spice_number(p.edge + p.t_plus), tail_start = spice_number(2 * p.edge + p.t_plus);
    return fmt::format(
        "{a}*min({s}/{e},1)*u({pe}-{s}) + u({s}-{pe})*u({ts}-{s})*({a}-({a}+{m})*({s}-{pe})/{e})"
        " - {m}*u({s}-{ts})*exp(-({s}-{ts})/{tau})",
        fmt::arg("a", a), fmt::arg("m", m), fmt::arg("e", e), fmt::arg("s", s), fmt::arg("pe", plateau_end),
        fmt::arg("ts", tail_start), fmt::arg("tau", spice_number(p.tau_minus)));
}

}  // namespace

SnnSpiceBench snn_spice_bench(const SnnNetwork& n) {
    const auto& model = n.synapse.device.model;
    const models::SpiceDevice lowered = models::lower_to_spice(model, models::SubcircuitMode::dynamic);
    netlist::Circuit c;
    c.title = fmt::format("memcosim SNN: {} inputs, {} LIF neurons, {} synapses", n.inputs, n.neurons, model.name());
    c.options = {{"reltol", "1e-4"}};
    c.subcircuits.push_back(lowered.subcircuit);
    const SpikeShape& pre = n.synapse.pre;
    for (int i = 0; i < n.inputs; ++i) {
        const auto& times = n.input_spikes[static_cast<std::size_t>(i)];
        netlist::Waveform wave = netlist::Dc{0.0};
        if (!times.empty()) wave = spike_train_pwl(SpikeTrain{pre, times}, snn_pwl_tolerance * spike_peak(pre));
        c.add(netlist::VoltageSource{fmt::format("vin{}", i), fmt::format("pre{}", i), netlist::ground, wave});
    }
    SnnSpiceBench bench;
    const double t_ref = n.neuron.t_refractory;
    const double fast = lif_fast_time_constant(n.neuron);
    std::vector<std::string> ic;
    bench.state_vectors.resize(static_cast<std::size_t>(n.inputs * n.neurons));
    for (int j = 0; j < n.neurons; ++j) {
        const std::string mem = fmt::format("mem{}", j), spike = fmt::format("spk{}", j), col = fmt::format("col{}", j);
        const std::string age = fmt::format("age{}", j);
        add_lif_neuron(c, fmt::format("n{}", j), n.neuron, {mem, spike});
        // Clock: charges at 1 V per t_ref while the spike output is high, emptied fast otherwise.
        c.add(netlist::Capacitor{fmt::format("c{}", age), age, netlist::ground, clock_capacitance, 0.0});
        c.add(netlist::Resistor{fmt::format("r{}", age), age, netlist::ground, 1e12});
        c.add(BehavioralSource{fmt::format("b{}", age), netlist::ground, age, BehavioralSource::Output::current,
                               fmt::format("v({sp})*{rate} - (1-v({sp}))*v({ag})*{g}", fmt::arg("sp", spike),
                                           fmt::arg("rate", spice_number(clock_capacitance / t_ref)),
                                           fmt::arg("ag", age), fmt::arg("g", spice_number(clock_capacitance / fast)))});
        c.add(BehavioralSource{fmt::format("bpost{}", j), col, netlist::ground, BehavioralSource::Output::voltage,
                               fmt::format("v({})*({})", spike,
                                           post_shape_expression(n.synapse.post,
                                                                 fmt::format("(v({})*{})", age, spice_number(t_ref))))});
        std::string input;
        for (int i = 0; i < n.inputs; ++i) {
            const std::string node = fmt::format("m{}_{}", i, j), sense = fmt::format("vs{}_{}", i, j);
            const std::string instance = fmt::format("xs{}_{}", i, j);
            c.add(netlist::VoltageSource{sense, col, node, netlist::Dc{0.0}});
            c.add(netlist::SubcircuitInstance{instance, {node, fmt::format("pre{}", i)}, lowered.subcircuit.name,
                                              models::instance_parameters(model, lowered, n.synapse.device.parameters)});
            const std::string state = fmt::format("{}.{}", instance, lowered.state_nodes[0]);
            bench.state_vectors[static_cast<std::size_t>(i * n.neurons + j)] = state;
            ic.push_back(fmt::format(".ic v({})={}", state,
                                     spice_number(n.initial_states[static_cast<std::size_t>(i * n.neurons + j)])));
            input += fmt::format("{}max(-i({}),0)", i ? "+" : "", sense);
        }
        c.add(BehavioralSource{fmt::format("bin{}", j), netlist::ground, mem, BehavioralSource::Output::current,
                               fmt::format("{}*({})", spice_number(n.current_gain), input)});
    }
    // Resolve the shortest parts of the waveforms and bound the late detection of a threshold crossing.
    bench.max_step = std::min({pre.t_plus, n.synapse.post.t_plus, pre.tau_minus, n.synapse.post.tau_minus}) / 25.0;
    c.analyses.emplace_back(netlist::Transient{bench.max_step, n.duration, 0.0, bench.max_step, true});
    bench.lines = netlist::write_spice_lines(c);
    const auto end = std::find(bench.lines.begin(), bench.lines.end(), ".end");
    bench.lines.insert(end, ic.begin(), ic.end());
    return bench;
}

std::vector<double> rising_crossings(const std::vector<double>& time, const std::vector<double>& value, double level) {
    std::vector<double> crossings;
    for (std::size_t k = 1; k < time.size(); ++k)
        if (value[k - 1] < level && value[k] >= level)
            crossings.push_back(time[k - 1] +
                                (time[k] - time[k - 1]) * (level - value[k - 1]) / (value[k] - value[k - 1]));
    return crossings;
}

SnnResult run_snn_spice(const SnnNetwork& n, spice::Engine& engine) {
    const auto started = std::chrono::steady_clock::now();
    const SnnSpiceBench bench = snn_spice_bench(n);
    // The spikes' time scale sets the step; refuse runs that would take hours.
    constexpr double step_limit = 2e6;
    if (n.duration / bench.max_step > step_limit)
        throw InputError(fmt::format("snn: ngspice would need over {:.3g} time steps ({} s at a step of {} s, 1/25 "
                                     "of the spikes' shortest part); use longer spikes or a shorter --duration",
                                     n.duration / bench.max_step, n.duration, bench.max_step));
    const spice::RunResult run = engine.run(bench.lines);
    SnnResult result;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto& time = run.vector("time").real;
    for (int j = 0; j < n.neurons; ++j)
        result.output_spikes.push_back(rising_crossings(time, run.vector(fmt::format("spk{}", j)).real, 0.5));
    ConductanceReader reader(n.synapse);
    for (std::size_t k = 0; k < bench.state_vectors.size(); ++k) {
        result.initial_g.push_back(reader.conductance(n.initial_states[k]));
        result.final_g.push_back(reader.conductance(run.vector(bench.state_vectors[k]).real.back()));
    }
    return result;
}

}  // namespace memcosim::neuro
