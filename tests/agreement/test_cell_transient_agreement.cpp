// Transients of nonlinear cells (issue 4, items 4 and 5): ngspice (trap,
// largest step STEP, dynamic model subcircuits, real selector / MOSFET)
// against the fast path (solver/nonlinear_transient.hpp: Newton at every
// step on the same schedule) on the same generated circuits with wire R, C
// and pulsed rows. Column currents within 1% of the peak at every output
// time, settling delays within 2%; a write with wire capacitance: final
// states within 1%.
#include "experiments/array_write.hpp"
#include "experiments/cell_transient_run.hpp"
#include "experiments/transistor_fit.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>
#include <random>

using namespace memcosim;
using experiments::CellCrossbar;
using experiments::CellType;
using experiments::RowPulse;

namespace {

spice::Engine& engine() {
    static spice::Engine instance;  // one ngspice per process
    return instance;
}

const models::ModelRegistry& registry() {
    static const models::ModelRegistry instance;
    return instance;
}

RowMajorMatrix uniform_map(Eigen::Index n, double lo, double hi, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> value(lo, hi);
    RowMajorMatrix map(n, n);
    for (Eigen::Index k = 0; k < map.size(); ++k) map.data()[k] = value(rng);
    return map;
}

CrossbarArray make_array(Eigen::Index n, double g_lo, double g_hi, double v_lo, double v_hi, double r_wire,
                         double c_wire, unsigned seed) {
    std::mt19937_64 rng(seed);
    CrossbarArray array;
    array.conductance = uniform_map(n, g_lo, g_hi, rng);
    std::uniform_real_distribution<double> v(v_lo, v_hi);
    array.inputs.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) array.inputs(i) = v(rng);
    array.row_wire_resistance = r_wire;
    array.column_wire_resistance = r_wire;
    array.wire_capacitance = c_wire;
    return array;
}

struct Agreement {
    double largest_difference = 0.0;  // relative to the peak ngspice current
    double largest_delay_difference = 0.0;
    double shortest_delay = 0.0;
};

Agreement compare(const CellCrossbar& cells, const RowPulse& pulse, double step, double stop) {
    const auto spice_raw = experiments::cell_transient_spice(engine(), cells, pulse, step, stop);
    std::optional<solver::CompactTransistor> transistor;
    if (experiments::has_transistor(cells.type)) {
        transistor = experiments::characterise_transistor(
                         *cells.transistor,
                         experiments::grid_for_read(cells.gate_voltage, cells.array.inputs.cwiseAbs().maxCoeff()),
                         engine())
                         .model;
    }
    solver::NonlinearTransientSettings settings;
    settings.step = step;
    settings.stop = stop;
    const auto solver_raw = experiments::cell_transient_solver(cells, transistor, pulse, settings);
    REQUIRE(spice_raw.names == solver_raw.names);
    const auto a = experiments::on_output_grid(spice_raw, step, stop);
    const auto b = experiments::on_output_grid(solver_raw, step, stop);
    REQUIRE(a.times == b.times);
    const double peak = a.values.cwiseAbs().maxCoeff();
    REQUIRE(peak > 0.0);
    Agreement result{(a.values - b.values).cwiseAbs().maxCoeff() / peak, 0.0, stop};
    const auto spice_delays = experiments::settling_delays(spice_raw, pulse.delay);
    const auto solver_delays = experiments::settling_delays(solver_raw, pulse.delay);
    for (std::size_t k = 0; k < spice_delays.size(); ++k) {
        result.largest_delay_difference =
            std::max(result.largest_delay_difference, std::abs(spice_delays[k] - solver_delays[k]) / spice_delays[k]);
        result.shortest_delay = std::min(result.shortest_delay, spice_delays[k]);
    }
    UNSCOPED_INFO(fmt::format("{} {}x{}: peak {:.4e} A, largest difference {:.3e} of the peak, delays {:.4e} s.., "
                              "largest delay difference {:.3e}; ngspice {:.3f} s, solver {:.3f} s",
                              experiments::to_string(cells.type), cells.array.rows(), cells.array.cols(), peak,
                              result.largest_difference, result.shortest_delay, result.largest_delay_difference,
                              spice_raw.seconds, solver_raw.seconds));
    return result;
}

void check(const Agreement& agreement, double step) {
    CHECK(agreement.largest_difference <= 0.01);
    CHECK(agreement.largest_delay_difference <= 0.02);
    // The delay is resolved: many steps long, so the 2% means something.
    CHECK(agreement.shortest_delay >= 20 * step);
}

}  // namespace

TEST_CASE("VTEAM cells: transient with evolving states agrees with ngspice", "[agreement][transient][cells]") {
    std::mt19937_64 rng(11);
    CellCrossbar cells;
    cells.type = CellType::one_r;
    cells.array = make_array(8, 1.0, 1.0, 0.9, 1.2, 10.0, 2e-13, 11);
    cells.memory = experiments::ModelCrossbar{cells.array, {registry().load("vteam"), {}},
                                              {uniform_map(8, 0.3, 0.7, rng)}};
    const RowPulse pulse{0.2e-9, 0.1e-9, 1.5e-9, 0.1e-9};
    check(compare(cells, pulse, 1e-11, 3e-9), 1e-11);

    // The states did move: the final currents differ from a frozen-state read.
    solver::NonlinearTransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 3e-9;
    const auto transient_cells = experiments::make_transient_cells(cells, std::nullopt);
    (void)solver::simulate_nonlinear_transient(cells.array, experiments::row_pulse_drive(pulse, 1e-11, 3e-9),
                                               *transient_cells, settings);
    const auto states = experiments::memory_states(*transient_cells);
    REQUIRE(states.size() == 1);
    CHECK((states[0] - cells.memory->states[0]).cwiseAbs().maxCoeff() > 0.01);
}

TEST_CASE("1S1R cells: transient agrees with ngspice", "[agreement][transient][cells]") {
    CellCrossbar cells;
    cells.type = CellType::one_s_one_r;
    cells.array = make_array(8, 1e-5, 1e-4, 0.8, 1.2, 20.0, 2e-13, 12);
    cells.selector = experiments::DeviceUnderTest{registry().load("selector_sinh"), {}};
    check(compare(cells, RowPulse{0.2e-9, 0.1e-9, 2e-9, 0.1e-9}, 1e-11, 3e-9), 1e-11);
}

TEST_CASE("1T1R cells (level 1 card): transient agrees with ngspice", "[agreement][transient][cells]") {
    CellCrossbar cells;
    cells.type = CellType::one_t_one_r;
    cells.array = make_array(8, 1e-5, 1e-4, 0.1, 0.3, 20.0, 2e-13, 13);
    cells.transistor = experiments::load_transistor_card("level1");
    cells.gate_voltage = cells.transistor->nominal_gate;
    check(compare(cells, RowPulse{0.2e-9, 0.1e-9, 2e-9, 0.1e-9}, 1e-11, 3e-9), 1e-11);
}

TEST_CASE("a VTEAM write with wire capacitance agrees with ngspice", "[agreement][write][cells]") {
    const Eigen::Index n = 8;
    std::mt19937_64 rng(14);
    experiments::ArrayWrite write{{}, {registry().load("vteam"), {}}, {uniform_map(n, 0.6, 1.0, rng)},
                                  solver::BiasScheme::half_voltage, {n / 2}, {n / 3}, {1.4, 4e-9, 0.5e-9, 0.5e-9}};
    write.array.conductance = RowMajorMatrix::Ones(n, n);  // size only
    write.array.row_wire_resistance = 5.0;
    write.array.column_wire_resistance = 5.0;
    write.array.wire_capacitance = 1e-13;
    const auto spice = experiments::write_spice(write, engine());
    const auto fast = experiments::write_solve(write);
    const auto s = experiments::summarise(write, spice), f = experiments::summarise(write, fast);
    INFO(fmt::format("selected dx spice {:.6g} solver {:.6g}; worst disturb spice {:.6g} solver {:.6g}; {} / {} steps, "
                     "ngspice {:.3f} s, solver {:.3f} s",
                     s.selected_change, f.selected_change, s.disturb_change, f.disturb_change, spice.time_steps,
                     fast.time_steps, spice.seconds, fast.seconds));
    const RowMajorMatrix& xs = spice.after.front();
    const RowMajorMatrix& xf = fast.after.front();
    CHECK(((xs - xf).cwiseAbs().array() <= 0.01 * xs.cwiseAbs().array()).all());
    REQUIRE(std::abs(s.selected_change) > 0.05);
    CHECK(std::abs(f.selected_change - s.selected_change) <= 0.01 * std::abs(s.selected_change));
    REQUIRE(std::abs(s.disturb_change) > 1e-3);
    CHECK(std::abs(f.disturb_change - s.disturb_change) <= 0.01 * std::abs(s.disturb_change) + 1e-6);

    // The peak voltages the two engines saw agree too (to 1% of the pulse:
    // each engine takes the largest over its own time points, and the wire
    // nodes ring slightly after the edges).
    CHECK((spice.peak_voltage - fast.peak_voltage).cwiseAbs().maxCoeff() <= 1e-2 * write.pulse.voltage);
}
