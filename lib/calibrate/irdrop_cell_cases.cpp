#include "calibrate/irdrop_cell_cases.hpp"

#include "core/error.hpp"
#include "experiments/cell_access.hpp"
#include "experiments/transistor_fit.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::calibrate {

using nlohmann::json;

experiments::CellCrossbar one_t_one_r(const CrossbarArray& array, const experiments::TransistorCard& card,
                                      double v_gate) {
    experiments::CellCrossbar cells;
    cells.type = experiments::CellType::one_t_one_r;
    cells.array = array;
    cells.transistor = card;
    cells.gate_voltage = v_gate;
    return cells;
}

AccessTransistor fit_access_transistor(const std::string& card_spec, std::optional<double> v_gate,
                                       double largest_input, spice::Engine& engine) {
    AccessTransistor t;
    t.card_spec = card_spec;
    t.card = experiments::load_transistor_card(card_spec);
    t.v_gate = v_gate.value_or(t.card.nominal_gate);
    if (!std::isfinite(t.v_gate) || !(t.v_gate > 0.0)) {
        throw InputError(fmt::format("calibrate irdrop: --v-gate {} V: the word lines must turn the NMOS on (> 0)",
                                     t.v_gate));
    }
    // The same fit `solve crossbar --cell 1T1R` makes for a read whose
    // largest input is the range's top (a 2x2 stand-in carries the bias).
    CrossbarArray sample;
    sample.conductance = RowMajorMatrix::Constant(2, 2, 1e-5);
    sample.inputs = Eigen::VectorXd::Constant(2, largest_input);
    sample.row_wire_resistance = sample.column_wire_resistance = 1.0;
    const auto fit = experiments::fit_for_crossbar(one_t_one_r(sample, t.card, t.v_gate), engine);
    t.compact = fit.model;
    t.fit_rms = fit.rms_relative_error;
    t.fit_max = fit.max_relative_error;
    return t;
}

surrogate::TransistorOnState transistor_on_state(const solver::CompactTransistor& transistor, double v_gate,
                                                 double drain_voltage) {
    const double on_conductance = solver::evaluate(transistor, v_gate, 0.0, 0.0).d_drain;
    if (!(on_conductance > 0.0)) {
        throw InputError(fmt::format("transistor fold: the access transistor is off at a gate of {} V", v_gate));
    }
    surrogate::TransistorOnState state;
    state.on_resistance = 1.0 / on_conductance;
    // Secant: I(x) = g0 x (1 - x / V_knee) at x = drain_voltage. A current
    // at or above the linear one (channel-length modulation winning at tiny
    // x) leaves the transistor linear there: a knee far away.
    const double x = std::max(drain_voltage, 1e-3);
    const double shortfall = 1.0 - solver::evaluate(transistor, v_gate, x, 0.0).current / (on_conductance * x);
    state.knee_voltage = shortfall > 1e-9 ? x / shortfall : 1e9;
    return state;
}

surrogate::TransistorOnState on_state_for_range(const solver::CompactTransistor& transistor, double v_gate,
                                                double g_max, double v_max) {
    // Drain voltage of the heaviest cell: G (V - x) = I_T(x), by bisection
    // on the monotone difference over [0, V].
    double lo = 0.0, hi = v_max;
    for (int k = 0; k < 100; ++k) {
        const double x = 0.5 * (lo + hi);
        const double excess = g_max * (v_max - x) - solver::evaluate(transistor, v_gate, x, 0.0).current;
        (excess > 0.0 ? lo : hi) = x;
    }
    return transistor_on_state(transistor, v_gate, 0.5 * (lo + hi));
}

Eigen::VectorXd solve_one_t_one_r(const CrossbarArray& array, const AccessTransistor& t) {
    return experiments::cell_crossbar_solve(one_t_one_r(array, t.card, t.v_gate), t.compact)
        .solution.column_currents;
}

json irdrop_1t1r_request(const IrDropCase& c, const AccessTransistor& t) {
    return {{"kind", "irdrop_1t1r"}, {"case", to_json(c)}, {"transistor", t.card_spec}, {"v_gate", t.v_gate}};
}

json run_irdrop_1t1r_job(spice::Engine& engine, const json& request) {
    const CrossbarArray array = make_array(irdrop_case_from_json(request.at("case")));
    const auto card = experiments::load_transistor_card(request.at("transistor").get<std::string>());
    const auto cells = one_t_one_r(array, card, request.at("v_gate").get<double>());
    const auto start = std::chrono::steady_clock::now();
    const Eigen::VectorXd currents = experiments::cell_crossbar_spice(cells, engine);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {{"ok", true}, {"currents", std::vector<double>(currents.data(), currents.data() + currents.size())},
            {"seconds", seconds}};
}

json card_json(const experiments::TransistorCard& card) {
    json parameters = json::object();
    for (const auto& [name, value] : card.model.parameters) parameters[name] = value;
    return {{"label", card.label},
            {"model", card.model.name},
            {"type", card.model.type},
            {"parameters", parameters},
            {"width", card.width},
            {"length", card.length}};
}

json compact_json(const solver::CompactTransistor& t) {
    return {{"vt0", t.vt0},       {"body", t.body},   {"m", t.m},
            {"beta", t.beta},     {"lambda", t.lambda}, {"theta", t.theta},
            {"subthreshold_ideality", t.subthreshold_ideality}, {"surface_potential", t.surface_potential},
            {"junction_gmin", t.junction_gmin}, {"junction_saturation", t.junction_saturation}};
}

solver::CompactTransistor compact_from_json(const json& j, const std::string& where) {
    try {
        auto t = solver::CompactTransistor::from_parameters(
            {j.at("vt0").get<double>(), j.at("body").get<double>(), j.at("m").get<double>(),
             j.at("beta").get<double>(), j.at("lambda").get<double>(), j.at("theta").get<double>(),
             j.at("subthreshold_ideality").get<double>()});
        t.surface_potential = j.value("surface_potential", t.surface_potential);
        t.junction_gmin = j.value("junction_gmin", t.junction_gmin);
        t.junction_saturation = j.value("junction_saturation", t.junction_saturation);
        return t;
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: details.transistor.compact: {}", where, error.what()));
    }
}

std::string card_difference(const json& recorded, const json& given) {
    for (const char* key : {"model", "type", "parameters"}) {
        if (recorded.value(key, json()) != given.value(key, json())) {
            return fmt::format("model card {} {} {} vs {} {} {}", recorded.value("model", json()).dump(),
                               recorded.value("type", json()).dump(), recorded.value("parameters", json()).dump(),
                               given.value("model", json()).dump(), given.value("type", json()).dump(),
                               given.value("parameters", json()).dump());
        }
    }
    for (const char* key : {"width", "length"}) {
        const double a = recorded.value(key, NAN), b = given.value(key, NAN);
        if (!(std::abs(a - b) <= 1e-9 * std::abs(a))) return fmt::format("{} {} m vs {} m", key, a, b);
    }
    return {};
}

}  // namespace memcosim::calibrate
