#include "neuro/stdp_experiment.hpp"

#include "core/error.hpp"
#include "netlist/spice_writer.hpp"
#include "neuro/stdp_gate_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace memcosim::neuro {

std::vector<StdpMeasurement> run_stdp_spice(const StdpSetup& setup, const std::vector<StdpPairing>& pairings,
                                            spice::Engine& engine) {
    // One run per distinct dt, every initial state of that dt in it.
    std::map<double, std::vector<std::size_t>> by_dt;
    for (std::size_t n = 0; n < pairings.size(); ++n) by_dt[pairings[n].dt].push_back(n);
    if (setup.scheme == StdpScheme::gate) {
        std::vector<double> states;
        for (const auto& p : pairings) states.push_back(p.state);
        std::sort(states.begin(), states.end());
        states.erase(std::unique(states.begin(), states.end()), states.end());
        check_gate_can_program(setup, states, engine);
    }
    ConductanceReader reader(setup);
    std::vector<StdpMeasurement> measurements(pairings.size());
    for (const auto& [dt, members] : by_dt) {
        std::vector<double> states;
        for (std::size_t n : members) states.push_back(pairings[n].state);
        const StdpBench bench = stdp_bench(setup, dt, states);
        const spice::RunResult result = engine.run(netlist::write_spice_lines(bench.circuit));
        for (std::size_t k = 0; k < members.size(); ++k) {
            StdpMeasurement& m = measurements[members[k]];
            m.dt = dt;
            m.state_before = states[k];
            m.state_after = result.vector(bench.state_vectors[k]).real.back();
            m.g_before = reader.conductance(m.state_before);
            m.g_after = reader.conductance(m.state_after);
            m.window_g = m.g_before;
            if (setup.scheme != StdpScheme::differential) continue;
            m.minus_state_before = states[k];
            m.minus_state_after = result.vector(bench.minus_state_vectors[k]).real.back();
            m.plus_g_before = m.g_before;
            m.plus_g_after = m.g_after;
            m.minus_g_before = reader.conductance(m.minus_state_before);
            m.minus_g_after = reader.conductance(m.minus_state_after);
            m.g_before = m.plus_g_before - m.minus_g_before;
            m.g_after = m.plus_g_after - m.minus_g_after;
            m.window_g = dt < 0.0 ? m.minus_g_before : m.plus_g_before;
        }
    }
    return measurements;
}

std::vector<double> timing_differences(double dt_min, double dt_max, int points) {
    if (!std::isfinite(dt_min) || !std::isfinite(dt_max))
        throw InputError("stdp: --dt-min and --dt-max must be finite numbers");
    if (!(dt_max > dt_min))
        throw InputError(fmt::format("stdp: the timing range is empty or reversed: --dt-min {} s must be below "
                                     "--dt-max {} s",
                                     dt_min, dt_max));
    if (points < 2) throw InputError(fmt::format("stdp: --points must be at least 2, got {}", points));
    std::vector<double> dts;
    for (int k = 0; k < points; ++k) dts.push_back(dt_min + (dt_max - dt_min) * k / (points - 1));
    dts.back() = dt_max;  // exactly, so a range check against the same numbers passes
    return dts;
}

}  // namespace memcosim::neuro
