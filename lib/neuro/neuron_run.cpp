#include "neuro/neuron_run.hpp"

#include "models/evaluator.hpp"
#include "models/parameter_overrides.hpp"

#include <chrono>

namespace memcosim::neuro {

std::vector<double> rising_edges(const std::vector<double>& time, const std::vector<double>& value, double level) {
    std::vector<double> edges;
    for (std::size_t k = 1; k < time.size() && k < value.size(); ++k)
        if (value[k - 1] < level && value[k] >= level)
            edges.push_back(time[k - 1] + (time[k] - time[k - 1]) * (level - value[k - 1]) / (value[k] - value[k - 1]));
    return edges;
}

double firing_rate(const std::vector<double>& spike_times) {
    if (spike_times.size() < 2) return 0.0;
    return static_cast<double>(spike_times.size() - 1) / (spike_times.back() - spike_times.front());
}

NeuronRun run_neuron_bench(const NeuronBenchSpec& spec, const NeuronBench& bench, spice::Engine& engine) {
    const auto started = std::chrono::steady_clock::now();
    const spice::RunResult result = engine.run(bench.lines());
    NeuronRun run;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto& trace = run.trace;
    trace.time = result.vector("time").real;
    trace.dendrite = result.vector("post").real;
    trace.refractory = result.vector("dead").real;
    if (spec.type == NeuronType::opamp) {
        trace.output = result.vector("vout").real;
        trace.membrane = trace.output;
        for (double& v : trace.membrane) v = -v;
    } else {
        trace.membrane = result.vector("mem").real;
    }
    run.spike_times = rising_edges(trace.time, trace.refractory, 0.5);

    const auto& model = spec.device.model;
    models::Evaluator evaluator(model, models::resolve_parameters(model, spec.device.parameters));
    std::vector<double> states(evaluator.initial_states().begin(), evaluator.initial_states().end());
    auto conductance = [&](double x) {
        states[0] = x;
        return evaluator.evaluate(neuron_read_voltage, states).current / neuron_read_voltage;
    };
    run.initial_states = bench.initial_states;
    for (std::size_t k = 0; k < bench.state_vectors.size(); ++k) {
        run.final_states.push_back(result.vector(bench.state_vectors[k]).real.back());
        run.initial_conductance.push_back(conductance(run.initial_states[k]));
        run.final_conductance.push_back(conductance(run.final_states[k]));
    }
    return run;
}

}  // namespace memcosim::neuro
