// The SPICE reference of the sneak calibration (calibrate/sneak_netlist.hpp)
// against the exact sneak solver (solver/sneak_analysis.hpp) on small
// arrays: every scheme, 1R and 1S1R, the same margin and sneak current to
// ~1e-6 relative (the engine check); and the calibrated surrogate against
// that SPICE reference.
#include "calibrate/sneak_calibration.hpp"
#include "calibrate/sneak_netlist.hpp"
#include "core/error.hpp"
#include "solver/sneak_analysis.hpp"
#include "spice/engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
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
