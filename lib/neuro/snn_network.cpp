#include "neuro/snn_network.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <random>

namespace memcosim::neuro {

std::vector<std::vector<double>> poisson_trains(int count, double rate, double duration, double dead_time,
                                                std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::exponential_distribution<double> interval(rate);
    std::vector<std::vector<double>> trains(static_cast<std::size_t>(count));
    for (auto& train : trains) {
        double t = interval(generator);
        while (t < duration) {
            train.push_back(t);
            t += dead_time + interval(generator);
        }
    }
    return trains;
}

double post_spike_length(const SpikeShape& post) { return post.t_plus + 2.0 * post.edge + 5.0 * post.tau_minus; }

double pre_spike_length(const SpikeShape& pre) {
    return spike_duration(pre, snn_pwl_tolerance * spike_peak(pre)) + pre.edge;
}

SnnNetwork make_snn(const StdpSetup& synapse, const SnnRequest& r) {
    if (synapse.scheme != StdpScheme::overlap)
        throw InputError(fmt::format("snn: the network's synapses use the overlap scheme; a calibration of the {} "
                                     "scheme cannot drive it",
                                     to_string(synapse.scheme)));
    if (synapse.pre.kind != SpikeShapeKind::bipolar || synapse.post.kind != SpikeShapeKind::bipolar)
        throw InputError("snn: the network needs bipolar pre and post spikes");
    if (r.inputs < 1 || r.neurons < 1) throw InputError("snn: --inputs and --neurons must be at least 1");
    if (!(r.duration > 0.0)) throw InputError(fmt::format("snn: --duration must be > 0 s, got {}", r.duration));
    if (!(r.rate > 0.0)) throw InputError(fmt::format("snn: --rate must be > 0 Hz, got {}", r.rate));
    if (!(r.kick > 0.0 && r.kick < r.v_threshold))
        throw InputError(fmt::format("snn: --kick must be in (0, threshold {} V), got {}", r.v_threshold, r.kick));
    if (!(r.state_min >= 0.0 && r.state_max <= 1.0 && r.state_min <= r.state_max))
        throw InputError("snn: need 0 <= state-min <= state-max <= 1");
    SnnNetwork n{synapse, {}, 1.0, 0.0, 1.0, r.inputs, r.neurons, r.duration, {}, {}};
    const SpikeShape& pre = synapse.pre;
    // Area of the positive part (rise, plateau, the part of the fall above 0) over a_plus.
    const double fall_above = pre.a_plus / (pre.a_plus + pre.a_minus) * pre.edge;
    n.pulse_length = 0.5 * pre.edge + pre.t_plus + 0.5 * fall_above;

    ConductanceReader reader(synapse);
    models::Evaluator evaluator(synapse.device.model,
                                models::resolve_parameters(synapse.device.model, synapse.device.parameters));
    std::vector<double> states(evaluator.initial_states().begin(), evaluator.initial_states().end());
    const double middle = 0.5 * (r.state_min + r.state_max);
    states[0] = middle;
    const double g_middle = reader.conductance(middle);
    // A pre pulse alone puts V(p,n) = -a_plus across the device; the current into the column is -I(p,n).
    const double i_middle = -evaluator.evaluate(-pre.a_plus, states).current;
    n.iv_ratio = std::abs(i_middle) / (pre.a_plus * g_middle);

    n.neuron.capacitance = 1e-9;
    n.neuron.resistance = r.tau_membrane / n.neuron.capacitance;
    n.neuron.v_threshold = r.v_threshold;
    n.neuron.v_reset = 0.0;
    n.neuron.t_refractory = post_spike_length(synapse.post);
    validate(n.neuron);
    // kick = gain * I_middle * pulse_length / C
    n.current_gain = r.kick * n.neuron.capacitance / (std::abs(i_middle) * n.pulse_length);

    n.input_spikes = poisson_trains(r.inputs, r.rate, r.duration, pre_spike_length(pre), r.seed);
    std::mt19937_64 generator(r.seed ^ 0x5eedULL);
    std::uniform_real_distribution<double> state(r.state_min, r.state_max);
    for (int k = 0; k < r.inputs * r.neurons; ++k) n.initial_states.push_back(state(generator));
    return n;
}

}  // namespace memcosim::neuro
