#include "experiments/device_experiment.hpp"

#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/spice_writer.hpp"
#include "netlist/waveform_value.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::experiments {
namespace {

constexpr const char* instance_name = "xdut";
constexpr const char* source_name = "vdrive";

void check_settings(const TransientSettings& settings) {
    if (!(settings.stop > 0.0) || !(settings.max_step > 0.0) || settings.max_step > settings.stop) {
        throw InputError(fmt::format("transient: need 0 < maximum step ({}) <= stop time ({})", settings.max_step,
                                     settings.stop));
    }
}

solver::DeviceTrace run_behavioral(const DeviceUnderTest& device, const netlist::Waveform& drive,
                                   const TransientSettings& settings) {
    models::Evaluator evaluator(device.model, models::resolve_parameters(device.model, device.parameters));
    const std::size_t m = evaluator.state_count();
    const solver::DeviceFunction function = [&evaluator, m](double v, const double* x, double t, double& current,
                                                            double* rate, double* jacobian) {
        const models::Evaluation e = evaluator.evaluate(v, std::span<const double>(x, m), t);
        current = e.current;
        for (std::size_t k = 0; k < m; ++k) {
            rate[k] = e.rate[k];
            for (std::size_t l = 0; l < m; ++l) jacobian[k * m + l] = e.drate_dx[k][l];
        }
    };
    solver::DeviceTransientOptions options;
    options.stop = settings.stop;
    options.max_step = settings.max_step;
    options.breakpoints = netlist::waveform_breakpoints(drive, settings.stop);
    const auto initial = evaluator.initial_states();
    return solver::simulate_device(function, m, std::vector<double>(initial.begin(), initial.end()),
                                   [&drive](double t) { return netlist::waveform_value(drive, t); }, options);
}

solver::DeviceTrace read_spice_trace(const spice::RunResult& result, const std::vector<std::string>& state_nodes) {
    solver::DeviceTrace trace;
    trace.time = result.vector("time").real;
    trace.voltage = result.vector("in").real;
    trace.current = result.vector(fmt::format("{}#branch", source_name)).real;
    // The source's branch current flows into its + terminal: the device current is its negative.
    for (double& i : trace.current) i = -i;
    for (const auto& node : state_nodes) trace.states.push_back(result.vector(fmt::format("{}.{}", instance_name, node)).real);
    return trace;
}

}  // namespace

EngineKind parse_engine(const std::string& text) {
    if (text == "spice") return EngineKind::spice;
    if (text == "behavioral" || text == "behavioural") return EngineKind::behavioral;
    throw InputError(fmt::format("unknown engine '{}': expected spice or behavioral", text));
}

const char* to_string(EngineKind kind) { return kind == EngineKind::spice ? "spice" : "behavioral"; }

netlist::Circuit device_test_bench(const DeviceUnderTest& device, const netlist::Waveform& drive,
                                   const TransientSettings& settings) {
    check_settings(settings);
    const models::SpiceDevice lowered = models::lower_to_spice(device.model, models::SubcircuitMode::dynamic);
    netlist::Circuit circuit;
    circuit.title = fmt::format("memcosim device test bench: {}", device.model.name());
    circuit.options = {{"reltol", "1e-5"}};
    circuit.subcircuits.push_back(lowered.subcircuit);
    circuit.add(netlist::VoltageSource{source_name, "in", netlist::ground, drive});
    circuit.add(netlist::SubcircuitInstance{instance_name, {"in", netlist::ground}, lowered.subcircuit.name,
                                            models::instance_parameters(device.model, lowered, device.parameters)});
    circuit.analyses.emplace_back(netlist::Transient{settings.max_step, settings.stop, 0.0, settings.max_step, false});
    return circuit;
}

solver::DeviceTrace run_device(const DeviceUnderTest& device, const netlist::Waveform& drive,
                               const TransientSettings& settings, EngineKind engine, spice::Engine* spice_engine) {
    check_settings(settings);
    if (engine == EngineKind::behavioral) return run_behavioral(device, drive, settings);
    if (spice_engine == nullptr) throw EngineError("run_device: no ngspice engine given");
    const models::SpiceDevice lowered = models::lower_to_spice(device.model, models::SubcircuitMode::dynamic);
    const auto circuit = device_test_bench(device, drive, settings);
    const spice::RunResult result = spice_engine->run(netlist::write_spice_lines(circuit));
    return read_spice_trace(result, lowered.state_nodes);
}

double interpolate(const std::vector<double>& time, const std::vector<double>& values, double t) {
    if (time.empty()) throw EngineError("interpolate: empty trace");
    if (t <= time.front()) return values.front();
    if (t >= time.back()) return values.back();
    const auto after = std::upper_bound(time.begin(), time.end(), t);
    const auto k = static_cast<std::size_t>(after - time.begin());
    const double span = time[k] - time[k - 1];
    if (span <= 0.0) return values[k];
    return values[k - 1] + (values[k] - values[k - 1]) * (t - time[k - 1]) / span;
}

}  // namespace memcosim::experiments
