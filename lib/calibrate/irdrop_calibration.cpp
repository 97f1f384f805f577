#include "calibrate/irdrop_calibration.hpp"

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
using detail::best_time;
using detail::Clock;
using detail::goes_to_spice;
using detail::seconds_since;

namespace {

constexpr const char* model_name = "attenuation";

// One case with its reference column currents.
struct Sample {
    IrDropCase spec;
    CrossbarArray array;
    Eigen::VectorXd exact;
    std::string engine;      // spice | solver
    double engine_seconds = 0.0;
};

std::vector<Sample> reference_samples(const IrDropCalibrationSpec& spec, const std::vector<IrDropCase>& cases,
                                      const std::string& label, const Log& log) {
    std::vector<Sample> samples(cases.size());
    std::vector<json> requests;
    std::vector<std::size_t> spice_index;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        samples[k].spec = cases[k];
        samples[k].array = make_array(cases[k]);
        if (goes_to_spice(spec, cases[k])) {
            requests.push_back({{"kind", "irdrop"}, {"case", to_json(cases[k])}});
            spice_index.push_back(k);
        }
    }
    const auto replies = detail::spice_column_currents(spec, requests, "calibrate irdrop", label, log);
    for (std::size_t k = 0; k < replies.size(); ++k) {
        if (!replies[k]) continue;  // dropped below, already reported
        Sample& s = samples[spice_index[k]];
        s.exact = replies[k]->currents;
        s.engine = "spice";
        s.engine_seconds = replies[k]->seconds;
    }
    std::size_t solved = 0;
    for (Sample& s : samples) {
        if (goes_to_spice(spec, s.spec)) continue;
        const auto start = Clock::now();
        s.exact = solver::solve_linear_crossbar(s.array).column_currents;
        s.engine = "solver";
        s.engine_seconds = seconds_since(start);
        log(fmt::format("  solver {} case {}/{}: {}x{} ({:.2f} s)", label, ++solved,
                        cases.size() - spice_index.size(), s.array.rows(), s.array.cols(), s.engine_seconds));
    }
    std::vector<Sample> kept;
    for (Sample& s : samples) {
        if (s.exact.size() == s.array.cols()) kept.push_back(std::move(s));
    }
    if (kept.empty()) throw EngineError(fmt::format("calibrate irdrop: no {} case could be computed: no data", label));
    return kept;
}

void append_relative(const surrogate::AttenuationModel& model, const Sample& s, Eigen::VectorXd& residuals,
                     Eigen::Index& at) {
    const Eigen::VectorXd predicted = model.column_currents_unchecked(s.array);
    for (Eigen::Index j = 0; j < s.exact.size(); ++j) residuals(at++) = (predicted(j) - s.exact(j)) / s.exact(j);
}

FitReport fit(const std::vector<Sample>& training, const Log& log) {
    Eigen::Index count = 0;
    for (const Sample& s : training) count += s.exact.size();
    const ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd& f) {
        const surrogate::AttenuationModel model({std::vector<double>(x.data(), x.data() + x.size())});
        Eigen::Index at = 0;
        for (const Sample& s : training) append_relative(model, s, f, at);
    };
    // Start from the plain mean-field physics (attenuation_model.hpp).
    const std::vector<double> physics = surrogate::AttenuationParameters{}.values;
    const Eigen::VectorXd start = Eigen::Map<const Eigen::VectorXd>(physics.data(), static_cast<Eigen::Index>(physics.size()));
    log(fmt::format("calibrate irdrop: Levenberg-Marquardt on {} columns of {} training arrays", count,
                    training.size()));
    const surrogate::PortableArithmetic same_on_every_cpu;  // so the fit reproduces anywhere
    return fit_levenberg_marquardt(residuals, start, count);
}


}  // namespace

void IrDropCalibrationSpec::validate() const {
    if (sizes.empty()) throw InputError("calibrate irdrop: --sizes lists no size: no data to fit");
    for (long n : sizes) {
        if (n < 2) throw InputError(fmt::format("calibrate irdrop: --sizes: {} is below 2", n));
    }
    if (!(r_wire.lo > 0.0) || !(r_wire.lo <= r_wire.hi)) {
        throw InputError(fmt::format("calibrate irdrop: --r-wire {}:{} must satisfy 0 < LO <= HI", r_wire.lo, r_wire.hi));
    }
    if (!(conductance.lo > 0.0) || !(conductance.lo <= conductance.hi)) {
        throw InputError(fmt::format("calibrate irdrop: --g-range {}:{} must satisfy 0 < LO <= HI", conductance.lo,
                                     conductance.hi));
    }
    if (cell != "1R" && cell != "1T1R") {
        throw InputError(fmt::format("calibrate irdrop: --cell {}: expected 1R (linear cells) or 1T1R", cell));
    }
    if (cell == "1T1R" && transistor.empty()) {
        throw InputError("calibrate irdrop: --cell 1T1R needs --transistor level1|bsim4|FILE[:w=..,l=..]: "
                         "the access transistor's card the surrogate is calibrated for");
    }
    if (cell == "1R" && (!transistor.empty() || v_gate)) {
        throw InputError("calibrate irdrop: --transistor and --v-gate apply to --cell 1T1R only");
    }
    if (!(inputs.lo > 0.0) || !(inputs.lo <= inputs.hi)) {
        throw InputError(fmt::format("calibrate irdrop: --v-range {}:{} must satisfy 0 < LO <= HI", inputs.lo,
                                     inputs.hi));
    }
    if (source != "spice" && source != "solver") {
        throw InputError(fmt::format("calibrate irdrop: --source {}: expected spice or solver", source));
    }
    if (training_cases < 1 || held_out_cases < 1) {
        throw InputError("calibrate irdrop: --train and --held-out need at least one case each: no data");
    }
}

json IrDropCalibrationSpec::to_json() const {
    // 1R files from before 1T1R had no v_range, transistor or v_gate: those
    // appear only where they differ from that, so such files still reproduce.
    json j = {{"sizes", sizes},
            {"r_wire", {r_wire.lo, r_wire.hi}},
            {"g_range", {conductance.lo, conductance.hi}},
            {"cell", cell},
            {"source", source},
            {"spice_max_size", spice_max_size},
            {"training_cases", training_cases},
            {"held_out_cases", held_out_cases},
            {"seed", seed}};
    if (inputs.lo != 0.05 || inputs.hi != 0.2) j["v_range"] = {inputs.lo, inputs.hi};
    if (!transistor.empty()) j["transistor"] = transistor;
    if (v_gate) j["v_gate"] = *v_gate;
    return j;
}

IrDropCalibrationSpec IrDropCalibrationSpec::from_json(const json& j, const std::string& where) {
    IrDropCalibrationSpec spec;
    try {
        spec.sizes = j.at("sizes").get<std::vector<long>>();
        spec.r_wire = {j.at("r_wire").at(0).get<double>(), j.at("r_wire").at(1).get<double>()};
        spec.conductance = {j.at("g_range").at(0).get<double>(), j.at("g_range").at(1).get<double>()};
        spec.cell = j.at("cell").get<std::string>();
        spec.source = j.at("source").get<std::string>();
        spec.spice_max_size = j.at("spice_max_size").get<long>();
        spec.training_cases = j.at("training_cases").get<int>();
        spec.held_out_cases = j.at("held_out_cases").get<int>();
        spec.seed = j.at("seed").get<std::uint64_t>();
        if (j.contains("v_range")) spec.inputs = {j.at("v_range").at(0).get<double>(), j.at("v_range").at(1).get<double>()};
        if (j.contains("transistor")) spec.transistor = j.at("transistor").get<std::string>();
        if (j.contains("v_gate")) spec.v_gate = j.at("v_gate").get<double>();
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: inputs: {}", where, error.what()));
    }
    spec.validate();
    return spec;
}

std::vector<IrDropCase> draw_irdrop_cases(const IrDropCalibrationSpec& spec, bool held_out) {
    // Separate streams for the two sets, so adding training cases leaves the
    // held-out set unchanged.
    std::mt19937_64 generator(spec.seed * 2 + (held_out ? 1 : 0));
    const int count = held_out ? spec.held_out_cases : spec.training_cases;
    const auto n = spec.sizes.size();
    std::vector<IrDropCase> cases;
    const double log_lo = std::log(spec.r_wire.lo), log_hi = std::log(spec.r_wire.hi);
    for (int k = 0; k < count; ++k) {
        IrDropCase c;
        // Every size in turn for the rows; the columns equal them on every
        // other case (square arrays, the usual tile) and are drawn otherwise.
        c.rows = spec.sizes[static_cast<std::size_t>(k) % n];
        const auto other = static_cast<std::size_t>(uniform_draw(generator, 0.0, static_cast<double>(n)));
        c.cols = k % 2 == 0 ? c.rows : spec.sizes[std::min(other, n - 1)];
        c.r_row = std::exp(uniform_draw(generator, log_lo, log_hi));
        c.r_col = std::exp(uniform_draw(generator, log_lo, log_hi));
        c.g_lo = spec.conductance.lo;
        c.g_hi = spec.conductance.hi;
        c.v_lo = spec.inputs.lo;
        c.v_hi = spec.inputs.hi;
        c.seed = generator();
        cases.push_back(c);
    }
    return cases;
}

Calibration calibrate_irdrop(const IrDropCalibrationSpec& spec, const Log& log) {
    spec.validate();
    if (spec.cell == "1T1R") return calibrate_irdrop_1t1r(spec, log);
    const std::vector<Sample> training = reference_samples(spec, draw_irdrop_cases(spec, false), "training", log);
    const std::vector<Sample> held_out = reference_samples(spec, draw_irdrop_cases(spec, true), "held-out", log);
    const FitReport report = fit(training, log);
    log(fmt::format("calibrate irdrop: {} ({} evaluations, residual rms {:.3g})", report.status_text,
                    report.evaluations, report.residual_rms));
    const surrogate::AttenuationModel ours(
        {std::vector<double>(report.parameters.data(), report.parameters.data() + report.parameters.size())});

    // Held-out scoring: ours and every baseline on the same arrays, timed.
    const std::vector<std::string> models{"ours: attenuation (calibrated)", "(a) cumulative wire (Jeong)",
                                          "(b) mean-conductance cosh", "(c) per-cell correction factors"};
    std::vector<std::vector<double>> pooled(models.size());
    json cases = json::array();
    const double g_reference = 0.5 * (spec.conductance.lo + spec.conductance.hi);
    for (std::size_t k = 0; k < held_out.size(); ++k) {
        const Sample& s = held_out[k];
        const CrossbarArray& a = s.array;
        const CrossbarArray reference = surrogate::uniform_reference_array(a.rows(), a.cols(), a.row_wire_resistance,
                                                                           a.column_wire_resistance, g_reference);
        const surrogate::CorrectionFactorModel correction(reference,
                                                          solver::solve_linear_crossbar(reference).cell_voltages());
        Eigen::VectorXd solver_currents;
        const double solver_seconds =
            best_time([&] { return solver::solve_linear_crossbar(a).column_currents; }, solver_currents, 2);
        std::vector<std::function<Eigen::VectorXd()>> runs{
            [&] { return ours.column_currents_unchecked(a); },
            [&] { return surrogate::cumulative_wire_column_currents(a); },
            [&] { return surrogate::mean_conductance_column_currents(a); },
            [&] { return correction.column_currents(a); }};
        const json per_model = detail::score_models(models, runs, s.exact, pooled);
        const surrogate::ArrayCoupling coupling = surrogate::array_coupling(a);
        cases.push_back({{"rows", a.rows()},
                         {"cols", a.cols()},
                         {"r_row", a.row_wire_resistance},
                         {"r_col", a.column_wire_resistance},
                         {"g_mean", a.conductance.mean()},
                         {"coupling_row", coupling.row},
                         {"coupling_column", coupling.column},
                         {"reference", s.engine},
                         {"reference_seconds", s.engine_seconds},
                         {"solver_seconds", solver_seconds},
                         {"models", per_model}});
        log(fmt::format("  held-out {}/{}: {}x{} wires {:.3g}/{:.3g} ohm: ours median {:.2e}, {:.0f}x faster than "
                        "the solver",
                        k + 1, held_out.size(), a.rows(), a.cols(), a.row_wire_resistance, a.column_wire_resistance,
                        per_model[models[0]]["median"].get<double>(),
                        solver_seconds / per_model[models[0]]["seconds"].get<double>()));
    }
    const json pooled_json = detail::pooled_summaries(models, pooled);

    Calibration c;
    c.surrogate = "irdrop";
    c.model = model_name;
    for (std::size_t k = 0; k < surrogate::AttenuationParameters::count; ++k) {
        c.parameters.emplace_back(surrogate::AttenuationParameters::names()[k],
                                  report.parameters(static_cast<Eigen::Index>(k)));
    }
    const auto [smallest, largest] = std::minmax_element(spec.sizes.begin(), spec.sizes.end());
    c.range.intervals["rows"] = {static_cast<double>(*smallest), static_cast<double>(*largest)};
    c.range.intervals["cols"] = c.range.intervals["rows"];
    c.range.intervals["r_row"] = spec.r_wire;
    c.range.intervals["r_col"] = spec.r_wire;
    c.range.intervals["conductance"] = spec.conductance;
    // The dimensionless couplings r g N^2 the data covered: the model's
    // accuracy is a function of them, so beyond them is outside its range
    // even with every size, wire and conductance inside theirs.
    double most_row = 0.0, most_column = 0.0;
    for (const auto* set : {&training, &held_out}) {
        for (const Sample& s : *set) {
            const surrogate::ArrayCoupling k = surrogate::array_coupling(s.array);
            most_row = std::max(most_row, k.row);
            most_column = std::max(most_column, k.column);
        }
    }
    c.range.intervals["coupling_row"] = {0.0, most_row};
    c.range.intervals["coupling_column"] = {0.0, most_column};
    c.range.choices["cell"] = {spec.cell};
    c.source = detail::data_source(training, held_out);
    c.inputs = spec.to_json();
    c.error_measure = "relative column-current error |I - I_ref| / |I_ref| on held-out arrays";
    c.held_out = surrogate::summarize_errors(pooled[0]);
    c.details = {{"fit", detail::fit_details(report, training.size())},
                 {"correction_reference_conductance", g_reference},
                 {"pooled", pooled_json},
                 {"cases", cases}};
    return c;
}

surrogate::AttenuationModel irdrop_model_from(const Calibration& calibration, const std::string& source_name) {
    if (calibration.surrogate == "irdrop") require_cell(calibration, "1R", source_name);  // not a 1T1R fold
    calibration.require("irdrop", model_name, source_name);
    return surrogate::AttenuationModel(
        {calibration.parameter_values(surrogate::AttenuationParameters::names(), source_name)});
}

OperatingPoint irdrop_operating_point(const CrossbarArray& array) {
    OperatingPoint point;
    point.values = {{"rows", static_cast<double>(array.rows())},
                    {"cols", static_cast<double>(array.cols())},
                    {"r_row", array.row_wire_resistance},
                    {"r_col", array.column_wire_resistance},
                    // Both extremes of the map must lie in the calibrated range.
                    {"conductance", array.conductance.minCoeff()},
                    {"conductance", array.conductance.maxCoeff()}};
    const surrogate::ArrayCoupling coupling = surrogate::array_coupling(array);
    point.values.emplace_back("coupling_row", coupling.row);
    point.values.emplace_back("coupling_column", coupling.column);
    point.choices = {{"cell", "1R"}};
    return point;
}

}  // namespace memcosim::calibrate
