// The opamp integrate-and-fire neuron in ngspice against closed forms: its
// firing rate for a constant input current, the refractory period, the spike
// it drives onto its synapses' bottom electrodes, and plasticity only where
// pre and post spikes overlap. Also the LIF variant of the same bench.
#include "core/error.hpp"
#include "models/model_registry.hpp"
#include "netlist/spice_writer.hpp"
#include "neuro/lif_netlist.hpp"
#include "neuro/neuron_bench.hpp"
#include "neuro/neuron_run.hpp"
#include "neuro/opamp_neuron.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

memcosim::spice::Engine& shared_engine();

namespace {

using namespace memcosim;

neuro::OpampNeuronParameters test_neuron() {
    neuro::OpampNeuronParameters p;  // C_int 1 pF, R_leak 1 Mohm: tau = 1 us; V_th 0.5 V; t_ref 1 us
    return p;
}

struct Run {
    std::vector<double> time, output, dendrite, dead;
    std::vector<double> spikes, releases;  // trips (dead rises) and ends of dead time (dead falls)
};

// The bare neuron with a constant current into its dendrite.
Run run_with_current(const neuro::OpampNeuronParameters& p, double current, double stop) {
    netlist::Circuit circuit;
    circuit.title = "opamp neuron rate test";
    circuit.add(netlist::CurrentSource{"iin", netlist::ground, "post", netlist::Dc{current}});
    neuro::add_opamp_neuron(circuit, "n", p, {"post", "vout", "gen", "dead"});
    const double step = p.tau() / 250;  // a crossing is seen at most one step (0.15 % of a period) late
    circuit.analyses.push_back(netlist::Transient{step, stop, 0.0, step, true});
    const auto result = shared_engine().run(netlist::write_spice_lines(circuit));
    Run run{result.vector("time").real, result.vector("vout").real, result.vector("post").real,
            result.vector("dead").real, {}, {}};
    run.spikes = neuro::rising_edges(run.time, run.dead, 0.5);
    std::vector<double> inverted(run.dead.size());
    std::transform(run.dead.begin(), run.dead.end(), inverted.begin(), [](double v) { return 1.0 - v; });
    run.releases = neuro::rising_edges(run.time, inverted, 0.5);
    return run;
}

models::DeviceModel vteam() { return models::ModelRegistry().load("vteam"); }

}  // namespace

TEST_CASE("opamp neuron firing rate matches the closed form, no firing below rheobase", "[neuro][spice][opamp]") {
    const auto p = test_neuron();
    for (double drive : {0.4, 0.5, 0.6, 1.0, 2.0, 5.0}) {  // R I in volts; rheobase R I = V_th = 0.5 V
        const double current = drive / p.r_leak;
        const Run run = run_with_current(p, current, 12e-6);
        const double expected = neuro::opamp_neuron_rate(p, current);
        if (drive <= p.v_threshold) {
            INFO(fmt::format("R I = {} V: {} spikes", drive, run.spikes.size()));
            CHECK(run.spikes.empty());
            CHECK(expected == 0.0);
            // The integrator approaches -R I from above (inverting) and stays short of -V_th.
            CHECK(run.output.back() == Catch::Approx(-drive).epsilon(0.01));
            continue;
        }
        const double measured = neuro::firing_rate(run.spikes);
        INFO(fmt::format("R I = {} V: {} spikes, rate {} Hz, closed form {} Hz, rel. error {:.3e}", drive,
                         run.spikes.size(), measured, expected, measured / expected - 1.0));
        REQUIRE(run.spikes.size() >= 3);
        CHECK(measured == Catch::Approx(expected).epsilon(0.02));
        // First spike from reset: tau ln(R I / (R I - V_th)), nothing refractory before it.
        CHECK(run.spikes.front() == Catch::Approx(p.tau() * std::log(drive / (drive - p.v_threshold))).epsilon(0.02));
    }
}

TEST_CASE("opamp neuron does not integrate during the refractory period", "[neuro][spice][opamp]") {
    const auto p = test_neuron();
    const double current = 2.0 / p.r_leak;  // the input current keeps flowing through the dead time
    const Run run = run_with_current(p, current, 5e-6);
    REQUIRE(run.spikes.size() >= 2);
    REQUIRE(run.releases.size() >= 1);
    // Dead for t_ref from the trip (plus the few ns the reset takes).
    const double dead_time = run.releases.front() - run.spikes.front();
    INFO(fmt::format("dead time {} s, t_ref {} s", dead_time, p.t_refractory));
    CHECK(dead_time == Catch::Approx(p.t_refractory).epsilon(0.01));
    // The integrator is held at 0 V inside the dead time (after its reset), although the current is on.
    double worst = 0.0;
    for (std::size_t k = 0; k < run.time.size(); ++k)
        if (run.time[k] > run.spikes.front() + 0.05 * p.t_refractory && run.time[k] < run.releases.front())
            worst = std::max(worst, std::abs(run.output[k]));
    INFO(fmt::format("largest |V_out| during the refractory period: {} V", worst));
    CHECK(worst < 1e-3 * p.v_threshold);
    // The second spike comes one refractory period later than the first one did from rest.
    const double first = p.tau() * std::log(2.0 / (2.0 - p.v_threshold));
    CHECK(run.spikes[1] - run.spikes[0] == Catch::Approx(p.t_refractory + first).epsilon(0.01));
}

TEST_CASE("opamp neuron plays its spike onto the synapses; only the overlapping synapse changes",
          "[neuro][spice][opamp]") {
    neuro::NeuronBenchSpec spec{{vteam(), {}}};
    spec.synapses = 2;
    // Synapse 1 near OFF, so its pre spike's charge (about 0.1 V) does not fire the neuron at once.
    spec.initial_states = {0.5, 0.9};
    spec.bias_current = 2e-6;  // fires at about 200 ns (tau ln(2 / 1.5) = 288 ns without the pre spike)
    spec.duration = 0.8e-6;
    // Synapse 1 gets a pre spike well before the post spike (no overlap, integrated).
    spec.input_spikes = {{}, {50e-9}};
    const auto first = neuro::run_neuron_bench(spec, neuro::neuron_bench(spec), shared_engine());
    REQUIRE(first.spike_times.size() == 1);

    // The bottom electrodes follow the post spike (away from its edges, where timing dominates).
    const auto& tr = first.trace;
    const auto& post = spec.post;
    const double half = 0.5 * post.a_plus;
    double start = 0.0;  // where v(post) rises through a_plus / 2, minus half the rise edge
    for (std::size_t k = 1; k < tr.time.size(); ++k)
        if (tr.time[k] > first.spike_times[0] && tr.dendrite[k - 1] < half && tr.dendrite[k] >= half) {
            start = tr.time[k - 1] + (tr.time[k] - tr.time[k - 1]) * (half - tr.dendrite[k - 1]) /
                                         (tr.dendrite[k] - tr.dendrite[k - 1]) -
                    0.5 * post.edge;
            break;
        }
    REQUIRE(start > first.spike_times[0]);
    CHECK(start - first.spike_times[0] < 0.02 * spec.opamp.t_refractory);
    const std::vector<double> corners = {0.0, post.edge, post.edge + post.t_plus, 2 * post.edge + post.t_plus};
    double worst = 0.0, worst_age = 0.0, worst_value = 0.0;
    std::size_t compared = 0;
    for (std::size_t k = 0; k < tr.time.size(); ++k) {
        const double age = tr.time[k] - start;
        if (age < 0.0 || age > 0.3e-6) continue;
        if (std::any_of(corners.begin(), corners.end(), [&](double c) { return std::abs(age - c) < 2 * post.edge; }))
            continue;
        const double error = std::abs(tr.dendrite[k] - neuro::spike_value(post, age));
        if (error > worst) {
            worst = error;
            worst_age = age;
            worst_value = tr.dendrite[k];
        }
        ++compared;
    }
    INFO(fmt::format("{} samples, largest |v(post) - spike| = {} V (peak {} V), {} s into the spike: {} V, shape {} V",
                     compared, worst, neuro::spike_peak(post), worst_age, worst_value,
                     neuro::spike_value(post, worst_age)));
    CHECK(compared > 20);
    CHECK(worst < 0.02 * neuro::spike_peak(post));

    // Now synapse 0's pre spike arrives during the post spike's tail: the
    // overlap puts V_post - V_pre below VTEAM's RESET threshold (-0.5 V).
    // The neuron is dead then, so the trip time does not move.
    spec.input_spikes = {{start + post.t_plus + post.edge}, {50e-9}};
    const auto second = neuro::run_neuron_bench(spec, neuro::neuron_bench(spec), shared_engine());
    REQUIRE(second.spike_times.size() == 1);
    CHECK(std::abs(second.spike_times[0] - first.spike_times[0]) < 1e-9);
    const double change0 = second.final_states[0] - second.initial_states[0];
    const double change1 = second.final_states[1] - second.initial_states[1];
    INFO(fmt::format("state changes: overlapping synapse {}, other {}; conductance {} -> {} S", change0, change1,
                     second.initial_conductance[0], second.final_conductance[0]));
    CHECK(change0 > 1e-3);  // towards OFF: depression
    CHECK(second.final_conductance[0] < second.initial_conductance[0]);
    CHECK(std::abs(change1) < 1e-3 * change0);
    CHECK(std::abs(first.final_states[0] - first.initial_states[0]) < 1e-3 * change0);
}

TEST_CASE("LIF neuron bench matches the LIF closed form through its dendrite", "[neuro][spice][opamp]") {
    neuro::NeuronBenchSpec spec{{vteam(), {}}};
    spec.type = neuro::NeuronType::lif;
    spec.lif.t_refractory = 0.5e-6;  // tau = 1 us (1 pF, 1 Mohm), V_th 0.5 V
    spec.bias_current = 1.5e-6;
    spec.duration = 8e-6;
    spec.max_step = spec.lif.tau() / 500;
    const auto run = neuro::run_neuron_bench(spec, neuro::neuron_bench(spec), shared_engine());
    const double expected = neuro::lif_rate(spec.lif, spec.bias_current);
    const double measured = neuro::firing_rate(run.spike_times);
    INFO(fmt::format("{} spikes, rate {} Hz, closed form {} Hz", run.spike_times.size(), measured, expected));
    REQUIRE(run.spike_times.size() >= 3);
    CHECK(measured == Catch::Approx(expected).epsilon(0.02));
    // The post spike is on the dendrite while the neuron is refractory.
    const double peak = *std::max_element(run.trace.dendrite.begin(), run.trace.dendrite.end());
    CHECK(peak == Catch::Approx(spec.post.a_plus).epsilon(0.02));
}

TEST_CASE("opamp neuron and its bench refuse non-physical parameters", "[neuro][opamp]") {
    auto bad = [](auto change) {
        auto p = test_neuron();
        change(p);
        CHECK_THROWS_AS(neuro::validate(p), InputError);
    };
    bad([](auto& p) { p.c_int = 0.0; });
    bad([](auto& p) { p.r_leak = -1.0; });
    bad([](auto& p) { p.v_threshold = 0.0; });
    bad([](auto& p) { p.t_refractory = std::nan(""); });
    bad([](auto& p) { p.opamp.gain = 1.0; });
    bad([](auto& p) { p.opamp.v_low = -0.4; });  // cannot reach -V_th
    bad([](auto& p) { p.r_off = p.r_on; });
    bad([](auto& p) { p.t_refractory = 50e-9; });  // the 90 ns spike does not fit
    neuro::NeuronBenchSpec spec{{vteam(), {}}};
    spec.synapses = 0;
    CHECK_THROWS_AS(neuro::neuron_bench(spec), InputError);
    spec.synapses = 2;
    spec.initial_states = {0.5};
    CHECK_THROWS_AS(neuro::neuron_bench(spec), InputError);
    spec.initial_states = {0.5, 1.5};
    CHECK_THROWS_AS(neuro::neuron_bench(spec), InputError);
    CHECK_THROWS_AS(neuro::parse_neuron_type("hodgkin"), InputError);
}
