// The 1T1R gate and the two-device differential STDP benches in ngspice:
// the classic window (potentiation for dt > 0, depression for dt < 0,
// decaying with |dt|, nothing where the spikes do not meet) against the
// closed-form reach of each scheme; the differential pair moves one device
// per sign of dt; and the schemes' bad input.
#include "core/error.hpp"
#include "models/model_registry.hpp"
#include "neuro/stdp_experiment.hpp"
#include "neuro/stdp_gate_check.hpp"
#include "neuro/spike_spec.hpp"
#include "neuro/stdp_gate_waveform.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

memcosim::spice::Engine& shared_engine();

namespace memcosim::neuro {
namespace {

experiments::DeviceUnderTest device(const char* name) {
    const models::ModelRegistry registry;
    auto selection = registry.select(name);
    return {selection.model, selection.parameters};
}

std::string wide_level1(double width) {
    return fmt::format("{}:w={},l=0.5e-6",
                       (models::ModelRegistry::default_directory() / "cards" / "nmos_level1.mod").string(), width);
}

std::vector<StdpMeasurement> sweep(const StdpSetup& setup, double span, int half_points, double state = 0.5) {
    std::vector<StdpPairing> pairings;
    for (int k = -half_points; k <= half_points; ++k) pairings.push_back({span * k / half_points, state});
    return run_stdp_spice(setup, pairings, shared_engine());
}

struct Reach {
    double plus = 0.0, minus = 0.0;  // |dt| beyond which nothing may change
    double onset = 0.0;              // |dt| below which nothing may change (gate: the gap)
};

// The classic shape: the sign follows dt, the change decays past its peak
// and vanishes beyond the reach; positive/negative where the reach says so.
void check_classic(const std::vector<StdpMeasurement>& window, const Reach& reach, double strong_fraction) {
    double peak_plus = 0.0, peak_minus = 0.0;
    for (const auto& m : window) {
        peak_plus = std::max(peak_plus, m.delta_g());
        peak_minus = std::max(peak_minus, -m.delta_g());
    }
    INFO("peak+ " << peak_plus << " peak- " << peak_minus << " reach+ " << reach.plus << " reach- " << reach.minus);
    REQUIRE(peak_plus > 0.0);
    REQUIRE(peak_minus > 0.0);
    const double quiet = 1e-6 * std::max(peak_plus, peak_minus);
    for (const auto& m : window) {
        INFO("dt " << m.dt << " dW " << m.delta_g());
        const double u = std::abs(m.dt);
        if (m.dt > 0.0) CHECK(m.delta_g() >= -quiet);  // never depression for dt > 0
        if (m.dt < 0.0) CHECK(m.delta_g() <= quiet);   // never potentiation for dt < 0
        if (m.dt > reach.onset && m.dt < strong_fraction * reach.plus) CHECK(m.delta_g() > 0.0);
        if (m.dt < -reach.onset && u < strong_fraction * reach.minus) CHECK(m.delta_g() < 0.0);
        if (u <= reach.onset || (m.dt > 0.0 && u > 1.02 * reach.plus) || (m.dt < 0.0 && u > 1.02 * reach.minus))
            CHECK(std::abs(m.delta_g()) <= quiet);  // the spikes do not meet above threshold: no change
    }
    // Past each side's peak the change decays with |dt| until it vanishes.
    auto decays = [&](double sign) {
        std::vector<std::pair<double, double>> side;  // (|dt|, |dW|)
        for (const auto& m : window)
            if (m.dt * sign > 0.0) side.emplace_back(std::abs(m.dt), std::abs(m.delta_g()));
        std::sort(side.begin(), side.end());
        const auto peak = std::max_element(side.begin(), side.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
        int decaying = 0;
        for (auto it = peak; it + 1 != side.end(); ++it) {
            if (it->second <= quiet) break;
            CHECK((it + 1)->second < it->second);
            ++decaying;
        }
        CHECK(decaying >= 3);  // the window has a decaying flank, not a step
    };
    decays(1.0);
    decays(-1.0);
}

// Differential: the closed-form reach of each device's SET overlap
// (the tail owner's exponential lifts the other's positive part over V_set).
double differential_reach(const SpikeShape& tail_owner, double a_plus_other, double set) {
    return tail_owner.t_plus + 2.0 * tail_owner.edge +
           tail_owner.tau_minus * std::log(tail_owner.a_minus / (set - a_plus_other));
}

void check_differential(const StdpSetup& setup, double span) {
    const auto window = sweep(setup, span, 20);
    const double set = *setup.thresholds.set;
    Reach reach;
    reach.plus = differential_reach(setup.pre, setup.post.a_plus, set);
    reach.minus = differential_reach(setup.post, setup.pre.a_plus, set);
    check_classic(window, reach, 0.9);
    // One device per sign of dt, and each only grows (SET): G+ for dt > 0, G- for dt < 0.
    double peak = 0.0;
    for (const auto& m : window) peak = std::max(peak, std::abs(m.delta_g()));
    for (const auto& m : window) {
        INFO("dt " << m.dt << " dG+ " << m.plus_g_after - m.plus_g_before << " dG- "
                   << m.minus_g_after - m.minus_g_before);
        CHECK(m.g_before == Catch::Approx(m.plus_g_before - m.minus_g_before));
        if (m.dt > 0.0) CHECK(std::abs(m.minus_g_after - m.minus_g_before) <= 1e-6 * peak);
        if (m.dt < 0.0) CHECK(std::abs(m.plus_g_after - m.plus_g_before) <= 1e-6 * peak);
        CHECK(m.plus_g_after - m.plus_g_before >= -1e-6 * peak);
        CHECK(m.minus_g_after - m.minus_g_before >= -1e-6 * peak);
    }
}

// Gate: the device sees at most the top electrode's voltage while the gate is
// open, so nothing can change once the sampled lead / tail is below the
// threshold: |dt| > h + edge + tau ln(a / V_th) + h (the gate's half length).
void check_gate(const StdpSetup& setup, double span) {
    const auto window = sweep(setup, span, 20);
    const double h = 0.5 * setup.pre.width + setup.pre.edge, e = setup.post.edge;
    Reach reach;
    reach.plus = 2.0 * h + e + setup.post.t_plus * std::log(setup.post.a_plus / *setup.thresholds.set);
    reach.minus = 2.0 * h + e + setup.post.tau_minus * std::log(setup.post.a_minus / *setup.thresholds.reset);
    reach.onset = 0.0;  // the gap is as long as the gate pulse: dt = 0 changes nothing
    // The transistor's drop shortens the reach below the bound: require change over its first half only.
    check_classic(window, reach, 0.5);
}

}  // namespace

TEST_CASE("gate scheme: the post waveform is a rising lead, a gap as long as the gate pulse, and a tail",
          "[stdp][gate]") {
    const auto gate = parse_spike_spec("rectangular:amplitude=1.2,width=10e-9,edge=1e-9");
    auto post = parse_spike_spec("bipolar:a_plus=1,t_plus=100e-9,a_minus=0.75,tau_minus=50e-9,edge=1e-9");
    const double h = 6e-9;
    CHECK(gate_post_value(gate, post, 0.0) == 0.0);
    CHECK(gate_post_value(gate, post, -h) == 0.0);
    CHECK(gate_post_value(gate, post, h) == 0.0);
    CHECK(gate_post_value(gate, post, -h - 1e-9) == Catch::Approx(1.0));
    CHECK(gate_post_value(gate, post, -h - 1e-9 - 100e-9) == Catch::Approx(std::exp(-1.0)));
    CHECK(gate_post_value(gate, post, h + 1e-9 + 50e-9) == Catch::Approx(-0.75 * std::exp(-1.0)));
    // The PWL follows the exact waveform within its tolerance.
    const double tolerance = 1e-3;
    const auto pwl = gate_post_pwl(gate, post, 1e-6, tolerance);
    for (std::size_t k = 0; k + 1 < pwl.points.size(); ++k) {
        REQUIRE(pwl.points[k + 1].first > pwl.points[k].first);
        for (double f : {0.25, 0.5, 0.75}) {
            const double t = pwl.points[k].first + f * (pwl.points[k + 1].first - pwl.points[k].first);
            const double linear = pwl.points[k].second + f * (pwl.points[k + 1].second - pwl.points[k].second);
            CHECK(std::abs(linear - gate_post_value(gate, post, t - 1e-6)) <= 1.01 * tolerance);
        }
    }
}

TEST_CASE("SPICE STDP window of a VTEAM 1T1R gate synapse has the classic shape", "[stdp][gate][spice]") {
    // Amplitudes above the defaults: the level-1 transistor's drop (about 1.5 kohm on) takes a part.
    const auto setup = make_stdp_setup(device("vteam"), StdpScheme::gate, "rectangular:width=10e-9,edge=1e-9",
                                       "bipolar:a_plus=0.7,t_plus=200e-9,a_minus=0.65,tau_minus=200e-9,edge=1e-9",
                                       "level1");
    CHECK(setup.pre.amplitude == Catch::Approx(1.2));  // the card's nominal gate
    check_gate(setup, 150e-9);
}

TEST_CASE("SPICE STDP window of a Yakopcic 1T1R gate synapse has the classic shape", "[stdp][gate][spice]") {
    // Yakopcic's device is a few hundred ohms: a wide access transistor keeps its drop small.
    const auto setup = make_stdp_setup(device("yakopcic"), StdpScheme::gate, "rectangular:width=20e-6,edge=1e-6",
                                       "bipolar:a_plus=0.4,t_plus=1e-3,a_minus=0.4,tau_minus=1e-3,edge=1e-6",
                                       wide_level1(40e-6));
    check_gate(setup, 2e-3);
}

TEST_CASE("SPICE STDP window of a VTEAM differential synapse has the classic shape", "[stdp][differential][spice]") {
    const auto setup = make_stdp_setup(device("vteam"), StdpScheme::differential,
                                       "bipolar:t_plus=20e-9,tau_minus=100e-9", "bipolar:t_plus=20e-9,tau_minus=100e-9");
    check_differential(setup, 250e-9);
}

TEST_CASE("SPICE STDP window of a Yakopcic differential synapse has the classic shape",
          "[stdp][differential][spice]") {
    const std::string spike = "bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6";
    const auto setup = make_stdp_setup(device("yakopcic"), StdpScheme::differential, spike, spike);
    check_differential(setup, 2.5e-3);
}

TEST_CASE("STDP gate and differential schemes refuse bad input", "[stdp][gate][differential]") {
    using Catch::Matchers::ContainsSubstring;
    CHECK_THROWS_WITH(parse_stdp_scheme("crossbar"), ContainsSubstring("expected overlap, gate or differential"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::gate, "bipolar", "bipolar"),
                      ContainsSubstring("gate pulse"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::gate, "rectangular", "rectangular"),
                      ContainsSubstring("must be bipolar"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::gate, "rectangular:amplitude=0.4", "bipolar"),
                      ContainsSubstring("does not open transistor"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::gate, "rectangular", "bipolar:a_plus=0.4"),
                      ContainsSubstring("cannot potentiate"));
    CHECK_THROWS_WITH(make_stdp_setup(device("hp_linear_drift"), StdpScheme::gate, "rectangular", "bipolar"),
                      ContainsSubstring("has no SET threshold"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::gate, "rectangular", "bipolar", "nmos9"),
                      ContainsSubstring("nmos9"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::differential, "bipolar:a_plus=0.1,a_minus=0.1",
                                      "bipolar:a_plus=0.1,a_minus=0.1"),
                      ContainsSubstring("cannot potentiate G+"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::differential, "bipolar:a_plus=0.6", "bipolar"),
                      ContainsSubstring("at or above the model's"));
}

TEST_CASE("gate scheme: a transistor that cannot pass the current is refused by the ngspice check",
          "[stdp][gate][spice]") {
    using Catch::Matchers::ContainsSubstring;
    // Yakopcic (a few hundred ohms) behind the default level-1 transistor (about 1.5 kohm on): most of the
    // post spike drops on the transistor.
    const auto setup = make_stdp_setup(device("yakopcic"), StdpScheme::gate, "rectangular:width=20e-6,edge=1e-6",
                                       "bipolar:a_plus=0.4,t_plus=1e-3,a_minus=0.4,tau_minus=1e-3,edge=1e-6",
                                       "level1");
    const auto measured = measure_gate(setup, {0.5}, shared_engine());
    CHECK(measured.open_set < *setup.thresholds.set);
    CHECK_THROWS_WITH(run_stdp_spice(setup, {{1e-4, 0.5}}, shared_engine()),
                      ContainsSubstring("cannot pass enough current"));
    // The same post spike with the gate closed programs nothing, and a wide transistor passes it.
    const auto wide = make_stdp_setup(device("yakopcic"), StdpScheme::gate, "rectangular:width=20e-6,edge=1e-6",
                                      "bipolar:a_plus=0.4,t_plus=1e-3,a_minus=0.4,tau_minus=1e-3,edge=1e-6",
                                      wide_level1(40e-6));
    const auto open = measure_gate(wide, {0.5}, shared_engine());
    CHECK(open.open_set > *wide.thresholds.set);
    CHECK(open.open_reset > *wide.thresholds.reset);
    CHECK(open.closed_set < *wide.thresholds.set);
    CHECK(open.closed_reset < *wide.thresholds.reset);
    // A negative phase that turns the closed transistor on in reverse is refused too.
    const auto leaky = make_stdp_setup(device("yakopcic"), StdpScheme::gate, "rectangular:width=20e-6,edge=1e-6",
                                       "bipolar:a_plus=0.4,t_plus=1e-3,a_minus=1.5,tau_minus=1e-3,edge=1e-6",
                                       wide_level1(40e-6));
    CHECK_THROWS_WITH(run_stdp_spice(leaky, {{1e-4, 0.5}}, shared_engine()), ContainsSubstring("gate closed"));
}

}  // namespace memcosim::neuro
