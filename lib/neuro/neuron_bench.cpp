#include "neuro/neuron_bench.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/spice_writer.hpp"
#include "neuro/lif_netlist.hpp"
#include "neuro/spike_train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace memcosim::neuro {
namespace {

using netlist::BehavioralSource;
using netlist::spice_number;

constexpr double pwl_tolerance = 1e-3;  // of a spike's peak
constexpr double clock_capacitance = 1e-12;

double shortest_part(const SpikeShape& s) {
    switch (s.kind) {
    case SpikeShapeKind::rectangular: return s.width;
    case SpikeShapeKind::exponential: return s.tau;
    case SpikeShapeKind::bipolar: return std::min(s.t_plus, s.tau_minus);
    }
    return s.width;
}

double spike_length(const SpikeShape& s) { return spike_pwl(s, pwl_tolerance * spike_peak(s)).points.back().first; }

void check_spec(const NeuronBenchSpec& spec) {
    if (spec.synapses < 1)
        throw InputError(fmt::format("neuron: the number of synapses must be at least 1, got {}", spec.synapses));
    const auto n = static_cast<std::size_t>(spec.synapses);
    if (!spec.input_spikes.empty() && spec.input_spikes.size() != n)
        throw InputError(fmt::format("neuron: {} input spike trains for {} synapses", spec.input_spikes.size(), n));
    if (!spec.initial_states.empty() && spec.initial_states.size() != n)
        throw InputError(fmt::format("neuron: {} initial states for {} synapses", spec.initial_states.size(), n));
    for (double x : spec.initial_states)
        if (!(x >= 0.0 && x <= 1.0))
            throw InputError(fmt::format("neuron: initial synapse state {} is outside [0, 1]", x));
    if (!std::isfinite(spec.bias_current))
        throw InputError(fmt::format("neuron: bias current must be a finite number, got {}", spec.bias_current));
    if (!(spec.duration > 0.0) || !std::isfinite(spec.duration))
        throw InputError(fmt::format("neuron: duration must be a finite number > 0 s, got {}", spec.duration));
    if (!(spec.max_step >= 0.0) || !std::isfinite(spec.max_step))
        throw InputError(fmt::format("neuron: maximum step must be >= 0 s (0: automatic), got {}", spec.max_step));
    validate(spec.pre);
    validate(spec.post);
    if (spec.type == NeuronType::lif) {
        validate(spec.lif);
        if (spike_length(spec.post) > spec.lif.t_refractory)
            throw InputError(fmt::format("neuron: the post spike lasts {} s, longer than t_refractory ({} s): it is "
                                         "played during the refractory period and must fit in it",
                                         spike_length(spec.post), spec.lif.t_refractory));
    }
}

// The post spike against a clock that counts t_ref per volt, as B-source pwl() arguments.
std::string scaled_table(const SpikeShape& shape, double t_ref) {
    return spike_pwl_arguments(shape, pwl_tolerance * spike_peak(shape), t_ref);
}

// LIF: the dendrite is held at the post-spike generator through a 0 V sense
// source whose current (synapses + bias) is the membrane's input; the LIF's
// spike output starts a clock that plays the post spike.
void add_lif_bench_neuron(netlist::Circuit& c, const NeuronBenchSpec& spec) {
    const LifParameters& p = spec.lif;
    add_lif_neuron(c, "n", p, {"mem", "dead"});
    c.add(netlist::Resistor{"rdead", "dead", netlist::ground, 1e9});  // a load: every node has two terminals
    const double fast = lif_fast_time_constant(p);
    c.add(netlist::Capacitor{"cage", "age", netlist::ground, clock_capacitance, 0.0});
    c.add(netlist::Resistor{"rage", "age", netlist::ground, 1e12});
    c.add(BehavioralSource{"bage", netlist::ground, "age", BehavioralSource::Output::current,
                           fmt::format("v(dead) * {} - (1 - v(dead)) * v(age) * {}",
                                       spice_number(clock_capacitance / p.t_refractory),
                                       spice_number(clock_capacitance / fast))});
    c.add(BehavioralSource{"bgen", "gen", netlist::ground, BehavioralSource::Output::voltage,
                           fmt::format("v(dead) * pwl(v(age){})", scaled_table(spec.post, p.t_refractory))});
    c.add(netlist::VoltageSource{"vsense", "post", "gen", netlist::Dc{0.0}});
    c.add(BehavioralSource{"bin", netlist::ground, "mem", BehavioralSource::Output::current, "i(vsense)"});
}

}  // namespace

NeuronType parse_neuron_type(const std::string& text) {
    if (text == "lif") return NeuronType::lif;
    if (text == "opamp") return NeuronType::opamp;
    throw InputError(fmt::format("unknown neuron type '{}': expected lif or opamp", text));
}

const char* to_string(NeuronType type) { return type == NeuronType::lif ? "lif" : "opamp"; }

double neuron_max_step(const NeuronBenchSpec& spec) {
    const double tau = spec.type == NeuronType::lif ? spec.lif.tau() : spec.opamp.tau();
    const double t_ref = spec.type == NeuronType::lif ? spec.lif.t_refractory : spec.opamp.t_refractory;
    return std::min({shortest_part(spec.pre) / 25.0, shortest_part(spec.post) / 25.0, tau / 1000.0, t_ref / 1000.0});
}

std::vector<std::string> NeuronBench::lines() const {
    auto out = netlist::write_spice_lines(circuit);
    out.insert(out.end() - 1, ic_lines.begin(), ic_lines.end());  // before ".end"
    return out;
}

NeuronBench neuron_bench(const NeuronBenchSpec& spec) {
    check_spec(spec);
    const auto& model = spec.device.model;
    if (model.states().empty())
        throw InputError(fmt::format("neuron: model '{}' has no state: a synapse needs a memristive device",
                                     model.name()));
    const models::SpiceDevice lowered = models::lower_to_spice(model, models::SubcircuitMode::dynamic);
    models::Evaluator evaluator(model, models::resolve_parameters(model, spec.device.parameters));

    NeuronBench bench;
    bench.max_step = spec.max_step > 0.0 ? spec.max_step : neuron_max_step(spec);
    auto& c = bench.circuit;
    c.title = fmt::format("memcosim {} neuron with {} {} synapses", to_string(spec.type), spec.synapses, model.name());
    c.comments.push_back("inputs drive the top electrodes pre<i>; synapses xs<i> join the dendrite 'post' (p) to pre<i>");
    c.comments.push_back("v(dead) = 1 V while refractory; v(post) = bottom electrodes (post spike while firing)");
    c.comments.push_back(spec.type == NeuronType::opamp
                             ? "opamp: v(vout) = integrator output, membrane potential = -v(vout), fires at v(vout) = "
                               "-v_threshold"
                             : "lif: v(mem) = membrane potential");
    c.options = {{"reltol", "1e-4"}};
    c.subcircuits.push_back(lowered.subcircuit);

    for (int i = 0; i < spec.synapses; ++i) {
        const auto k = static_cast<std::size_t>(i);
        netlist::Waveform wave = netlist::Dc{0.0};
        if (!spec.input_spikes.empty() && !spec.input_spikes[k].empty())
            wave = spike_train_pwl(SpikeTrain{spec.pre, spec.input_spikes[k]}, pwl_tolerance * spike_peak(spec.pre));
        c.add(netlist::VoltageSource{fmt::format("vin{}", i), fmt::format("pre{}", i), netlist::ground, wave});
        const std::string instance = fmt::format("xs{}", i);
        c.add(netlist::SubcircuitInstance{instance, {"post", fmt::format("pre{}", i)}, lowered.subcircuit.name,
                                          models::instance_parameters(model, lowered, spec.device.parameters)});
        const double state = spec.initial_states.empty() ? evaluator.initial_states()[0] : spec.initial_states[k];
        const std::string vector = fmt::format("{}.{}", instance, lowered.state_nodes[0]);
        bench.state_vectors.push_back(vector);
        bench.initial_states.push_back(state);
        bench.ic_lines.push_back(fmt::format(".ic v({})={}", vector, spice_number(state)));
    }
    if (spec.bias_current != 0.0)
        c.add(netlist::CurrentSource{"ibias", netlist::ground, "post", netlist::Dc{spec.bias_current}});

    if (spec.type == NeuronType::opamp) {
        OpampNeuronParameters p = spec.opamp;
        p.spike = spec.post;
        add_opamp_neuron(c, "n", p, {"post", "vout", "gen", "dead"});
    } else {
        add_lif_bench_neuron(c, spec);
    }
    c.analyses.emplace_back(netlist::Transient{bench.max_step, spec.duration, 0.0, bench.max_step, true});
    return bench;
}

std::vector<std::vector<double>> neuron_input_trains(int count, double rate, double duration, double dead_time,
                                                     std::uint64_t seed) {
    if (count < 1) throw InputError(fmt::format("neuron: need at least 1 input, got {}", count));
    if (!(rate > 0.0) || !std::isfinite(rate))
        throw InputError(fmt::format("neuron: input rate must be a finite number > 0 Hz, got {}", rate));
    std::mt19937_64 generator(seed);
    std::exponential_distribution<double> interval(rate);
    std::vector<std::vector<double>> trains(static_cast<std::size_t>(count));
    for (auto& train : trains)
        for (double t = interval(generator); t < duration; t += dead_time + interval(generator)) train.push_back(t);
    return trains;
}

}  // namespace memcosim::neuro
