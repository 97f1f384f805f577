// The fast path (series elimination per cell + Newton on the array, the
// transistor as the fitted compact model) against ngspice on the same
// generated circuit, for every composite cell type: DC column currents
// within 1e-4 of the largest column current, wires 1 ohm, random cells.
#include "experiments/cell_crossbar.hpp"
#include "experiments/transistor_fit.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <random>

memcosim::spice::Engine& shared_engine();

using namespace memcosim;
using experiments::CellType;

namespace {

CrossbarArray random_array(Eigen::Index rows, Eigen::Index cols, double g_lo, double g_hi, double v_lo, double v_hi,
                           unsigned seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CrossbarArray array;
    array.conductance.resize(rows, cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) {
        array.conductance.data()[k] = g_lo + (g_hi - g_lo) * unit(random);
    }
    array.inputs.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) array.inputs(i) = v_lo + (v_hi - v_lo) * unit(random);
    array.row_wire_resistance = 1.0;
    array.column_wire_resistance = 1.0;
    return array;
}

experiments::CellCrossbar transistor_cells(CellType type, const std::string& card, CrossbarArray array) {
    experiments::CellCrossbar c;
    c.type = type;
    c.array = std::move(array);
    c.transistor = experiments::load_transistor_card(card);
    c.gate_voltage = c.transistor->nominal_gate;
    return c;
}

// Runs both engines; returns the largest difference over the largest current.
double disagreement(const experiments::CellCrossbar& c) {
    std::optional<solver::CompactTransistor> transistor;
    if (experiments::has_transistor(c.type)) {
        const auto grid = experiments::grid_for_read(c.gate_voltage, c.array.inputs.cwiseAbs().maxCoeff());
        const auto fit = experiments::characterise_transistor(*c.transistor, grid, shared_engine());
        transistor = fit.model;
    }
    const Eigen::VectorXd spice = experiments::cell_crossbar_spice(c, shared_engine());
    const auto fast = experiments::cell_crossbar_solve(c, transistor);
    const Eigen::VectorXd& solver = fast.solution.column_currents;
    REQUIRE(spice.size() == solver.size());
    const double largest = spice.cwiseAbs().maxCoeff();
    INFO("largest column current " << largest << " A, Newton iterations " << fast.newton_iterations);
    REQUIRE(largest > 0.0);
    return (spice - solver).cwiseAbs().maxCoeff() / largest;
}

}  // namespace

TEST_CASE("1S1R (sinh selector, linear memory) 16x16 agrees with ngspice", "[cells][agreement][spice]") {
    experiments::CellCrossbar c;
    c.type = CellType::one_s_one_r;
    c.array = random_array(16, 16, 1e-5, 1e-4, 0.8, 1.2, 3);
    const models::ModelRegistry registry;
    const auto selection = registry.select("selector_sinh");
    c.selector = experiments::DeviceUnderTest{selection.model, selection.parameters};
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}

TEST_CASE("1S1R with VTEAM memory cells agrees with ngspice", "[cells][agreement][spice]") {
    experiments::CellCrossbar c;
    c.type = CellType::one_s_one_r;
    c.array = random_array(8, 8, 1.0, 1.0, 0.8, 1.2, 5);
    const models::ModelRegistry registry;
    const auto selector = registry.select("selector_sinh");
    c.selector = experiments::DeviceUnderTest{selector.model, selector.parameters};
    const auto vteam = registry.select("vteam");
    experiments::ModelCrossbar memory{c.array, {vteam.model, vteam.parameters}, {}};
    std::mt19937_64 random(9);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    RowMajorMatrix state(8, 8);
    for (Eigen::Index k = 0; k < state.size(); ++k) state.data()[k] = 0.1 + 0.8 * unit(random);
    memory.states.push_back(state);
    REQUIRE(vteam.model.state_count() == 1);
    c.memory = memory;
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}

TEST_CASE("1T1R with the level-1 card 16x16 agrees with ngspice", "[cells][agreement][spice]") {
    const auto c = transistor_cells(CellType::one_t_one_r, "level1", random_array(16, 16, 1e-5, 1e-4, 0.1, 0.3, 4));
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}

TEST_CASE("1T1R with the PTM 45 nm BSIM4 card 16x16 agrees with ngspice", "[cells][agreement][spice]") {
    const auto c = transistor_cells(CellType::one_t_one_r, "bsim4", random_array(16, 16, 1e-5, 1e-4, 0.1, 0.3, 6));
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}

TEST_CASE("2T2R differential pairs 12 x (2 x 8) agree with ngspice", "[cells][agreement][spice]") {
    const auto c = transistor_cells(CellType::two_t_two_r, "level1", random_array(12, 16, 1e-5, 1e-4, 0.1, 0.3, 8));
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}

TEST_CASE("1T1R with driver and load resistances agrees with ngspice", "[cells][agreement][spice][periphery]") {
    auto array = random_array(8, 8, 1e-5, 1e-4, 0.1, 0.3, 10);
    array.row_drivers.assign(8, LineTermination{false, 200.0});         // driver output resistance
    array.column_terminations.assign(8, LineTermination{false, 100.0});  // sense load resistance
    const auto c = transistor_cells(CellType::one_t_one_r, "level1", array);
    const double d = disagreement(c);
    INFO("relative difference " << d);
    CHECK(d <= 1e-4);
}
