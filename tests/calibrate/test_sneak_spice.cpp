// The SPICE reference of the sneak calibration (calibrate/sneak_netlist.hpp)
// against the exact sneak solver (solver/sneak_analysis.hpp) on small
// arrays: every scheme, 1R and 1S1R, the same margin and sneak current to
// ~1e-6 relative (the engine check); very nonlinear selectors (K = 100) on
// floating lines, which ngspice used to fail ("timestep too small": its
// tolerances were below the round-off of the floating lines), now converge
// and agree to ~1e-9, and the answer is ngspice's own, not the solver's
// starting point.
#include "calibrate/sneak_calibration.hpp"
#include "calibrate/sneak_netlist.hpp"
#include "core/error.hpp"
#include "solver/sneak_analysis.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <random>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

using namespace memcosim;

namespace {

spice::Engine& shared_engine() {
    static spice::Engine engine;  // one ngspice per process
    return engine;
}

solver::SneakPoint exact_read(const surrogate::SneakCase& c) {
    solver::SneakSettings s = calibrate::sneak_settings(c);
    if (c.selector_ratio != 0.0) {  // tighter than the calibration's Newton: this is the engine check
        s.options.voltage_tolerance = 1e-13;
        s.options.current_tolerance = 1e-12;
    }
    return solver::analyse_read(c.size, s);
}

double relative(double a, double b) { return std::abs(a - b) / std::abs(b); }

}  // namespace

TEST_CASE("ngspice and the exact solver give the same sneak read", "[calibrate][spice]") {
    const long size = GENERATE(8L, 16L);
    const std::string scheme = GENERATE(std::string("v2"), std::string("v3"), std::string("float"));
    const double selector = GENERATE(0.0, 20.0);
    const surrogate::SneakCase c{size, scheme, 5e-5, 1e-6, 0.3, 1.5, selector};
    INFO(fmt::format("{}x{} {} selector ratio {}", size, size, scheme, selector));
    const calibrate::SneakSpiceResult spice = calibrate::run_sneak_spice(shared_engine(), c);
    const solver::SneakPoint exact = exact_read(c);
    INFO(fmt::format("margin spice {:.12g} solver {:.12g}", spice.read_margin, exact.read_margin));
    CHECK(relative(spice.on_current, exact.on_current) < 1e-6);
    CHECK(relative(spice.off_current, exact.off_current) < 1e-6);
    CHECK(relative(spice.read_margin, exact.read_margin) < 1e-6);
    CHECK(relative(spice.sneak_current, exact.sneak_current) < 1e-6);
    // The wires matter here: the ideal-wire closed form is measurably off.
    auto ideal = c;
    ideal.r_wire = 0.0;
    CHECK(relative(surrogate::predict_sneak(ideal, {}).on_current, spice.on_current) > 1e-4);
}

TEST_CASE("the sneak netlist refuses ideal wires and bad cases", "[calibrate]") {
    CHECK_THROWS_AS(calibrate::build_sneak_circuit({8, "v2", 1e-4, 1e-6, 0.2, 0.0, 0.0}, 1e-4), InputError);
    CHECK_THROWS_AS(calibrate::build_sneak_circuit({8, "v4", 1e-4, 1e-6, 0.2, 1.0, 0.0}, 1e-4), InputError);
    CHECK_THROWS_AS(calibrate::build_sneak_circuit({8, "v2", 1e-4, 1e-6, 0.2, 1.0, 1.5}, 1e-4), InputError);
    CHECK_THROWS_AS(calibrate::sneak_case_from_json(nlohmann::json{{"size", 8}}), InputError);
}

namespace {

solver::SneakPoint exact_read_tight(const surrogate::SneakCase& c) {
    solver::SneakSettings s = calibrate::sneak_settings(c);
    s.options.voltage_tolerance = 1e-14;
    s.options.current_tolerance = 1e-13;
    return solver::analyse_read(c.size, s);
}

}  // namespace

TEST_CASE("float reads of K = 100 selectors converge in ngspice and agree with the exact solver to ~1e-9",
          "[calibrate][spice]") {
    // The failing reads: float scheme, selector ratio 100; the
    // wire and conductance corners set the round-off floor (sneak_netlist.hpp).
    const std::string scheme = GENERATE(std::string("float"), std::string("v2"), std::string("v3"));
    const auto corner = GENERATE(std::pair{5e-5, 1.0}, std::pair{1e-5, 0.1}, std::pair{1e-4, 2.0});
    const long size = GENERATE(8L, 16L);
    const surrogate::SneakCase c{size, scheme, corner.first, corner.first / 50.0, 0.2, corner.second, 100.0};
    INFO(fmt::format("{}x{} {} g_on {} r_wire {}", size, size, scheme, c.g_on, c.r_wire));
    const calibrate::SneakSpiceResult spice = calibrate::run_sneak_spice(shared_engine(), c);
    const solver::SneakPoint exact = exact_read_tight(c);
    INFO(fmt::format("on {:.3e} off {:.3e} margin {:.3e}", relative(spice.on_current, exact.on_current),
                     relative(spice.off_current, exact.off_current), relative(spice.read_margin, exact.read_margin)));
    // 1e-8 relative, or the round-off floor of the two engines, each within
    // ngspice's current tolerance (the OFF current of the 0.1-ohm, 1e-5 S
    // corner, 16x16: 7e-15 A apart on 2e-7 A).
    const double floor = 2.0 * calibrate::sneak_tolerances(c).abstol;
    CHECK(std::abs(spice.on_current - exact.on_current) < 1e-8 * exact.on_current + floor);
    CHECK(std::abs(spice.off_current - exact.off_current) < 1e-8 * exact.off_current + floor);
    CHECK(relative(spice.read_margin, exact.read_margin) < 1e-8);
    CHECK(std::abs(spice.sneak_current - exact.sneak_current) < 1e-7 * std::abs(exact.sneak_current) + floor);
}

TEST_CASE("ngspice's sneak read is its own converged answer, whatever its starting point", "[calibrate][spice]") {
    const surrogate::SneakCase c{8, "float", 5e-5, 1e-6, 0.2, 1.0, 100.0};
    const solver::SneakPoint exact = exact_read_tight(c);
    const calibrate::SneakNodeVoltages seed = calibrate::exact_sneak_node_voltages(c, c.g_off);
    // The seed is the solver's solution of the same circuit...
    const auto seeded = calibrate::run_sneak_read(shared_engine(), c, c.g_off,
                                                  calibrate::sneak_netlist_lines(c, c.g_off, &seed));
    // ...a seed 10 mV off at random, and no seed at all, end at the same point.
    calibrate::SneakNodeVoltages off_seed = seed;
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> jitter(-0.01, 0.01);
    for (Eigen::Index k = 0; k < off_seed.row.size(); ++k) {
        off_seed.row.data()[k] += jitter(random);
        off_seed.column.data()[k] += jitter(random);
    }
    const auto perturbed = calibrate::run_sneak_read(shared_engine(), c, c.g_off,
                                                     calibrate::sneak_netlist_lines(c, c.g_off, &off_seed));
    const auto unseeded = calibrate::run_sneak_read(shared_engine(), c, c.g_off,
                                                    calibrate::sneak_netlist_lines(c, c.g_off, nullptr));
    INFO(fmt::format("seeded {:.15e} perturbed {:.15e} unseeded {:.15e} exact {:.15e}", seeded.sensed,
                     perturbed.sensed, unseeded.sensed, exact.off_current));
    CHECK(relative(seeded.sensed, exact.off_current) < 1e-8);
    CHECK(relative(perturbed.sensed, exact.off_current) < 1e-8);
    CHECK(relative(unseeded.sensed, exact.off_current) < 1e-8);
    // The netlist carries one .nodeset per array node only when seeded.
    const auto lines = calibrate::sneak_netlist_lines(c, c.g_off, &seed);
    const auto nodesets = std::count_if(lines.begin(), lines.end(),
                                        [](const std::string& l) { return l.rfind(".nodeset", 0) == 0; });
    CHECK(nodesets == 2 * 8 * 8);
    const auto plain = calibrate::sneak_netlist_lines(c, c.g_off, nullptr);
    CHECK(std::none_of(plain.begin(), plain.end(), [](const std::string& l) { return l.rfind(".nodeset", 0) == 0; }));
}

TEST_CASE("sneak read tolerances sit above the round-off floor and stay tight where it is low", "[calibrate]") {
    // Linear cells on 1-ohm wires: a floating line is held by N g_on, the floor is low.
    const calibrate::SneakTolerances linear = calibrate::sneak_tolerances({8, "float", 1e-4, 1e-6, 0.2, 1.0, 0.0});
    CHECK(linear.reltol == 1e-10);
    CHECK(linear.abstol < 1e-15);
    CHECK(linear.vntol < 1e-11);
    // K = 100, g_on = 1e-5 S, 0.1-ohm wires: eps (v / r) / (N g_on s0) = 3e-9 V, 10x above.
    const calibrate::SneakTolerances hard = calibrate::sneak_tolerances({8, "float", 1e-5, 2e-7, 0.2, 0.1, 100.0});
    CHECK(hard.vntol > 1e-8);
    CHECK(hard.vntol < 1e-7);
    CHECK(hard.abstol > 1e-15);
    CHECK(hard.abstol < 1e-14);
    CHECK(hard.reltol == 1e-10);
}
