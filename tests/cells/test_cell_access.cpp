// Single-cell access of composite cells (experiments/cell_access.hpp):
//  - ngspice against the fast path on the same generated circuit, for
//    1S1R, 1T1R and 2T2R under v2, v3 and float, 8x8 and 16x16 with 1 ohm
//    wires: sensed, cell and column-terminal currents within 1e-4 of the
//    largest current; the same at write levels for the transistor cells
//    (float: the floating lines pinned by the junctions and gmin, whose
//    potentials must match too; v3 at 0.8 V, where the half-selected
//    transistors sit at threshold with their sources lifted to 2V/3);
//  - closed forms with ideal wires (SPICE: 1 micro-ohm): 1S1R under v2 and
//    v3 senses I(V) + (N-1) I(V/2) (resp. I(V/3)) of one series pair, solved
//    here by bisection on the devices' own laws; 1T1R with the unselected
//    gates off senses the selected cell's current to within the off
//    transistors' leakage, while 1R under the same scheme adds (N-1) G V/2;
//  - the read margin vs size for 1T1R (experiments/cell_sneak.hpp) in both
//    engines.
#include "experiments/cell_nodal_dc.hpp"
#include "experiments/cell_sneak.hpp"
#include "models/evaluator.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <random>

memcosim::spice::Engine& shared_engine();

using namespace memcosim;
using experiments::CellType;
using solver::BiasScheme;

namespace {

CrossbarArray random_array(Eigen::Index rows, Eigen::Index cols, double r_wire, unsigned seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CrossbarArray array;
    array.conductance.resize(rows, cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = 1e-5 + 9e-5 * unit(random);
    array.inputs = Eigen::VectorXd::Zero(rows);
    array.row_wire_resistance = r_wire;
    array.column_wire_resistance = r_wire;
    return array;
}

experiments::DeviceUnderTest sinh_selector() {
    const models::ModelRegistry registry;
    const auto selection = registry.select("selector_sinh");
    return {selection.model, selection.parameters};
}

experiments::CellCrossbar make_cells(CellType type, CrossbarArray array) {
    experiments::CellCrossbar c;
    c.type = type;
    c.array = std::move(array);
    if (type == CellType::one_s_one_r) c.selector = sinh_selector();
    if (experiments::has_transistor(type)) {
        c.transistor = experiments::load_transistor_card("level1");
        c.gate_voltage = c.transistor->nominal_gate;
    }
    return c;
}

// Applies the access (gates: selected row on, others at 0 V).
experiments::CellCrossbar accessed(experiments::CellCrossbar c, const experiments::CellAccessTarget& t) {
    experiments::apply_access(c, t);
    if (experiments::has_transistor(c.type)) experiments::select_word_line(c, t.row, c.gate_voltage, 0.0);
    experiments::validate(c);
    return c;
}

std::optional<solver::CompactTransistor> fit(const experiments::CellCrossbar& c) {
    if (!experiments::has_transistor(c.type)) return std::nullopt;
    return experiments::fit_for_crossbar(c, shared_engine()).model;
}

struct Both {
    experiments::CellAccessReading spice, fast;
};

Both run_both(const experiments::CellCrossbar& c, const experiments::CellAccessTarget& t) {
    Both both;
    both.spice = experiments::cell_access_spice(c, t, shared_engine());
    both.fast = experiments::cell_access_solve(c, t, fit(c)).reading;
    return both;
}

// The current of one series pair (memory conductance g, then `access` from
// m to 0 V) at v, by bisection on m: independent of the array solvers.
template <class Access>
double series_current(double g, double v, Access access) {
    double lo = 0.0, hi = v;
    for (int k = 0; k < 200; ++k) {
        const double m = 0.5 * (lo + hi);
        if (g * (v - m) > access(m)) lo = m; else hi = m;
    }
    return g * (v - 0.5 * (lo + hi));
}

}  // namespace

TEST_CASE("single-cell access: ngspice and the fast path agree for every cell type and scheme",
          "[cells][access][agreement][spice]") {
    for (const auto type : {CellType::one_s_one_r, CellType::one_t_one_r, CellType::two_t_two_r}) {
        for (const auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines}) {
            for (const Eigen::Index n : {8, 16}) {
                const double v = type == CellType::one_s_one_r ? 1.0 : 0.3;  // the selector needs ~1 V to open
                const Eigen::Index column = type == CellType::two_t_two_r ? n / 4 : n - 3;  // 2T2R: a pair
                const experiments::CellAccessTarget t{scheme, 2, column, v};
                const auto c = accessed(make_cells(type, random_array(n, n, 1.0, 11 + unsigned(n))), t);
                const auto both = run_both(c, t);
                const double largest = both.spice.largest_current();
                const double difference = experiments::largest_difference(both.spice, both.fast);
                INFO(experiments::to_string(type) << " " << solver::to_string(scheme) << " " << n << "x" << n
                                                  << ": sensed " << both.spice.sensed_current << " / "
                                                  << both.fast.sensed_current << " A, cell " << both.spice.cell_current
                                                  << " / " << both.fast.cell_current << " A, largest " << largest);
                REQUIRE(largest > 0.0);
                CHECK(difference <= 1e-4 * largest);
                CHECK(std::abs(both.spice.sneak_current - both.fast.sneak_current) <= 1e-4 * largest);
                // Disturb: the memory-element voltages of the two engines (same circuit).
                CHECK(std::abs(both.spice.half_selected_voltage - both.fast.half_selected_voltage) <= 1e-4 * v);
            }
        }
    }
}

TEST_CASE("transistor cells at write levels: float (junction-pinned lines) and v3 agree with ngspice to 1e-4",
          "[cells][access][agreement][write][spice]") {
    struct Case {
        BiasScheme scheme;
        double voltage;
    };
    // float at 0.3 V (a read) and 1.0 V; v3 at 0.8 V: the half-selected
    // transistors then sit at threshold with their sources at 2V/3.
    for (const auto type : {CellType::one_t_one_r, CellType::two_t_two_r}) {
        for (const auto& [scheme, v] : {Case{BiasScheme::floating_lines, 0.3}, Case{BiasScheme::floating_lines, 1.0},
                                        Case{BiasScheme::third_voltage, 0.8}}) {
            for (const Eigen::Index n : {8, 16}) {
                const Eigen::Index column = type == CellType::two_t_two_r ? n / 4 : n - 3;
                const experiments::CellAccessTarget t{scheme, 2, column, v};
                const auto c = accessed(make_cells(type, random_array(n, n, 1.0, 29 + unsigned(n))), t);
                const auto both = run_both(c, t);
                const double largest = both.spice.largest_current();
                INFO(experiments::to_string(type) << " " << solver::to_string(scheme) << " " << v << " V " << n << "x"
                                                  << n << ": sensed " << both.spice.sensed_current << " / "
                                                  << both.fast.sensed_current << " A, largest " << largest
                                                  << " A, difference "
                                                  << experiments::largest_difference(both.spice, both.fast) / largest
                                                  << " of it");
                REQUIRE(largest > 0.0);
                CHECK(experiments::largest_difference(both.spice, both.fast) <= 1e-4 * largest);
                CHECK(std::abs(both.spice.half_selected_voltage - both.fast.half_selected_voltage) <= 1e-4 * v);
                CHECK(std::abs(both.spice.unselected_voltage - both.fast.unselected_voltage) <= 1e-4 * v);
                REQUIRE(both.spice.open_line_voltages.size() == both.fast.open_line_voltages.size());
                if (scheme != BiasScheme::floating_lines) continue;
                // Every line but the selected row and column(s) floats (2T2R: n physical columns, 2 selected).
                const Eigen::Index open = (n - 1) + (n - (type == CellType::two_t_two_r ? 2 : 1));
                REQUIRE(both.spice.open_line_voltages.size() == open);
                const double worst = (both.spice.open_line_voltages - both.fast.open_line_voltages).cwiseAbs().maxCoeff();
                INFO("floating lines: ngspice " << both.spice.open_line_voltages.transpose() << "\nfast    "
                                                << both.fast.open_line_voltages.transpose() << "\nworst " << worst
                                                << " V");
                // The floating columns settle where the selected row's on
                // transistor passes only the junctions' picoamperes: at its
                // threshold, which the compact model (fitted to microamperes)
                // places within a fraction of a millivolt of the card's (1 V:
                // 0.58 V in both, 0.2-0.25 mV apart). Stated, not 1e-4.
                CHECK(worst <= 1e-3 * v);
            }
        }
    }
}

TEST_CASE("the nodal solve (junctions, every node) and the series-cell solve agree where both apply",
          "[cells][access][nodal]") {
    // v2 leaves no line open, so the series-cell path applies too; the two
    // differ only by the junctions, whose current is bounded per column by
    // R (Is + gmin V) (the nodal path's shunts at drain and source).
    for (const double r_wire : {1.0, 0.0}) {  // 0: ideal wires, each line one node held at its source
        const Eigen::Index n = 8;
        const double v = 0.3;
        const experiments::CellAccessTarget t{BiasScheme::half_voltage, 3, 5, v};
        const auto c = accessed(make_cells(CellType::one_t_one_r, random_array(n, n, r_wire, 5)), t);
        auto transistor = fit(c);
        const auto series = experiments::cell_crossbar_solve(c, transistor).solution;
        const auto nodal = experiments::solve_cell_nodal(c, *transistor);
        const double bound = 2.0 * double(n) * (transistor->junction_saturation + transistor->junction_gmin * v);
        const double difference = (series.column_currents - nodal.solution.column_currents).cwiseAbs().maxCoeff();
        INFO("wires " << r_wire << " ohm: largest column-current difference " << difference << " A, junction bound "
                      << bound << " A, largest current " << series.column_currents.cwiseAbs().maxCoeff() << " A");
        CHECK(bound > 0.0);
        CHECK(difference <= bound);
        CHECK((series.row_voltages - nodal.solution.row_voltages).cwiseAbs().maxCoeff() <= 1e-6);
        CHECK((series.column_voltages - nodal.solution.column_voltages).cwiseAbs().maxCoeff() <= 1e-6);
        // Without the junctions the two are the same circuit: equal to rounding.
        transistor->junction_gmin = transistor->junction_saturation = 0.0;
        const auto bare = experiments::solve_cell_nodal(c, *transistor);
        const double largest = series.column_currents.cwiseAbs().maxCoeff();
        CHECK((series.column_currents - bare.solution.column_currents).cwiseAbs().maxCoeff() <= 1e-9 * largest);
    }
}

TEST_CASE("1S1R under v2 and v3 with ideal wires senses I(V) + (N-1) I(V/2) resp. I(V/3)",
          "[cells][access][closed-form][spice]") {
    const Eigen::Index n = 12;
    const double g = 5e-5, v = 1.0;
    const auto selector = sinh_selector();
    models::Evaluator evaluator(selector.model, models::resolve_parameters(selector.model, selector.parameters));
    const auto pair = [&](double u) {
        return series_current(g, u, [&](double m) { return evaluator.evaluate(m, {}).current; });
    };
    for (const auto& [scheme, fraction] : {std::pair{BiasScheme::half_voltage, 0.5},
                                          std::pair{BiasScheme::third_voltage, 1.0 / 3.0}}) {
        const double cell = pair(v), sneak = double(n - 1) * pair(fraction * v);
        const experiments::CellAccessTarget t{scheme, 4, 7, v};
        auto array = random_array(n, n, 0.0, 1);
        array.conductance.setConstant(g);
        const auto ideal = accessed(make_cells(CellType::one_s_one_r, array), t);
        const auto fast = experiments::cell_access_solve(ideal, t, std::nullopt).reading;
        array.row_wire_resistance = array.column_wire_resistance = 1e-6;  // SPICE needs a resistor
        const auto spice = experiments::cell_access_spice(accessed(make_cells(CellType::one_s_one_r, array), t), t,
                                                          shared_engine());
        INFO(solver::to_string(scheme) << ": closed form cell " << cell << " A, sneak " << sneak << " A; fast "
                                       << fast.cell_current << ", " << fast.sneak_current << "; ngspice "
                                       << spice.cell_current << ", " << spice.sneak_current);
        CHECK(sneak > 1e-3 * cell);  // the sneak term is there to be checked
        CHECK(std::abs(fast.cell_current - cell) <= 1e-9 * cell);
        CHECK(std::abs(fast.sneak_current - sneak) <= 1e-9 * cell);
        CHECK(std::abs(spice.cell_current - cell) <= 1e-6 * cell);
        CHECK(std::abs(spice.sneak_current - sneak) <= 1e-6 * cell);
    }
}

TEST_CASE("1T1R with the unselected gates off senses the selected cell to within the off leakage",
          "[cells][access][closed-form][spice]") {
    const Eigen::Index n = 16;
    const double g = 1e-4, v = 0.3;
    const experiments::CellAccessTarget t{BiasScheme::half_voltage, 5, 9, v};
    auto array = random_array(n, n, 0.0, 1);
    array.conductance.setConstant(g);
    const auto cells = accessed(make_cells(CellType::one_t_one_r, array), t);
    const auto transistor = fit(cells);
    const auto fast = experiments::cell_access_solve(cells, t, transistor).reading;
    // The selected cell: memory in series with the on transistor, source at 0 V.
    const double vg = cells.gate_voltage;
    const double cell = series_current(g, v, [&](double m) { return solver::evaluate(*transistor, vg, m, 0.0).current; });
    // The off transistors of the selected column's other cells see at most V/2.
    const double leak = std::abs(solver::evaluate(*transistor, 0.0, v / 2.0, 0.0).current);
    INFO("cell " << cell << " A, off leakage " << leak << " A, fast sensed " << fast.sensed_current << " A, sneak "
                 << fast.sneak_current << " A");
    CHECK(std::abs(fast.cell_current - cell) <= 1e-9 * cell);
    CHECK(std::abs(fast.sneak_current) <= double(n - 1) * leak + 1e-15);

    // ngspice (1 micro-ohm wires): its level-1 transistor has no subthreshold
    // current, so the sensed current is the cell's own to ngspice's gmin.
    array.row_wire_resistance = array.column_wire_resistance = 1e-6;
    const auto spice =
        experiments::cell_access_spice(accessed(make_cells(CellType::one_t_one_r, array), t), t, shared_engine());
    INFO("ngspice sensed " << spice.sensed_current << " A, cell " << spice.cell_current << " A");
    CHECK(std::abs(spice.sneak_current) <= 1e-9 * spice.cell_current);
    CHECK(std::abs(spice.cell_current - cell) <= 1e-4 * cell);  // the fitted transistor vs the card

    // 1R under the same scheme: every half-selected cell of the column adds G V/2.
    const auto one_r = experiments::cell_access_solve(accessed(make_cells(CellType::one_r, array), t), t, std::nullopt);
    const double one_r_sneak = double(n - 1) * g * v / 2.0;
    CHECK(std::abs(one_r.reading.sneak_current - one_r_sneak) <= 1e-6 * one_r_sneak);
    CHECK(std::abs(spice.sneak_current) <= 1e-6 * one_r_sneak);
    CHECK(std::abs(fast.sneak_current) <= 1e-6 * one_r_sneak);
}

TEST_CASE("1T1R read margin vs size: the fast path matches ngspice and beats 1R", "[cells][access][sneak][spice]") {
    experiments::CellSneakSettings s;
    s.cell = make_cells(CellType::one_t_one_r, {});
    s.g_on = 1e-4;
    s.g_off = 1e-6;
    s.v_read = 0.3;
    s.r_wire = 1.0;
    for (const auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage}) {
        s.scheme = scheme;
        const auto transistor = fit(experiments::sneak_crossbar(2, s, s.g_on));
        for (const Eigen::Index n : {8, 16}) {
            const auto fast = experiments::analyse_cell_read(n, s, transistor);
            const auto spice = experiments::analyse_cell_read_spice(n, s, shared_engine());
            solver::SneakSettings linear;
            linear.scheme = scheme;
            linear.g_on = s.g_on;
            linear.g_off = s.g_off;
            linear.v_read = s.v_read;
            linear.r_wire = s.r_wire;
            const auto one_r = solver::analyse_read(n, linear);
            INFO(solver::to_string(scheme) << " " << n << ": margin 1T1R fast " << fast.read_margin << ", ngspice "
                                           << spice.read_margin << "; 1R " << one_r.read_margin);
            CHECK(std::abs(fast.on_current - spice.on_current) <= 1e-4 * spice.on_current);
            CHECK(std::abs(fast.off_current - spice.off_current) <= 1e-4 * spice.on_current);
            CHECK(std::abs(fast.read_margin - spice.read_margin) <= 1e-3);
            CHECK(spice.read_margin > one_r.read_margin);
            CHECK(std::abs(spice.sneak_current) <= 1e-3 * std::abs(one_r.sneak_current));
        }
    }
}
