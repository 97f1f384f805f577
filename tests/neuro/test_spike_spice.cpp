// A spike train written as a PWL source and run in ngspice reproduces the
// C++ function: the waveform reaches SPICE as the tests above measured it.
#include "netlist/spice_writer.hpp"
#include "neuro/spike_spec.hpp"
#include "neuro/spike_train.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>

#include <cmath>

memcosim::spice::Engine& shared_engine();

TEST_CASE("Bipolar spike train PWL in ngspice matches the C++ function", "[neuro][spice]") {
    using namespace memcosim;
    const neuro::SpikeTrain train{
        neuro::parse_spike_spec("bipolar:a_plus=1,t_plus=1e-6,a_minus=0.3,tau_minus=20e-6"), {2e-6, 10e-6, 10.5e-6}};
    const double tolerance = 1e-4;
    netlist::Circuit circuit;
    circuit.title = "spike train pwl";
    circuit.add(netlist::VoltageSource{"vspike", "s", netlist::ground, neuro::spike_train_pwl(train, tolerance)});
    circuit.add(netlist::Resistor{"rload", "s", netlist::ground, 1e3});
    circuit.analyses.push_back(netlist::Transient{10e-9, 100e-6, 0.0, 10e-9, false});
    const auto result = shared_engine().run(netlist::write_spice_lines(circuit));
    const auto& time = result.vector("time").real;
    const auto& voltage = result.vector("v(s)").real;
    double worst = 0.0;
    for (std::size_t k = 0; k < time.size(); ++k)
        worst = std::max(worst, std::abs(voltage[k] - neuro::spike_train_value(train, time[k])));
    INFO(fmt::format("{} time points, max |SPICE - function| = {:.3e} V", time.size(), worst));
    CHECK(worst <= 3 * tolerance);
}
