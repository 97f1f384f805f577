#include "calibrate/delay_calibration.hpp"

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

constexpr const char* model_name = "elmore";
constexpr const char* ours_label = "ours: fitted Elmore terms";
constexpr const char* baseline_label = "ln(100) x Elmore (unfitted)";

struct DelayCaseSpec {
    IrDropCase array;
    double c_wire = 0.0;
};

surrogate::DelayCase delay_case(const DelayCaseSpec& s) {
    return {static_cast<long>(s.array.rows), static_cast<long>(s.array.cols), s.array.r_row, s.array.r_col, s.c_wire,
            0.5 * (s.array.g_lo + s.array.g_hi)};
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
    const surrogate::DelayCase c{array.rows(), array.cols(), array.row_wire_resistance, array.column_wire_resistance,
                                 array.wire_capacitance, array.conductance.mean()};
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
    struct Measured {
        surrogate::DelayCase c;
        double delay = 0.0, seconds = 0.0;
    };
    std::vector<Measured> training, held_out;
    for (std::size_t k = 0; k < replies.size(); ++k) {
        if (!replies[k].value("ok", false)) continue;
        const bool is_training = k < training_cases.size();
        const DelayCaseSpec& spec_k = is_training ? training_cases[k] : held_out_cases[k - training_cases.size()];
        Measured m{delay_case(spec_k), replies[k].at("delay").get<double>(), replies[k].at("seconds").get<double>()};
        m.c.g_mean = make_array(spec_k.array).conductance.mean();
        if (!(m.delay > 0.0)) continue;
        (is_training ? training : held_out).push_back(m);
    }
    if (training.size() < surrogate::DelayParameters::count || held_out.empty()) {
        throw EngineError(fmt::format("calibrate delay: only {} training and {} held-out transients succeeded: not "
                                      "enough data to fit",
                                      training.size(), held_out.size()));
    }
    // Linear least squares on the relative error: rows tau_k / t, target 1.
    Eigen::MatrixXd a(static_cast<Eigen::Index>(training.size()), 3);
    Eigen::VectorXd b = Eigen::VectorXd::Ones(a.rows());
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
        const Measured& m = training[static_cast<std::size_t>(k)];
        a.row(k) = surrogate::elmore_terms(m.c).transpose() / m.delay;
    }
    const Eigen::VectorXd p = a.colPivHouseholderQr().solve(b);
    if (!p.allFinite()) throw EngineError("calibrate delay: the least-squares fit failed (non-finite coefficients)");
    const surrogate::DelayParameters fitted{{p(0), p(1), p(2)}};
    log(fmt::format("calibrate delay: fitted coefficients {:.4g}, {:.4g}, {:.4g}", p(0), p(1), p(2)));

    std::vector<double> ours_errors, baseline_errors;
    json cases = json::array();
    for (const Measured& m : held_out) {
        const auto start = std::chrono::steady_clock::now();
        const double predicted = surrogate::predict_delay(m.c, fitted);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double baseline = surrogate::elmore_baseline_delay(m.c);
        const double e = std::abs(predicted - m.delay) / m.delay, eb = std::abs(baseline - m.delay) / m.delay;
        ours_errors.push_back(e);
        baseline_errors.push_back(eb);
        const Eigen::Vector3d tau = surrogate::elmore_terms(m.c);
        const auto entry = [&](double error) {
            return json{{"median", error}, {"p95", error}, {"max", error}, {"count", 1}, {"seconds", seconds}};
        };
        cases.push_back({{"rows", m.c.rows}, {"cols", m.c.cols}, {"r_row", m.c.r_row}, {"r_col", m.c.r_col},
                         {"c_wire", m.c.c_wire}, {"g_mean", m.c.g_mean}, {"coupling_row", tau(0)},
                         {"coupling_column", tau(1)}, {"reference", "spice"}, {"reference_delay", m.delay},
                         {"predicted_delay", predicted}, {"reference_seconds", m.seconds}, {"solver_seconds", m.seconds},
                         {"models", {{ours_label, entry(e)}, {baseline_label, entry(eb)}}}});
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
    c.details = {{"fit", {{"method", "linear least squares on the relative delay error (Eigen QR)"},
                          {"training_cases", training.size()}}},
                 {"pooled", {{ours_label, summary_json(surrogate::summarize_errors(ours_errors))},
                             {baseline_label, summary_json(surrogate::summarize_errors(baseline_errors))}}},
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
