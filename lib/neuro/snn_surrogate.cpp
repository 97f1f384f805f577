#include "neuro/snn_surrogate.hpp"

#include "neuro/lif_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace memcosim::neuro {
namespace {

struct PulseEvent {
    double time;
    int input;
    bool start;  // pulse on (a pre spike) or off
};

std::vector<PulseEvent> pulse_events(const SnnNetwork& n) {
    std::vector<PulseEvent> events;
    for (int i = 0; i < n.inputs; ++i)
        for (double t : n.input_spikes[static_cast<std::size_t>(i)]) {
            events.push_back({t, i, true});
            events.push_back({t + n.pulse_length, i, false});
        }
    // Ends before starts at equal times, so a current never counts twice.
    std::sort(events.begin(), events.end(), [](const PulseEvent& a, const PulseEvent& b) {
        return a.time != b.time ? a.time < b.time : (!a.start && b.start);
    });
    return events;
}

}  // namespace

SnnResult run_snn_surrogate(const SnnNetwork& n, const surrogate::StdpWindow& window) {
    const auto started = std::chrono::steady_clock::now();
    const auto inputs = static_cast<std::size_t>(n.inputs), neurons = static_cast<std::size_t>(n.neurons);
    const double reach_plus = window.potentiation.reach(), reach_minus = window.depression.reach();
    const double per_siemens = n.current_gain * n.iv_ratio * n.synapse.pre.a_plus;  // membrane A per S

    SnnResult result;
    ConductanceReader reader(n.synapse);
    for (double state : n.initial_states) result.initial_g.push_back(reader.conductance(state));
    std::vector<double>& g = result.final_g;
    g = result.initial_g;
    result.output_spikes.assign(neurons, {});

    std::vector<LifNeuron> cells(neurons, LifNeuron(n.neuron));
    std::vector<double> current(neurons, 0.0);
    std::vector<double> contribution(inputs * neurons, 0.0);  // current of each active pulse, per neuron
    const double never = -std::numeric_limits<double>::infinity();
    std::vector<double> last_pre(inputs, never), last_post(neurons, never);
    std::vector<double> fresh;

    auto advance_all = [&](double until) {
        for (std::size_t j = 0; j < neurons; ++j) {
            const double span = until - cells[j].time();
            if (span <= 0.0) continue;
            fresh.clear();
            cells[j].advance(current[j], span, fresh);
            for (double t : fresh) {  // potentiation: post after pre
                for (std::size_t i = 0; i < inputs; ++i) {
                    const double dt = t - last_pre[i];
                    if (dt > 0.0 && dt < reach_plus) g[i * neurons + j] = window.apply(dt, g[i * neurons + j]);
                }
                last_post[j] = t;
                result.output_spikes[j].push_back(t);
            }
        }
    };

    for (const PulseEvent& e : pulse_events(n)) {
        if (e.time > n.duration) break;
        advance_all(e.time);
        const auto i = static_cast<std::size_t>(e.input);
        for (std::size_t j = 0; j < neurons; ++j) {
            double& c = contribution[i * neurons + j];
            if (e.start) {
                const double dt = last_post[j] - e.time;  // depression: pre after post
                if (dt < 0.0 && -dt < reach_minus) g[i * neurons + j] = window.apply(dt, g[i * neurons + j]);
                c = per_siemens * g[i * neurons + j];
                current[j] += c;
            } else {
                current[j] -= c;
                c = 0.0;
            }
        }
        if (e.start) last_pre[i] = e.time;
    }
    advance_all(n.duration);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace memcosim::neuro
