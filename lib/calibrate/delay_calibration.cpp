#include "calibrate/delay_calibration.hpp"

#include "calibrate/least_squares_fit.hpp"
#include "calibrate/settling_time.hpp"
#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "spice/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <thread>

namespace memcosim::calibrate {

using nlohmann::json;

namespace {

constexpr const char* model_name = "modal";
constexpr const char* ours_label = "ours: modal uniform-array transient (calibrated)";
constexpr const char* physics_label = "modal uniform-array transient (p = 1, 1)";
constexpr const char* elmore_label = "fitted Elmore terms (previous surrogate)";
constexpr const char* baseline_label = "ln(100) x Elmore (unfitted)";

struct DelayCaseSpec {
    IrDropCase array;
    double c_wire = 0.0;
};

surrogate::DelayCase delay_case(const DelayCaseSpec& s) {
    surrogate::DelayCase c;
    c.rows = static_cast<long>(s.array.rows);
    c.cols = static_cast<long>(s.array.cols);
    c.r_row = s.array.r_row;
    c.r_col = s.array.r_col;
    c.c_wire = s.c_wire;
    c.g_mean = 0.5 * (s.array.g_lo + s.array.g_hi);
    return c;
}

double log_uniform(std::mt19937_64& generator, const Interval& range) {
    return std::exp(uniform_draw(generator, std::log(range.lo), std::log(range.hi)));
}

std::vector<DelayCaseSpec> draw_cases(const DelayCalibrationSpec& spec, bool held_out) {
    std::mt19937_64 generator(spec.seed * 2 + (held_out ? 1 : 0));
    std::vector<DelayCaseSpec> cases;
    const int count = held_out ? spec.held_out_cases : spec.training_cases;
    for (int k = 0; k < count; ++k) {
        DelayCaseSpec c;
        c.array.rows = c.array.cols = spec.sizes[static_cast<std::size_t>(k) % spec.sizes.size()];
        c.array.r_row = log_uniform(generator, spec.r_wire);
        c.array.r_col = log_uniform(generator, spec.r_wire);
        // One conductance level per array (its mean is what the model sees),
        // cells spread +-20 % around it.
        const double g = log_uniform(generator, spec.conductance);
        c.array.g_lo = 0.8 * g;
        c.array.g_hi = 1.2 * g;
        c.c_wire = log_uniform(generator, spec.c_wire);
        c.array.seed = generator();
        cases.push_back(c);
    }
    return cases;
}

// One transient: rows stepped at t0 with a short ramp, the slowest column's settling.
double spice_settling_delay(spice::Engine& engine, const CrossbarArray& array, double stop) {
    netlist::Circuit circuit = generators::build_crossbar_circuit(array);
    const double t0 = stop / 100.0, rise = stop / 1000.0;
    for (netlist::Element& element : circuit.elements) {
        if (auto* source = std::get_if<netlist::VoltageSource>(&element)) {
            if (source->name.rfind("vin", 0) != 0) continue;  // the row drivers only; sense sources stay at 0 V
            const double level = std::get<netlist::Dc>(source->waveform).value;
            source->waveform = netlist::Pulse{0.0, level, t0, rise, rise, 10.0 * stop, 0.0};
        }
    }
    circuit.analyses = {netlist::Transient{stop / 2000.0, stop, 0.0, stop / 2000.0, false}};
    const spice::RunResult result = engine.run(netlist::write_spice_lines(circuit));
    const std::vector<double>& time = result.vector("time").real;
    double slowest = 0.0;
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        const auto& current = result.vector(generators::CrossbarNames::sense_current_vector(j)).real;
        slowest = std::max(slowest, settling_time(time, current, t0 + rise));
    }
    return slowest;
}

}  // namespace

json run_delay_job(const json& request) {
    CrossbarArray array = make_array(irdrop_case_from_json(request.at("case")));
    array.wire_capacitance = request.at("c_wire").get<double>();
    surrogate::DelayCase c;
    c.rows = array.rows();
    c.cols = array.cols();
    c.r_row = array.row_wire_resistance;
    c.r_col = array.column_wire_resistance;
    c.c_wire = array.wire_capacitance;
    c.g_mean = array.conductance.mean();
    const Eigen::Vector3d tau = surrogate::elmore_terms(c);
    spice::Engine engine;
    // A window of many wire time constants (the sample spacing is stop /
    // 2000, so a window set by the much longer c / g would leave the wire
    // settling unresolved); lengthened when the waveform had not settled.
    double stop = 20.0 * (tau(0) + tau(1));
    const auto start = std::chrono::steady_clock::now();
    for (int attempt = 0;; ++attempt) {
        try {
            const double delay = spice_settling_delay(engine, array, stop);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return {{"ok", true}, {"delay", delay}, {"stop", stop}, {"seconds", seconds}};
        } catch (const EngineError& error) {
            if (attempt >= 3 || std::string(error.what()).find("not settled") == std::string::npos) throw;
            stop *= 4.0;
        }
    }
}

void DelayCalibrationSpec::validate() const {
    if (sizes.empty()) throw InputError("calibrate delay: --sizes lists no size: no data to fit");
    for (long n : sizes) {
        if (n < 2 || n > 128) throw InputError(fmt::format("calibrate delay: --sizes: {} outside 2..128 (SPICE transients)", n));
    }
    for (const auto& [name, r] : {std::pair{"--r-wire", r_wire}, std::pair{"--c-wire", c_wire}, std::pair{"--g-range", conductance}}) {
        if (!(r.lo > 0.0) || !(r.lo <= r.hi)) {
            throw InputError(fmt::format("calibrate delay: {} {}:{} must satisfy 0 < LO <= HI", name, r.lo, r.hi));
        }
    }
    if (training_cases < 3 || held_out_cases < 1) {
        throw InputError("calibrate delay: --train needs at least 3 cases and --held-out 1: no data");
    }
}

json DelayCalibrationSpec::to_json() const {
    return {{"sizes", sizes},
            {"r_wire", {r_wire.lo, r_wire.hi}},
            {"c_wire", {c_wire.lo, c_wire.hi}},
            {"g_range", {conductance.lo, conductance.hi}},
            {"training_cases", training_cases},
            {"held_out_cases", held_out_cases},
            {"seed", seed}};
}

DelayCalibrationSpec DelayCalibrationSpec::from_json(const json& j, const std::string& where) {
    DelayCalibrationSpec spec;
    try {
        spec.sizes = j.at("sizes").get<std::vector<long>>();
        spec.r_wire = {j.at("r_wire").at(0).get<double>(), j.at("r_wire").at(1).get<double>()};
        spec.c_wire = {j.at("c_wire").at(0).get<double>(), j.at("c_wire").at(1).get<double>()};
        spec.conductance = {j.at("g_range").at(0).get<double>(), j.at("g_range").at(1).get<double>()};
        spec.training_cases = j.at("training_cases").get<int>();
        spec.held_out_cases = j.at("held_out_cases").get<int>();
        spec.seed = j.at("seed").get<std::uint64_t>();
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: inputs: {}", where, error.what()));
    }
    spec.validate();
    return spec;
}

namespace {

struct Measured {
    surrogate::DelayCase c;
    double delay = 0.0, seconds = 0.0;
};

// Relative errors of ours at parameters p on a data set.
Eigen::VectorXd relative_errors(const std::vector<Measured>& data, const Eigen::VectorXd& p) {
    Eigen::VectorXd r(static_cast<Eigen::Index>(data.size()));
    const surrogate::DelayParameters parameters{{p(0), p(1)}};
    for (std::size_t k = 0; k < data.size(); ++k) {
        r(static_cast<Eigen::Index>(k)) = surrogate::predict_delay(data[k].c, parameters) / data[k].delay - 1.0;
    }
    return r;
}

// The Elmore baseline's coefficients: linear least squares on the relative
// error (rows tau_k / t, target 1), as the previous surrogate was fitted.
Eigen::Vector3d fit_elmore(const std::vector<Measured>& training) {
    Eigen::MatrixXd a(static_cast<Eigen::Index>(training.size()), 3);
    Eigen::VectorXd b = Eigen::VectorXd::Ones(a.rows());
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
        const Measured& m = training[static_cast<std::size_t>(k)];
        a.row(k) = surrogate::elmore_terms(m.c).transpose() / m.delay;
    }
    const Eigen::Vector3d p = a.colPivHouseholderQr().solve(b);
    if (!p.allFinite()) throw EngineError("calibrate delay: the Elmore baseline fit failed (non-finite coefficients)");
    return p;
}

}  // namespace

Calibration calibrate_delay(const DelayCalibrationSpec& spec, const Log& log) {
    spec.validate();
    const std::vector<DelayCaseSpec> training_cases = draw_cases(spec, false);
    const std::vector<DelayCaseSpec> held_out_cases = draw_cases(spec, true);
    std::vector<json> requests;
    for (const auto* set : {&training_cases, &held_out_cases}) {
        for (const DelayCaseSpec& c : *set) requests.push_back({{"kind", "delay"}, {"case", to_json(c.array)}, {"c_wire", c.c_wire}});
    }
    log(fmt::format("calibrate delay: {} SPICE transients ({} worker processes)", requests.size(),
                    spec.workers > 0 ? spec.workers : static_cast<int>(std::thread::hardware_concurrency())));
    const auto replies = run_in_workers(spec.worker, requests, spec.workers,
                                        [&](std::size_t done, std::size_t total, const json& reply) {
                                            log(fmt::format("  spice transient {}/{}{}", done, total,
                                                            reply.value("ok", false) ? "" : ": failed: " + reply.value("error", std::string())));
                                        });
    std::vector<Measured> training, held_out;
    for (std::size_t k = 0; k < replies.size(); ++k) {
        if (!replies[k].value("ok", false)) continue;
        const bool is_training = k < training_cases.size();
        const DelayCaseSpec& spec_k = is_training ? training_cases[k] : held_out_cases[k - training_cases.size()];
        Measured m{delay_case(spec_k), replies[k].at("delay").get<double>(), replies[k].at("seconds").get<double>()};
        // The surrogate sees what the read is: the mean conductance, the
        // row inputs, and the reference's input ramp (stop / 1000).
        const CrossbarArray array = make_array(spec_k.array);
        m.c.g_mean = array.conductance.mean();
        m.c.inputs = array.inputs;
        m.c.rise = replies[k].at("stop").get<double>() / 1000.0;
        if (!(m.delay > 0.0)) continue;
        (is_training ? training : held_out).push_back(m);
    }
    if (training.size() < 3 || held_out.empty()) {
        throw EngineError(fmt::format("calibrate delay: only {} training and {} held-out transients succeeded: not "
                                      "enough data to fit",
                                      training.size(), held_out.size()));
    }
    // Levenberg-Marquardt on the relative delay errors, from the uniform
    // physics (1, 1). A weak pull (1e-3 per unit) towards g_eff = g_mean
    // keeps the conductance factor defined where the delay hardly depends
    // on g (weak coupling r g N^2).
    const ResidualFunction residuals = [&](const Eigen::VectorXd& p, Eigen::VectorXd& r) {
        if (!(p(0) > 0.0) || !(p(1) > 0.0)) {
            r.setConstant(1e3);  // outside the physical domain: a wall, not an exception
            return;
        }
        r.head(static_cast<Eigen::Index>(training.size())) = relative_errors(training, p);
        r(r.size() - 1) = 1e-3 * std::log(p(0));
    };
    const FitReport fit = fit_levenberg_marquardt(residuals, Eigen::Vector2d(1.0, 1.0),
                                                  static_cast<Eigen::Index>(training.size()) + 1);
    const Eigen::VectorXd p = fit.parameters;
    const surrogate::DelayParameters fitted{{p(0), p(1)}};
    log(fmt::format("calibrate delay: fitted conductance factor {:.5g}, delay factor {:.5g} ({}, {} evaluations)", p(0),
                    p(1), fit.status_text, fit.evaluations));
    const Eigen::Vector3d elmore = fit_elmore(training);

    std::vector<double> ours_errors, physics_errors, elmore_errors, textbook_errors;
    json cases = json::array();
    for (const Measured& m : held_out) {
        const auto start = std::chrono::steady_clock::now();
        const double predicted = surrogate::predict_delay(m.c, fitted);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double physics = surrogate::predict_delay(m.c, {});
        const auto elmore_start = std::chrono::steady_clock::now();
        const double elmore_fitted = surrogate::predict_elmore_delay(m.c, elmore);
        const double elmore_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - elmore_start).count();
        const double textbook = surrogate::elmore_baseline_delay(m.c);
        const auto relative = [&](double t) { return std::abs(t - m.delay) / m.delay; };
        ours_errors.push_back(relative(predicted));
        physics_errors.push_back(relative(physics));
        elmore_errors.push_back(relative(elmore_fitted));
        textbook_errors.push_back(relative(textbook));
        const Eigen::Vector3d tau = surrogate::elmore_terms(m.c);
        const auto entry = [&](double error, double s) {
            return json{{"median", error}, {"p95", error}, {"max", error}, {"count", 1}, {"seconds", s}};
        };
        cases.push_back({{"rows", m.c.rows}, {"cols", m.c.cols}, {"r_row", m.c.r_row}, {"r_col", m.c.r_col},
                         {"c_wire", m.c.c_wire}, {"g_mean", m.c.g_mean}, {"coupling_row", tau(0)},
                         {"coupling_column", tau(1)}, {"reference", "spice"}, {"reference_delay", m.delay},
                         {"predicted_delay", predicted}, {"reference_seconds", m.seconds}, {"solver_seconds", m.seconds},
                         {"models",
                          {{ours_label, entry(ours_errors.back(), seconds)},
                           {physics_label, entry(physics_errors.back(), seconds)},
                           {elmore_label, entry(elmore_errors.back(), elmore_seconds)},
                           {baseline_label, entry(textbook_errors.back(), elmore_seconds)}}}});
    }
    const auto summary_json = [](const surrogate::ErrorSummary& s) {
        return json{{"median", s.median}, {"p95", s.p95}, {"max", s.max}, {"count", s.count}};
    };
    Calibration c;
    c.surrogate = "delay";
    c.model = model_name;
    for (std::size_t k = 0; k < surrogate::DelayParameters::count; ++k) {
        c.parameters.emplace_back(surrogate::DelayParameters::names()[k], p(static_cast<Eigen::Index>(k)));
    }
    const auto [smallest, largest] = std::minmax_element(spec.sizes.begin(), spec.sizes.end());
    c.range.intervals["rows"] = {static_cast<double>(*smallest), static_cast<double>(*largest)};
    c.range.intervals["cols"] = c.range.intervals["rows"];
    c.range.intervals["r_wire"] = spec.r_wire;
    c.range.intervals["c_wire"] = spec.c_wire;
    c.range.intervals["conductance"] = {0.8 * spec.conductance.lo, 1.2 * spec.conductance.hi};
    c.range.choices["cell"] = {"1R"};
    c.source = "spice";
    c.inputs = spec.to_json();
    c.error_measure = "relative settling-delay (1 %) error |t - t_spice| / t_spice on held-out transients";
    c.held_out = surrogate::summarize_errors(ours_errors);
    const Eigen::VectorXd training_errors = relative_errors(training, p);
    c.details = {{"fit", {{"method", "Levenberg-Marquardt on the relative delay error, weak prior log(p0) / 1000"},
                          {"status", fit.status_text},
                          {"evaluations", fit.evaluations},
                          {"training_cases", training.size()},
                          {"training_max_error", training_errors.cwiseAbs().maxCoeff()}}},
                 {"elmore_baseline_coefficients", {elmore(0), elmore(1), elmore(2)}},
                 {"pooled", {{ours_label, summary_json(surrogate::summarize_errors(ours_errors))},
                             {physics_label, summary_json(surrogate::summarize_errors(physics_errors))},
                             {elmore_label, summary_json(surrogate::summarize_errors(elmore_errors))},
                             {baseline_label, summary_json(surrogate::summarize_errors(textbook_errors))}}},
                 {"cases", cases}};
    return c;
}

surrogate::DelayParameters delay_parameters_from(const Calibration& calibration, const std::string& source_name) {
    calibration.require("delay", model_name, source_name);
    return {calibration.parameter_values(surrogate::DelayParameters::names(), source_name)};
}

OperatingPoint delay_operating_point(const surrogate::DelayCase& c) {
    OperatingPoint point;
    point.values = {{"rows", static_cast<double>(c.rows)}, {"cols", static_cast<double>(c.cols)},
                    {"r_wire", c.r_row},                   {"r_wire", c.r_col},
                    {"c_wire", c.c_wire},                  {"conductance", c.g_mean}};
    point.choices = {{"cell", "1R"}};
    return point;
}

}  // namespace memcosim::calibrate
