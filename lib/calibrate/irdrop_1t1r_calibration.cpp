#include "calibrate/irdrop_1t1r_calibration.hpp"

#include "calibrate/irdrop_reference.hpp"
#include "calibrate/least_squares_fit.hpp"
#include "core/error.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "surrogate/correction_factor_model.hpp"
#include "surrogate/cumulative_wire_model.hpp"
#include "surrogate/error_statistics.hpp"
#include "surrogate/mean_conductance_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <thread>

namespace memcosim::calibrate {

using nlohmann::json;
using detail::Clock;
using detail::goes_to_spice;
using detail::seconds_since;
using detail::summary_json;

namespace {

// One case with its reference column currents, and the exact solver's.
struct CellSample {
    IrDropCase spec;
    CrossbarArray array;  // the memory map; the transistor comes with the calibration
    Eigen::VectorXd exact, solver;
    std::string engine;  // spice | solver: which one `exact` is
    double engine_seconds = 0.0, solver_seconds = 0.0;
};

std::vector<CellSample> reference_samples(const IrDropCalibrationSpec& spec, const AccessTransistor& transistor,
                                          const std::vector<IrDropCase>& cases, const std::string& label,
                                          const Log& log) {
    std::vector<CellSample> samples(cases.size());
    std::vector<json> requests;
    std::vector<std::size_t> spice_index;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        samples[k].spec = cases[k];
        samples[k].array = make_array(cases[k]);
        if (goes_to_spice(spec, cases[k])) {
            requests.push_back(irdrop_1t1r_request(cases[k], transistor));
            spice_index.push_back(k);
        }
    }
    const auto replies = detail::spice_column_currents(spec, requests, "calibrate irdrop 1T1R", label, log);
    for (std::size_t k = 0; k < replies.size(); ++k) {
        if (!replies[k]) continue;  // dropped below, already reported
        CellSample& s = samples[spice_index[k]];
        s.exact = replies[k]->currents;
        s.engine = "spice";
        s.engine_seconds = replies[k]->seconds;
    }
    // The exact solver on every case: the reference where ngspice was not
    // asked, a check of the solver against ngspice where it was.
    for (std::size_t k = 0; k < samples.size(); ++k) {
        CellSample& s = samples[k];
        if (goes_to_spice(spec, s.spec) && s.exact.size() == 0) continue;  // ngspice failed: no case
        const auto start = Clock::now();
        s.solver = solve_one_t_one_r(s.array, transistor);
        s.solver_seconds = seconds_since(start);
        if (s.engine.empty()) {
            s.exact = s.solver;
            s.engine = "solver";
            s.engine_seconds = s.solver_seconds;
        }
        log(fmt::format("  solver {} case {}/{}: {}x{} 1T1R ({:.2f} s)", label, k + 1, samples.size(),
                        s.array.rows(), s.array.cols(), s.solver_seconds));
    }
    std::vector<CellSample> kept;
    for (CellSample& s : samples) {
        if (s.exact.size() == s.array.cols()) kept.push_back(std::move(s));
    }
    if (kept.empty()) {
        throw EngineError(fmt::format("calibrate irdrop 1T1R: no {} case could be computed: no data", label));
    }
    return kept;
}

std::vector<double> slice(const Eigen::VectorXd& x, std::size_t from, std::size_t count) {
    return {x.data() + from, x.data() + from + count};
}

surrogate::TransistorFoldedModel model_of(const surrogate::TransistorOnState& on, const Eigen::VectorXd& x) {
    constexpr std::size_t f = surrogate::FoldingParameters::count;
    return surrogate::TransistorFoldedModel(on, {slice(x, 0, f)},
                                            {slice(x, f, surrogate::AttenuationParameters::count)});
}

FitReport fit(const std::vector<CellSample>& training, const surrogate::TransistorOnState& on, const Log& log) {
    Eigen::Index count = 0;
    for (const CellSample& s : training) count += s.exact.size();
    const ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd& f) {
        const auto model = model_of(on, x);
        Eigen::Index at = 0;
        for (const CellSample& s : training) {
            const Eigen::VectorXd predicted = model.column_currents_unchecked(s.array);
            for (Eigen::Index j = 0; j < s.exact.size(); ++j) f(at++) = (predicted(j) - s.exact(j)) / s.exact(j);
        }
    };
    // Start from the plain physics of both parts.
    std::vector<double> start = surrogate::FoldingParameters{}.values;
    for (double v : surrogate::AttenuationParameters{}.values) start.push_back(v);
    log(fmt::format("calibrate irdrop 1T1R: Levenberg-Marquardt on {} columns of {} training arrays", count,
                    training.size()));
    const surrogate::PortableArithmetic same_on_every_cpu;  // so the fit reproduces anywhere
    return fit_levenberg_marquardt(residuals,
                                   Eigen::Map<const Eigen::VectorXd>(start.data(), static_cast<Eigen::Index>(start.size())),
                                   count);
}

std::vector<std::string> parameter_names() {
    std::vector<std::string> names = surrogate::FoldingParameters::names();
    for (const auto& n : surrogate::AttenuationParameters::names()) names.push_back(n);
    return names;
}

// A single cell's folded conductance.
double folded_cell(const surrogate::TransistorFoldedModel& model, double g, double v) {
    CrossbarArray one;
    one.conductance = RowMajorMatrix::Constant(1, 1, g);
    one.inputs = Eigen::VectorXd::Constant(1, v);
    return surrogate::folded_conductances(one, model.transistor(), model.folding())(0, 0);
}

}  // namespace

Calibration calibrate_irdrop_1t1r(const IrDropCalibrationSpec& given, const Log& log) {
    given.validate();
    IrDropCalibrationSpec spec = given;
    AccessTransistor transistor;
    {
        spice::Engine engine;  // the fit's sweep; the array runs go to worker processes
        transistor = fit_access_transistor(spec.transistor, spec.v_gate, spec.inputs.hi, engine);
    }
    spec.v_gate = transistor.v_gate;  // recorded resolved: a reproduction uses the same gate
    const surrogate::TransistorOnState on =
        on_state_for_range(transistor.compact, transistor.v_gate, spec.conductance.hi, spec.inputs.hi);
    log(fmt::format("calibrate irdrop 1T1R: transistor {} at {} V: R_on {:.4g} ohm, knee {:.4g} V (fit RMS {:.2e})",
                    transistor.card.label, transistor.v_gate, on.on_resistance, on.knee_voltage, transistor.fit_rms));

    const auto training = reference_samples(spec, transistor, draw_irdrop_cases(spec, false), "training", log);
    const auto held_out = reference_samples(spec, transistor, draw_irdrop_cases(spec, true), "held-out", log);
    const FitReport report = fit(training, on, log);
    log(fmt::format("calibrate irdrop 1T1R: {} ({} evaluations, residual rms {:.3g})", report.status_text,
                    report.evaluations, report.residual_rms));
    const surrogate::TransistorFoldedModel ours = model_of(on, report.parameters);
    const surrogate::AttenuationModel& wires = ours.wires();

    const std::vector<std::string> models{"ours: transistor fold + attenuation (calibrated)",
                                          "(a) cumulative wire (Jeong), folded G_eff",
                                          "(b) mean-conductance cosh, folded G_eff",
                                          "(c) per-cell correction factors, folded G_eff",
                                          "(i) folded G_eff, ideal wires",
                                          "(n) ignore the transistor: attenuation on G"};
    std::vector<std::vector<double>> pooled(models.size());
    std::vector<double> spice_check;  // the exact solver against ngspice
    json cases = json::array();
    const double g_reference =
        folded_cell(ours, 0.5 * (spec.conductance.lo + spec.conductance.hi), 0.5 * (spec.inputs.lo + spec.inputs.hi));
    double most_row = 0.0, most_column = 0.0;
    for (const auto* set : {&training, &held_out}) {
        for (const CellSample& s : *set) {
            const surrogate::ArrayCoupling k = surrogate::array_coupling(ours.fold(s.array));
            most_row = std::max(most_row, k.row);
            most_column = std::max(most_column, k.column);
        }
    }
    for (std::size_t k = 0; k < held_out.size(); ++k) {
        const CellSample& s = held_out[k];
        const CrossbarArray& a = s.array;
        const CrossbarArray reference = surrogate::uniform_reference_array(a.rows(), a.cols(), a.row_wire_resistance,
                                                                           a.column_wire_resistance, g_reference);
        const surrogate::CorrectionFactorModel correction(reference,
                                                          solver::solve_linear_crossbar(reference).cell_voltages());
        std::vector<std::function<Eigen::VectorXd()>> runs{
            [&] { return ours.column_currents_unchecked(a); },
            [&] { return surrogate::cumulative_wire_column_currents(ours.fold(a)); },
            [&] { return surrogate::mean_conductance_column_currents(ours.fold(a)); },
            [&] { return correction.column_currents(ours.fold(a)); },
            [&] { return ours.fold(a).ideal_column_currents(); },
            [&] { return wires.column_currents_unchecked(a); }};
        const json per_model = detail::score_models(models, runs, s.exact, pooled);
        const surrogate::ArrayCoupling coupling = surrogate::array_coupling(ours.fold(a));
        json entry = {{"rows", a.rows()},
                      {"cols", a.cols()},
                      {"r_row", a.row_wire_resistance},
                      {"r_col", a.column_wire_resistance},
                      {"g_mean", a.conductance.mean()},
                      {"coupling_row", coupling.row},
                      {"coupling_column", coupling.column},
                      {"reference", s.engine},
                      {"reference_seconds", s.engine_seconds},
                      {"solver_seconds", s.solver_seconds},
                      {"models", per_model}};
        if (s.engine == "spice") {
            std::vector<double> errors;
            surrogate::append_relative_errors(s.solver, s.exact, errors);
            spice_check.insert(spice_check.end(), errors.begin(), errors.end());
            entry["solver_vs_spice"] = summary_json(surrogate::summarize_errors(errors));
        }
        cases.push_back(entry);
        log(fmt::format("  held-out {}/{}: {}x{} wires {:.3g}/{:.3g} ohm ({}): ours median {:.2e}, max {:.2e}; "
                        "{:.0f}x faster than the solver",
                        k + 1, held_out.size(), a.rows(), a.cols(), a.row_wire_resistance, a.column_wire_resistance,
                        s.engine, per_model[models[0]]["median"].get<double>(),
                        per_model[models[0]]["max"].get<double>(),
                        s.solver_seconds / per_model[models[0]]["seconds"].get<double>()));
    }
    const json pooled_json = detail::pooled_summaries(models, pooled);

    Calibration c;
    c.surrogate = "irdrop";
    c.model = irdrop_1t1r_model_name;
    const auto names = parameter_names();
    for (std::size_t k = 0; k < names.size(); ++k) {
        c.parameters.emplace_back(names[k], report.parameters(static_cast<Eigen::Index>(k)));
    }
    const auto [smallest, largest] = std::minmax_element(spec.sizes.begin(), spec.sizes.end());
    c.range.intervals["rows"] = {static_cast<double>(*smallest), static_cast<double>(*largest)};
    c.range.intervals["cols"] = c.range.intervals["rows"];
    c.range.intervals["r_row"] = spec.r_wire;
    c.range.intervals["r_col"] = spec.r_wire;
    c.range.intervals["conductance"] = spec.conductance;
    c.range.intervals["input"] = spec.inputs;
    c.range.intervals["coupling_row"] = {0.0, most_row};
    c.range.intervals["coupling_column"] = {0.0, most_column};
    c.range.choices["cell"] = {"1T1R"};
    c.source = detail::data_source(training, held_out);
    c.inputs = spec.to_json();
    c.error_measure = "relative column-current error |I - I_ref| / |I_ref| on held-out 1T1R arrays";
    c.held_out = surrogate::summarize_errors(pooled[0]);
    c.details = {{"fit", detail::fit_details(report, training.size())},
                 {"transistor",
                  {{"card", card_json(transistor.card)},
                   {"v_gate", transistor.v_gate},
                   {"compact", compact_json(transistor.compact)},
                   {"compact_fit_rms_relative_error", transistor.fit_rms},
                   {"compact_fit_max_relative_error", transistor.fit_max},
                   {"on_state", {{"on_resistance", on.on_resistance}, {"knee_voltage", on.knee_voltage}}}}},
                 {"reference_label", "exact 1T1R solver"},
                 {"correction_reference_conductance", g_reference},
                 {"pooled", pooled_json},
                 {"cases", cases}};
    if (!spice_check.empty()) c.details["solver_vs_spice"] = summary_json(surrogate::summarize_errors(spice_check));
    return c;
}

std::string calibrated_cell(const Calibration& calibration) {
    const auto found = calibration.range.choices.find("cell");
    if (found == calibration.range.choices.end() || found->second.empty()) return "1R";
    return found->second.front();
}

void require_cell(const Calibration& calibration, const std::string& cell, const std::string& source_name) {
    const std::string calibrated = calibrated_cell(calibration);
    if (calibrated == cell) return;
    throw InputError(fmt::format(
        "{}: calibrated for {} cells, but the array is --cell {}: a {} calibration {} (calibrate with --cell {})",
        source_name, calibrated, cell, calibrated,
        calibrated == "1T1R" ? "folds an access transistor into every cell" : "has no access transistor", cell));
}

OneTransistorIrDrop irdrop_1t1r_model_from(const Calibration& calibration, const std::string& source_name) {
    require_cell(calibration, "1T1R", source_name);
    calibration.require("irdrop", irdrop_1t1r_model_name, source_name);
    if (!calibration.details.contains("transistor") || !calibration.details.at("transistor").is_object()) {
        throw InputError(fmt::format("{}: a 1T1R calibration without its transistor card (details.transistor): "
                                     "cannot tell which access transistor it describes",
                                     source_name));
    }
    const json& t = calibration.details.at("transistor");
    try {
        const json& on = t.at("on_state");
        const surrogate::TransistorOnState state{on.at("on_resistance").get<double>(),
                                                 on.at("knee_voltage").get<double>()};
        const std::vector<double> values = calibration.parameter_values(parameter_names(), source_name);
        const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
        if (!t.at("card").is_object() || !t.at("card").contains("model")) {
            throw InputError(fmt::format("{}: details.transistor.card: no model card recorded", source_name));
        }
        return {model_of(state, x), t.at("card"), t.at("v_gate").get<double>()};
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: details.transistor: {}", source_name, error.what()));
    }
}

void require_same_transistor(const OneTransistorIrDrop& calibrated, const experiments::TransistorCard& card,
                             double v_gate, const std::string& source_name) {
    const std::string difference = card_difference(calibrated.card, card_json(card));
    if (!difference.empty()) {
        throw InputError(fmt::format("{}: calibrated for transistor {}, not --transistor {}: {}", source_name,
                                     calibrated.card.value("label", std::string("?")), card.label, difference));
    }
    if (!(std::abs(v_gate - calibrated.v_gate) <= 1e-9)) {
        throw InputError(fmt::format("{}: calibrated with the word lines at {} V, not --v-gate {} V", source_name,
                                     calibrated.v_gate, v_gate));
    }
}

OperatingPoint irdrop_1t1r_operating_point(const CrossbarArray& array, const surrogate::TransistorFoldedModel& model) {
    OperatingPoint point;
    point.values = {{"rows", static_cast<double>(array.rows())},
                    {"cols", static_cast<double>(array.cols())},
                    {"r_row", array.row_wire_resistance},
                    {"r_col", array.column_wire_resistance},
                    {"conductance", array.conductance.minCoeff()},
                    {"conductance", array.conductance.maxCoeff()},
                    {"input", array.inputs.cwiseAbs().minCoeff()},
                    {"input", array.inputs.cwiseAbs().maxCoeff()}};
    const surrogate::ArrayCoupling coupling = surrogate::array_coupling(model.fold(array));
    point.values.emplace_back("coupling_row", coupling.row);
    point.values.emplace_back("coupling_column", coupling.column);
    point.choices = {{"cell", "1T1R"}};
    return point;
}

}  // namespace memcosim::calibrate
