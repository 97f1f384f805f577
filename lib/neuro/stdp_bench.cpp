#include "neuro/stdp_bench.hpp"

#include "core/error.hpp"
#include "models/spice_lowering.hpp"
#include "neuro/spike_train.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {
namespace {

constexpr double pwl_tolerance = 1e-3;  // of the spike peak: 0.1 % voltage error, few corners

double shortest_part(const SpikeShape& s) {
    switch (s.kind) {
    case SpikeShapeKind::rectangular: return s.width;
    case SpikeShapeKind::exponential: return s.tau;
    case SpikeShapeKind::bipolar: return std::min(s.t_plus, s.tau_minus);
    }
    return s.width;
}

netlist::PiecewiseLinear spike_at(const SpikeShape& shape, double time) {
    return spike_train_pwl(SpikeTrain{shape, {time}}, pwl_tolerance * spike_peak(shape));
}

}  // namespace

double stdp_max_step(const SpikeShape& pre, const SpikeShape& post) {
    return std::min(shortest_part(pre), shortest_part(post)) / 25.0;
}

StdpBench stdp_bench(const StdpSetup& setup, double dt, const std::vector<double>& states) {
    if (states.empty()) throw InputError("stdp bench: no initial states to simulate");
    if (!std::isfinite(dt)) throw InputError("stdp bench: timing difference is not a finite number");
    for (double state : states)
        if (!(state >= 0.0 && state <= 1.0))
            throw InputError(fmt::format("stdp bench: initial state {} is outside [0, 1]", state));
    const double tolerance_pre = pwl_tolerance * spike_peak(setup.pre);
    const double tolerance_post = pwl_tolerance * spike_peak(setup.post);
    const double longest = std::max(spike_duration(setup.pre, tolerance_pre), spike_duration(setup.post, tolerance_post));
    const double margin = 0.05 * longest;
    const double t_pre = margin + std::max(0.0, -dt), t_post = t_pre + dt;

    const auto& model = setup.device.model;
    const models::SpiceDevice lowered = models::lower_to_spice(model, models::SubcircuitMode::dynamic);
    StdpBench bench;
    bench.max_step = stdp_max_step(setup.pre, setup.post);
    bench.stop = std::max(t_pre, t_post) + longest + margin;
    auto& c = bench.circuit;
    c.title = fmt::format("memcosim STDP bench ({}): {}, dt = {} s", to_string(setup.scheme), model.name(), dt);
    c.comments.push_back("pre spike on the top electrode 'pre'; post spike on the bottom electrode 'post'");
    c.comments.push_back("device p = post side (SET), n = pre side: V(p,n) = V_post - V_pre");
    c.options = {{"reltol", "1e-5"}};
    c.subcircuits.push_back(lowered.subcircuit);
    c.add(netlist::VoltageSource{"vpre", "pre", netlist::ground, spike_at(setup.pre, t_pre)});
    c.add(netlist::VoltageSource{"vpost", "post", netlist::ground, spike_at(setup.post, t_post)});
    const std::string initial = model.states()[0].initial_parameter;
    for (std::size_t n = 0; n < states.size(); ++n) {
        auto overrides = setup.device.parameters;
        overrides[initial] = states[n];
        const std::string instance = fmt::format("x{}", n);
        c.add(netlist::SubcircuitInstance{instance, {"post", "pre"}, lowered.subcircuit.name,
                                          models::instance_parameters(model, lowered, overrides)});
        bench.state_vectors.push_back(fmt::format("{}.{}", instance, lowered.state_nodes[0]));
    }
    c.analyses.emplace_back(netlist::Transient{bench.max_step, bench.stop, 0.0, bench.max_step, false});
    return bench;
}

}  // namespace memcosim::neuro
