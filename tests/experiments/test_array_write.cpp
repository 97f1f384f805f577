// Writes on arrays of memristor cells (issue 4, item 5): the fast path
// (implicit trapezoidal steps of the whole array) against ngspice running
// the dynamic model subcircuits, and against the single-device pulse
// response where the bias scheme fixes a cell's voltage exactly.
#include "core/error.hpp"
#include "experiments/array_write.hpp"
#include "model_cases.hpp"

#include <catch2/catch_test_macros.hpp>
#include <fmt/format.h>
#include <random>

using namespace memcosim;
using experiments::ArrayWrite;
using solver::BiasScheme;

namespace {

struct WriteCase {
    std::string model;
    models::ParameterOverrides parameters;
    double state_lo, state_hi;  // initial states drawn uniformly in between
    double voltage, width, rise;
};

// VTEAM: 1.4 V SETs the selected cell by ~0.4 in 4 ns while V/2 = 0.7 V
// (above the 0.5 V threshold) disturbs its neighbours by ~1e-2.
const WriteCase vteam_case{"vteam", {}, 0.6, 1.0, 1.4, 4e-9, 0.5e-9};
// Yakopcic: 0.5 V for 100 us; V/2 = 0.25 V is above Vp = 0.16 V.
const WriteCase yakopcic_case{"yakopcic", {}, 0.1, 0.3, 0.5, 100e-6, 5e-6};

ArrayWrite make_write(const WriteCase& c, Eigen::Index n, double r_wire, BiasScheme scheme, unsigned seed) {
    static const models::ModelRegistry registry;
    ArrayWrite write{{}, {registry.load(c.model), c.parameters}, {}, scheme, {n / 2}, {n / 3}, {}};
    write.array.conductance = RowMajorMatrix::Ones(n, n);  // size only
    write.array.row_wire_resistance = r_wire;
    write.array.column_wire_resistance = r_wire;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> state(c.state_lo, c.state_hi);
    RowMajorMatrix x(n, n);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = state(rng);
    write.states = {x};
    // V/3 of these voltages is below VTEAM's threshold: v3 writes at 1.5 V so the disturb shows.
    write.pulse = {c.voltage * (scheme == BiasScheme::third_voltage ? 1.5 : 1.0), c.width, c.rise, c.rise};
    return write;
}

void check_agreement(const ArrayWrite& write) {
    const auto spice = experiments::write_spice(write, shared_engine());
    const auto fast = experiments::write_solve(write);
    const auto s = experiments::summarise(write, spice), f = experiments::summarise(write, fast);
    INFO(fmt::format("{} {}x{} {}: selected dx spice {:.6g} solver {:.6g}; worst disturb spice {:.6g} at ({},{}) "
                     "solver {:.6g} at ({},{}), {:.4g} V; {} / {} steps",
                     write.cell.model.name(), write.array.rows(), write.array.cols(), solver::to_string(write.scheme),
                     s.selected_change, f.selected_change, s.disturb_change, s.disturb_row, s.disturb_column,
                     f.disturb_change, f.disturb_row, f.disturb_column, f.disturb_voltage, spice.time_steps,
                     fast.time_steps));
    // Every cell's final state within 1 %.
    const RowMajorMatrix& xs = spice.after.front();
    const RowMajorMatrix& xf = fast.after.front();
    CHECK(((xs - xf).cwiseAbs().array() <= 0.01 * xs.cwiseAbs().array()).all());
    // The changes themselves within 1 %: the selected cell and the worst disturbed one.
    REQUIRE(std::abs(s.selected_change) > 0.05);
    CHECK(std::abs(f.selected_change - s.selected_change) <= 0.01 * std::abs(s.selected_change));
    CHECK(f.selected_row == s.selected_row);
    CHECK(f.selected_column == s.selected_column);
    if (write.scheme != BiasScheme::floating_lines) REQUIRE(std::abs(s.disturb_change) > 1e-3);
    const double disturb_spice = spice.after.front()(f.disturb_row, f.disturb_column) -
                                 spice.before.front()(f.disturb_row, f.disturb_column);
    CHECK(std::abs(f.disturb_change - disturb_spice) <= 0.01 * std::abs(s.disturb_change) + 1e-6);
    CHECK(std::abs(f.disturb_change) <= std::abs(s.disturb_change) * 1.01 + 1e-6);
    // The peak voltages the two engines saw agree too.
    CHECK((spice.peak_voltage - fast.peak_voltage).cwiseAbs().maxCoeff() <= 1e-3 * write.pulse.voltage);
}

// The single-device pulse response at `voltage` (the device test bench of
// experiments/device_experiment.hpp, trapezoidal with local error control).
double device_change(const ArrayWrite& write, double x0, double voltage) {
    experiments::DeviceUnderTest device = write.cell;
    device.parameters["x0"] = x0;
    const auto& p = write.pulse;
    const netlist::Pulse pulse{0.0, voltage, 0.0, p.rise, p.fall, p.width, 10.0 * p.duration()};
    const auto trace = experiments::run_device(device, pulse, {p.duration(), p.duration() / 100.0},
                                               experiments::EngineKind::behavioral, nullptr);
    return trace.states.front().back() - x0;
}

}  // namespace

TEST_CASE("VTEAM write, 8x8 and 16x16 with wires: ngspice and the fast path agree within 1 %",
          "[agreement][write][spice]") {
    for (auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines}) {
        check_agreement(make_write(vteam_case, 8, 2.0, scheme, 1));
    }
    check_agreement(make_write(vteam_case, 16, 5.0, BiasScheme::half_voltage, 2));
    check_agreement(make_write(vteam_case, 16, 1.0, BiasScheme::third_voltage, 3));
}

TEST_CASE("Yakopcic write, 8x8 and 16x16 with wires: ngspice and the fast path agree within 1 %",
          "[agreement][write][spice]") {
    for (auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage, BiasScheme::floating_lines}) {
        check_agreement(make_write(yakopcic_case, 8, 2.0, scheme, 4));
    }
    check_agreement(make_write(yakopcic_case, 16, 5.0, BiasScheme::half_voltage, 5));
}

TEST_CASE("a row write (one row, several columns) agrees between the engines", "[agreement][write][spice]") {
    auto write = make_write(vteam_case, 8, 2.0, BiasScheme::half_voltage, 6);
    write.selected_columns = {1, 4, 6};
    check_agreement(write);
}

TEST_CASE("ideal wires: a half-selected cell sees exactly V/2 (V/3) and moves as one device pulsed at that voltage",
          "[write][closed-form]") {
    for (const auto& c : {vteam_case, yakopcic_case}) {
        for (auto scheme : {BiasScheme::half_voltage, BiasScheme::third_voltage}) {
            INFO(c.model << " " << solver::to_string(scheme));
            const auto write = make_write(c, 12, 0.0, scheme, 7);
            const auto result = experiments::write_solve(write);
            const double voltage = write.pulse.voltage;
            const double level = voltage / (scheme == BiasScheme::half_voltage ? 2.0 : 3.0);
            const Eigen::Index r = write.selected_rows.front(), k = write.selected_columns.front();
            // A half-selected cell on the selected row, one on the selected column, and the selected cell.
            for (auto [i, j, v] : {std::tuple{r, (k + 3) % 12, level}, std::tuple{(r + 5) % 12, k, level},
                                   std::tuple{r, k, voltage}}) {
                INFO("cell " << i << "," << j);
                CHECK(std::abs(result.peak_voltage(i, j) - v) <= 1e-12 * voltage);
                const double x0 = write.states.front()(i, j);
                const double expected = device_change(write, x0, v);
                const double got = result.after.front()(i, j) - x0;
                REQUIRE(std::abs(expected) > 1e-3);
                CHECK(std::abs(got - expected) <= 0.005 * std::abs(expected));
            }
            if (scheme == BiasScheme::third_voltage) {
                // An unselected cell sees -V/3 (row V/3, column 2V/3).
                const Eigen::Index i = (r + 1) % 12, j = (k + 1) % 12;
                const double x0 = write.states.front()(i, j);
                CHECK(std::abs(result.peak_voltage(i, j) - level) <= 1e-12 * voltage);
                const double expected = device_change(write, x0, -level);
                CHECK(std::abs(result.after.front()(i, j) - x0 - expected) <= 0.005 * std::abs(expected) + 1e-9);
            } else {
                // Under V/2 an unselected cell sees 0 V: it does not move at all.
                const Eigen::Index i = (r + 1) % 12, j = (k + 1) % 12;
                CHECK(result.peak_voltage(i, j) <= 1e-12);
                CHECK(result.after.front()(i, j) == write.states.front()(i, j));
            }
        }
    }
}

TEST_CASE("bad writes are refused by name", "[write][bad-input]") {
    auto write = make_write(vteam_case, 4, 1.0, BiasScheme::half_voltage, 1);
    write.selected_rows = {4};
    CHECK_THROWS_AS(experiments::write_solve(write), InputError);
    write = make_write(vteam_case, 4, 1.0, BiasScheme::half_voltage, 1);
    write.pulse.width = 0.0;
    CHECK_THROWS_AS(experiments::write_solve(write), InputError);
    write = make_write(vteam_case, 4, 1.0, BiasScheme::half_voltage, 1);
    write.states.front()(0, 0) = std::nan("");
    CHECK_THROWS_AS(experiments::write_solve(write), InputError);
    write = make_write(vteam_case, 4, 0.0, BiasScheme::half_voltage, 1);
    CHECK_THROWS_AS(experiments::array_write_circuit(write), InputError);  // no SPICE resistor for ideal wires
    static const models::ModelRegistry registry;
    write = make_write(vteam_case, 4, 1.0, BiasScheme::half_voltage, 1);
    write.cell = {registry.load("selector_sinh"), {}};
    write.states.clear();
    CHECK_THROWS_AS(experiments::write_solve(write), InputError);
}
