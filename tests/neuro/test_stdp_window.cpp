// STDP overlap bench in ngspice: the window of VTEAM and Yakopcic synapses
// against the closed-form reach of the overlap, the thresholds the bench
// finds against the models' own parameters, and the bad-input errors.
#include "core/error.hpp"
#include "models/model_registry.hpp"
#include "neuro/stdp_experiment.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>

memcosim::spice::Engine& shared_engine();

namespace memcosim::neuro {
namespace {

experiments::DeviceUnderTest device(const char* name) {
    const models::ModelRegistry registry;
    auto selection = registry.select(name);
    return {selection.model, selection.parameters};
}

// The window ends where the tail no longer lifts the overlap over the
// threshold: a_plus + a_minus exp(-(u - t_plus - 2 edge) / tau) = V_th.
double closed_form_reach(const SpikeShape& tail_owner, double a_plus_other, double threshold) {
    return tail_owner.t_plus + 2.0 * tail_owner.edge +
           tail_owner.tau_minus * std::log(tail_owner.a_minus / (threshold - a_plus_other));
}

void check_window_shape(const StdpSetup& setup, double span) {
    std::vector<StdpPairing> pairings;
    for (int k = -20; k <= 20; ++k) pairings.push_back({span * k / 20.0, 0.5});
    const auto window = run_stdp_spice(setup, pairings, shared_engine());
    const double reach_plus = closed_form_reach(setup.pre, setup.post.a_plus, *setup.thresholds.set);
    const double reach_minus = closed_form_reach(setup.post, setup.pre.a_plus, *setup.thresholds.reset);
    double peak_plus = 0.0, peak_minus = 0.0;
    for (const auto& m : window) {
        peak_plus = std::max(peak_plus, m.delta_g());
        peak_minus = std::max(peak_minus, -m.delta_g());
    }
    REQUIRE(peak_plus > 0.0);
    REQUIRE(peak_minus > 0.0);
    for (const auto& m : window) {
        INFO("dt " << m.dt << " dG " << m.delta_g() << " reach+ " << reach_plus << " reach- " << reach_minus);
        if (m.dt > 0.0 && m.dt < 0.9 * reach_plus) CHECK(m.delta_g() > 0.0);    // potentiation
        if (m.dt < 0.0 && -m.dt < 0.9 * reach_minus) CHECK(m.delta_g() < 0.0);  // depression
        if (m.dt > 1.05 * reach_plus || -m.dt > 1.05 * reach_minus || m.dt == 0.0)
            CHECK(std::abs(m.delta_g()) <= 1e-9 * peak_plus);  // no overlap above threshold: no change
    }
    // Past the positive part the change decays with |dt| on both sides.
    for (std::size_t k = 1; k < window.size(); ++k) {
        const auto& a = window[k - 1];
        const auto& b = window[k];
        if (a.dt > setup.pre.t_plus + 2 * setup.pre.edge && b.dt < reach_plus) CHECK(b.delta_g() < a.delta_g());
        if (b.dt < -(setup.post.t_plus + 2 * setup.post.edge) && -a.dt < reach_minus)
            CHECK(-a.delta_g() < -b.delta_g());
    }
}

}  // namespace

TEST_CASE("switching thresholds are found from the evaluator", "[stdp]") {
    const auto vteam = device("vteam");
    const auto t = find_switching_thresholds(vteam.model, models::resolve_parameters(vteam.model, {}));
    REQUIRE(t.set);
    REQUIRE(t.reset);
    CHECK(*t.set == Catch::Approx(0.5).margin(2e-6));    // -v_on
    CHECK(*t.reset == Catch::Approx(0.5).margin(2e-6));  // v_off
    const auto yakopcic = device("yakopcic");
    const auto y = find_switching_thresholds(yakopcic.model, models::resolve_parameters(yakopcic.model, {}));
    CHECK(*y.set == Catch::Approx(0.16).margin(2e-6));   // Vp
    CHECK(*y.reset == Catch::Approx(0.15).margin(2e-6)); // Vn
    const auto hp = device("hp_linear_drift");
    const auto h = find_switching_thresholds(hp.model, models::resolve_parameters(hp.model, {}));
    CHECK_FALSE(h.set);
    CHECK_FALSE(h.reset);
}

TEST_CASE("amplitudes left out are chosen from the thresholds", "[stdp]") {
    const auto s = make_stdp_setup(device("vteam"), StdpScheme::overlap, "bipolar:t_plus=20e-9",
                                   "bipolar:a_plus=0.3,t_plus=20e-9");
    CHECK(s.pre.a_plus == Catch::Approx(auto_a_plus * 0.5).margin(1e-5));
    CHECK(s.pre.a_minus == Catch::Approx(auto_a_minus * 0.5).margin(1e-5));
    CHECK(s.post.a_plus == 0.3);  // given: kept
}

TEST_CASE("STDP bench: bad input is refused with a clear error", "[stdp]") {
    using Catch::Matchers::ContainsSubstring;
    CHECK_THROWS_WITH(make_stdp_setup(device("hp_linear_drift"), StdpScheme::overlap, "bipolar", "bipolar"),
                      ContainsSubstring("has no SET threshold"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::overlap, "bipolar:a_plus=0.6", "bipolar"),
                      ContainsSubstring("at or above the model's RESET threshold"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::overlap, "bipolar:a_plus=0.1,a_minus=0.1",
                                      "bipolar:a_plus=0.1,a_minus=0.1"),
                      ContainsSubstring("even where they overlap"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::overlap, "triangle", "bipolar"),
                      ContainsSubstring("unknown shape 'triangle'"));
    CHECK_THROWS_WITH(make_stdp_setup(device("vteam"), StdpScheme::overlap, "bipolar:sigma=1", "bipolar"),
                      ContainsSubstring("unknown parameter 'sigma'"));
    CHECK_THROWS_WITH(parse_stdp_scheme("crossbar"), ContainsSubstring("unknown STDP scheme 'crossbar'"));
    CHECK_THROWS_WITH(timing_differences(1e-6, -1e-6, 11), ContainsSubstring("empty or reversed"));
    CHECK_THROWS_WITH(timing_differences(1e-6, 1e-6, 11), ContainsSubstring("empty or reversed"));
}

TEST_CASE("SPICE STDP window of a VTEAM synapse has the classic shape", "[stdp][spice]") {
    const auto setup = make_stdp_setup(device("vteam"), StdpScheme::overlap,
                                       "bipolar:t_plus=20e-9,tau_minus=100e-9", "bipolar:t_plus=20e-9,tau_minus=100e-9");
    check_window_shape(setup, 250e-9);
}

TEST_CASE("SPICE STDP window of a Yakopcic synapse has the classic shape", "[stdp][spice]") {
    const auto setup = make_stdp_setup(device("yakopcic"), StdpScheme::overlap,
                                       "bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6",
                                       "bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6");
    check_window_shape(setup, 2.5e-3);
}

}  // namespace memcosim::neuro
