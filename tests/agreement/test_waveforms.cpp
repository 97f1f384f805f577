// The C++ waveforms must be the ones ngspice applies: each source runs in a
// transient and every ngspice time point is compared with waveform_value().
#include "netlist/spice_writer.hpp"
#include "netlist/waveform_value.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

using namespace memcosim;

spice::Engine& shared_engine();

TEST_CASE("PULSE, PWL and SIN sources match ngspice point by point", "[agreement][waveform]") {
    const netlist::Waveform waveform = GENERATE(
        netlist::Waveform{netlist::Pulse{-0.5, 1.2, 1e-9, 2e-10, 3e-10, 1e-9, 3e-9}},
        netlist::Waveform{netlist::PiecewiseLinear{{{0, 0}, {1e-9, 1}, {2.5e-9, -0.4}, {4e-9, -0.4}, {5e-9, 0.3}}}},
        netlist::Waveform{netlist::Sine{0.1, 0.8, 5e8, 1e-9, 30}});
    netlist::Circuit circuit;
    circuit.add(netlist::VoltageSource{"v1", "a", "0", waveform});
    circuit.add(netlist::Resistor{"r1", "a", "0", 1e3});
    circuit.analyses.emplace_back(netlist::Transient{1e-11, 6e-9, 0, 1e-11, false});
    const auto result = shared_engine().run(netlist::write_spice_lines(circuit));
    const auto& time = result.vector("time").real;
    const auto& value = result.vector("a").real;
    REQUIRE(time.size() > 100);
    double worst = 0.0;
    for (std::size_t k = 0; k < time.size(); ++k) {
        worst = std::max(worst, std::abs(value[k] - netlist::waveform_value(waveform, time[k])));
    }
    CHECK(worst < 1e-9);
}

TEST_CASE("breakpoints are the corners of a pulse train", "[waveform]") {
    const auto times = netlist::waveform_breakpoints(netlist::Pulse{0, 1, 1, 0.5, 0.5, 2, 10}, 12);
    const std::vector<double> expected{0, 1, 1.5, 3.5, 4, 11, 11.5, 12};
    CHECK(times == expected);
}
