// The SHAPE[:K=V,...] spec: parse, round trip, and clear errors.
#include "core/error.hpp"
#include "neuro/spike_spec.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim;
using Catch::Matchers::ContainsSubstring;

TEST_CASE("Spike spec parses shapes and parameters", "[neuro]") {
    const auto s = neuro::parse_spike_spec("bipolar:a_plus=1,t_plus=1e-6,a_minus=0.3,tau_minus=20e-6");
    CHECK(s.kind == neuro::SpikeShapeKind::bipolar);
    CHECK(s.a_plus == 1.0);
    CHECK(s.t_plus == 1e-6);
    CHECK(s.a_minus == 0.3);
    CHECK(s.tau_minus == 20e-6);
    const auto rect = neuro::parse_spike_spec("rectangular");
    CHECK(rect.kind == neuro::SpikeShapeKind::rectangular);
    CHECK(rect.width == neuro::SpikeShape{}.width);
    const auto exponential = neuro::parse_spike_spec("exponential:amplitude=-0.5,tau=3e-6,edge=2e-9");
    CHECK(exponential.amplitude == -0.5);
    CHECK(exponential.tau == 3e-6);
    CHECK(exponential.edge == 2e-9);
}

TEST_CASE("Spike spec round trips through format_spike_spec", "[neuro]") {
    for (const char* spec : {"rectangular:amplitude=1.25,width=3e-7", "exponential:tau=1.5e-5",
                             "bipolar:a_plus=0.9,t_plus=2e-6,a_minus=0.35,tau_minus=1e-5,edge=5e-10"}) {
        const auto shape = neuro::parse_spike_spec(spec);
        const auto again = neuro::parse_spike_spec(neuro::format_spike_spec(shape));
        CHECK(neuro::format_spike_spec(again) == neuro::format_spike_spec(shape));
        CHECK(again.kind == shape.kind);
    }
}

TEST_CASE("Spike spec errors name the problem", "[neuro][bad-input]") {
    CHECK_THROWS_WITH(neuro::parse_spike_spec("triangle:width=1e-6"),
                      ContainsSubstring("unknown shape 'triangle'") && ContainsSubstring("bipolar"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("bipolar:tau=1e-6"),
                      ContainsSubstring("unknown parameter 'tau'") && ContainsSubstring("tau_minus"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("rectangular:width=-1e-6"),
                      ContainsSubstring("width must be a finite number > 0"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("bipolar:t_plus=-2e-6"), ContainsSubstring("t_plus"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("rectangular:width=abc"), ContainsSubstring("must be a number"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("rectangular:width"), ContainsSubstring("expected K=V"));
    CHECK_THROWS_WITH(neuro::parse_spike_spec("rectangular:width=1e-6,width=2e-6"), ContainsSubstring("twice"));
    CHECK_THROWS_AS(neuro::parse_spike_spec(""), InputError);
}
