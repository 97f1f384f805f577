#include "neuro/stdp_bench.hpp"

#include "core/error.hpp"
#include "models/spice_lowering.hpp"
#include "neuro/spike_train.hpp"
#include "neuro/stdp_gate_waveform.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memcosim::neuro {
namespace {

double shortest_part(const SpikeShape& s) {
    switch (s.kind) {
    case SpikeShapeKind::rectangular: return s.width;
    case SpikeShapeKind::exponential: return s.tau;
    case SpikeShapeKind::bipolar: return std::min(s.t_plus, s.tau_minus);
    }
    return s.width;
}

netlist::PiecewiseLinear spike_at(const SpikeShape& shape, double time) {
    return spike_train_pwl(SpikeTrain{shape, {time}}, stdp_pwl_tolerance * spike_peak(shape));
}

// The part of a PWL on one side of 0 (sign +1: max(v, 0), -1: min(v, 0)),
// with the zero crossings inserted so the result is exact.
netlist::PiecewiseLinear one_side(const netlist::PiecewiseLinear& pwl, double sign) {
    auto clip = [sign](double v) { return sign * v > 0.0 ? v : 0.0; };
    netlist::PiecewiseLinear result;
    for (std::size_t k = 0; k < pwl.points.size(); ++k) {
        const auto [t, v] = pwl.points[k];
        if (k > 0) {
            const auto [t0, v0] = pwl.points[k - 1];
            if ((v0 > 0.0 && v < 0.0) || (v0 < 0.0 && v > 0.0)) {
                const double crossing = t0 + (t - t0) * v0 / (v0 - v);
                if (crossing > t0 && crossing < t) result.points.emplace_back(crossing, 0.0);
            }
        }
        result.points.emplace_back(t, clip(v));
    }
    return result;
}

struct Placement {
    double t_pre = 0.0, t_post = 0.0, stop = 0.0;
};

// Two-terminal schemes: both spikes start at their times.
Placement place_spikes(const StdpSetup& setup, double dt) {
    const double tolerance_pre = stdp_pwl_tolerance * spike_peak(setup.pre);
    const double tolerance_post = stdp_pwl_tolerance * spike_peak(setup.post);
    const double longest =
        std::max(spike_duration(setup.pre, tolerance_pre), spike_duration(setup.post, tolerance_post));
    const double margin = 0.05 * longest;
    Placement p;
    p.t_pre = margin + std::max(0.0, -dt);
    p.t_post = p.t_pre + dt;
    p.stop = std::max(p.t_pre, p.t_post) + longest + margin;
    return p;
}

// Gate scheme: the gate pulse is centred on t_pre, the TE waveform reverses at t_post.
Placement place_gate(const StdpSetup& setup, double dt, const GateTiming& timing) {
    const double margin = 0.05 * (timing.lead + timing.tail);
    Placement p;
    p.t_post = margin + std::max(timing.lead, dt + timing.half_gap);
    p.t_pre = p.t_post - dt;
    p.stop = std::max(p.t_post + timing.tail + setup.post.edge, p.t_pre + timing.half_gap) + margin;
    return p;
}

class DeviceAdder {
public:
    DeviceAdder(const StdpSetup& setup, netlist::Circuit& circuit)
        : setup_(setup), circuit_(circuit),
          lowered_(models::lower_to_spice(setup.device.model, models::SubcircuitMode::dynamic)) {
        circuit_.subcircuits.push_back(lowered_.subcircuit);
    }
    // Adds one device p -> n at `state`; returns the ngspice vector of its first state.
    std::string add(const std::string& name, const std::string& p, const std::string& n, double state) {
        auto overrides = setup_.device.parameters;
        overrides[setup_.device.model.states()[0].initial_parameter] = state;
        circuit_.add(netlist::SubcircuitInstance{name, {p, n}, lowered_.subcircuit.name,
                                                 models::instance_parameters(setup_.device.model, lowered_, overrides)});
        return fmt::format("{}.{}", name, lowered_.state_nodes[0]);
    }

private:
    const StdpSetup& setup_;
    netlist::Circuit& circuit_;
    models::SpiceDevice lowered_;
};

void build_overlap(const StdpSetup& setup, double dt, const std::vector<double>& states, StdpBench& bench) {
    const Placement at = place_spikes(setup, dt);
    bench.stop = at.stop;
    auto& c = bench.circuit;
    c.comments.push_back("pre spike on the top electrode 'pre'; post spike on the bottom electrode 'post'");
    c.comments.push_back("device p = post side (SET), n = pre side: V(p,n) = V_post - V_pre");
    c.add(netlist::VoltageSource{"vpre", "pre", netlist::ground, spike_at(setup.pre, at.t_pre)});
    c.add(netlist::VoltageSource{"vpost", "post", netlist::ground, spike_at(setup.post, at.t_post)});
    DeviceAdder devices(setup, c);
    for (std::size_t n = 0; n < states.size(); ++n)
        bench.state_vectors.push_back(devices.add(fmt::format("x{}", n), "post", "pre", states[n]));
}

void build_differential(const StdpSetup& setup, double dt, const std::vector<double>& states, StdpBench& bench) {
    const Placement at = place_spikes(setup, dt);
    bench.stop = at.stop;
    auto& c = bench.circuit;
    c.comments.push_back("pre spike on 'pre'; the post spike's positive phase on 'postp', its negative phase on "
                         "'postm'");
    c.comments.push_back("G+ (xp): p = postp, n = pre; G- (xm): p = pre, n = postm; both only ever see SET-level "
                         "voltages");
    const auto post = spike_at(setup.post, at.t_post);
    c.add(netlist::VoltageSource{"vpre", "pre", netlist::ground, spike_at(setup.pre, at.t_pre)});
    c.add(netlist::VoltageSource{"vpostp", "postp", netlist::ground, one_side(post, 1.0)});
    c.add(netlist::VoltageSource{"vpostm", "postm", netlist::ground, one_side(post, -1.0)});
    DeviceAdder devices(setup, c);
    for (std::size_t n = 0; n < states.size(); ++n) {
        bench.state_vectors.push_back(devices.add(fmt::format("xp{}", n), "postp", "pre", states[n]));
        bench.minus_state_vectors.push_back(devices.add(fmt::format("xm{}", n), "pre", "postm", states[n]));
    }
}

void build_gate(const StdpSetup& setup, double dt, const std::vector<double>& states, StdpBench& bench) {
    const double tolerance = stdp_pwl_tolerance * spike_peak(setup.post);
    const GateTiming timing = gate_timing(setup.pre, setup.post, tolerance);
    const Placement at = place_gate(setup, dt, timing);
    bench.stop = at.stop;
    bench.max_step = std::min({setup.pre.width, setup.post.t_plus, setup.post.tau_minus}) / 25.0;
    auto& c = bench.circuit;
    const auto& card = *setup.transistor;
    c.comments.push_back(fmt::format("1T1R gate scheme: gate pulse on 'gate' (transistor {}), post waveform on the "
                                     "top electrode 'te'",
                                     card.label));
    c.comments.push_back("device p = te (SET side), n = drain d<n> of NMOS m<n> (source and bulk grounded)");
    c.models.push_back(card.model);
    c.add(netlist::VoltageSource{"vgate", "gate", netlist::ground, gate_pulse_pwl(setup.pre, at.t_pre)});
    c.add(netlist::VoltageSource{"vte", "te", netlist::ground,
                                 gate_post_pwl(setup.pre, setup.post, at.t_post, tolerance)});
    DeviceAdder devices(setup, c);
    for (std::size_t n = 0; n < states.size(); ++n) {
        const std::string drain = fmt::format("d{}", n);
        bench.state_vectors.push_back(devices.add(fmt::format("x{}", n), "te", drain, states[n]));
        c.add(netlist::Mosfet{fmt::format("m{}", n), drain, "gate", netlist::ground, netlist::ground, card.model.name,
                              {{"w", card.width}, {"l", card.length}}});
    }
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
    StdpBench bench;
    bench.max_step = stdp_max_step(setup.pre, setup.post);
    auto& c = bench.circuit;
    c.title = fmt::format("memcosim STDP bench ({}): {}, dt = {} s", to_string(setup.scheme),
                          setup.device.model.name(), dt);
    c.options = {{"reltol", "1e-5"}};
    switch (setup.scheme) {
    case StdpScheme::overlap: build_overlap(setup, dt, states, bench); break;
    case StdpScheme::differential: build_differential(setup, dt, states, bench); break;
    case StdpScheme::gate: build_gate(setup, dt, states, bench); break;
    }
    c.analyses.emplace_back(netlist::Transient{bench.max_step, bench.stop, 0.0, bench.max_step, false});
    return bench;
}

}  // namespace memcosim::neuro
