// The compact transistor fitted to ngspice's own I-V of each built-in card
// reproduces the SPICE currents within the stated tolerance, on the fit grid
// and on a held-out grid (other gate, drain and source voltages).
#include "experiments/transistor_fit.hpp"

#include <catch2/catch_test_macros.hpp>

memcosim::spice::Engine& shared_engine();

using namespace memcosim;

namespace {

void check_fit(const std::string& name, double rms_tolerance, double max_tolerance) {
    const auto card = experiments::load_transistor_card(name);
    const auto grid = experiments::grid_for_read(card.nominal_gate, 0.5);
    const auto fit = experiments::characterise_transistor(card, grid, shared_engine());
    INFO(name << ": " << fit.summary());
    CHECK(fit.rms_relative_error <= rms_tolerance);
    CHECK(fit.max_relative_error <= max_tolerance);

    auto held_out = grid;
    held_out.gate_points = 7;
    held_out.drain_points = 13;
    held_out.source_voltages = {0.03, 0.07};
    const auto check = experiments::fit_errors(fit.model, experiments::sweep_transistor(card, held_out, shared_engine()));
    INFO("held out: " << check.summary());
    CHECK(check.rms_relative_error <= rms_tolerance);
    CHECK(check.max_relative_error <= max_tolerance);
}

}  // namespace

TEST_CASE("the compact model fits the level-1 card", "[cells][transistor][spice]") { check_fit("level1", 1e-2, 5e-2); }

TEST_CASE("the compact model fits the PTM 45 nm BSIM4 card", "[cells][transistor][spice]") {
    check_fit("bsim4", 5e-2, 2e-1);
}
