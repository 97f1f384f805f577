// The speed-ups of the nonlinear transient (solver/nonlinear_transient.hpp:
// a factorization kept across Newton iterations and steps, chord Newton)
// must not change its answers: the same composite-cell arrays integrated
// with reuse on and with plain full Newton (a factorization every
// iteration) give the same waveforms and final states to a tight
// tolerance, while the optimized run factorizes far less often.
#include "experiments/cell_transient_run.hpp"
#include "experiments/transistor_card.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>
#include <random>

using namespace memcosim;
using experiments::CellCrossbar;
using experiments::CellType;

namespace {

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

CrossbarArray make_array(Eigen::Index n, double g_lo, double g_hi, double v_lo, double v_hi, unsigned seed) {
    std::mt19937_64 rng(seed);
    CrossbarArray array;
    array.conductance = uniform_map(n, g_lo, g_hi, rng);
    std::uniform_real_distribution<double> v(v_lo, v_hi);
    array.inputs.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) array.inputs(i) = v(rng);
    array.row_wire_resistance = 10.0;
    array.column_wire_resistance = 10.0;
    array.wire_capacitance = 2e-13;
    return array;
}

struct Run {
    solver::NonlinearTransientResult result;
    std::vector<RowMajorMatrix> states;
};

Run run(const CellCrossbar& cells, const std::optional<solver::CompactTransistor>& transistor, bool reuse) {
    solver::NonlinearTransientSettings settings;
    settings.step = 1e-11;
    settings.stop = 2e-9;
    settings.reuse_factorization = reuse;
    const experiments::RowPulse pulse{0.2e-9, 0.1e-9, 1.2e-9, 0.1e-9};
    const auto transient_cells = experiments::make_transient_cells(cells, transistor);
    Run out;
    out.result = solver::simulate_nonlinear_transient(
        cells.array, experiments::row_pulse_drive(pulse, settings.step, settings.stop), *transient_cells, settings);
    out.states = experiments::memory_states(*transient_cells);
    return out;
}

// Same waveforms (to 1e-6 of the peak: the Newton tolerance is 1e-9 V) and
// states, and the optimized run factorized at most a fifth as often.
void check_same(const CellCrossbar& cells, const std::optional<solver::CompactTransistor>& transistor = {}) {
    const Run full = run(cells, transistor, false);
    const Run chord = run(cells, transistor, true);
    REQUIRE(full.result.times == chord.result.times);
    const double peak = full.result.column_currents.cwiseAbs().maxCoeff();
    REQUIRE(peak > 1e-6);
    const double columns = (full.result.column_currents - chord.result.column_currents).cwiseAbs().maxCoeff();
    const double rows = (full.result.row_currents - chord.result.row_currents).cwiseAbs().maxCoeff();
    UNSCOPED_INFO(fmt::format("{}: peak {:.3e} A, column difference {:.3e}, row difference {:.3e}; full Newton {} "
                              "iterations / {} factorizations, chord {} / {}",
                              experiments::to_string(cells.type), peak, columns / peak, rows / peak,
                              full.result.newton_iterations, full.result.factorizations,
                              chord.result.newton_iterations, chord.result.factorizations));
    CHECK(columns <= 1e-6 * peak);
    CHECK(rows <= 1e-6 * peak);
    CHECK((full.result.final_cell_voltages - chord.result.final_cell_voltages).cwiseAbs().maxCoeff() <= 1e-7);
    REQUIRE(full.states.size() == chord.states.size());
    for (std::size_t s = 0; s < full.states.size(); ++s) {
        CHECK((full.states[s] - chord.states[s]).cwiseAbs().maxCoeff() <= 1e-6);
    }
    CHECK(full.result.factorizations == full.result.newton_iterations);
    CHECK(5 * chord.result.factorizations <= full.result.factorizations);
    // Neither run needed the fallback of halved steps.
    CHECK(full.result.halved_steps == 0);
    CHECK(chord.result.halved_steps == 0);
}

}  // namespace

TEST_CASE("chord Newton and full Newton agree on VTEAM cells whose states evolve", "[solver][transient][reuse]") {
    std::mt19937_64 rng(21);
    CellCrossbar cells;
    cells.type = CellType::one_r;
    cells.array = make_array(8, 1.0, 1.0, 0.9, 1.2, 21);
    cells.memory = experiments::ModelCrossbar{cells.array, {registry().load("vteam"), {}},
                                              {uniform_map(8, 0.3, 0.7, rng)}};
    check_same(cells);
}

TEST_CASE("chord Newton and full Newton agree on 1S1R cells", "[solver][transient][reuse]") {
    CellCrossbar cells;
    cells.type = CellType::one_s_one_r;
    cells.array = make_array(8, 1e-5, 1e-4, 0.8, 1.2, 22);
    cells.selector = experiments::DeviceUnderTest{registry().load("selector_sinh"), {}};
    check_same(cells);
}

TEST_CASE("chord Newton and full Newton agree on 1T1R cells", "[solver][transient][reuse]") {
    CellCrossbar cells;
    cells.type = CellType::one_t_one_r;
    cells.array = make_array(8, 1e-5, 1e-4, 0.1, 0.3, 23);
    cells.transistor = experiments::load_transistor_card("level1");
    cells.gate_voltage = cells.transistor->nominal_gate;
    // A plain compact transistor (not fitted: both runs use the same one).
    check_same(cells, solver::CompactTransistor{});
}
