#include "calibrate/sneak_calibration.hpp"

#include "calibrate/least_squares_fit.hpp"
#include "core/error.hpp"
#include "solver/sneak_analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::calibrate {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* model_name = "lossy-line read margin";
constexpr const char* ours_label = "ours: lossy-line sneak model (calibrated)";
constexpr const char* baseline_label = "ideal-wire closed form";

struct SneakSample {
    surrogate::SneakCase c;
    solver::SneakPoint exact;
    double seconds = 0.0;
};

solver::SneakSettings settings_for(const surrogate::SneakCase& c) {
    solver::SneakSettings s;
    s.scheme = solver::parse_bias_scheme(c.scheme);
    s.g_on = c.g_on;
    s.g_off = c.g_off;
    s.v_read = c.v_read;
    s.r_wire = c.r_wire;
    if (c.selector_ratio != 0.0) {
        s.cell = solver::sinh_selector_cell(solver::sinh_v0_for_ratio(c.v_read, c.selector_ratio), c.v_read);
    }
    return s;
}

std::vector<SneakSample> solve_cases(const std::vector<surrogate::SneakCase>& cases, const std::string& label,
                                     const Log& log) {
    std::vector<SneakSample> samples;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        const auto start = Clock::now();
        try {
            SneakSample s{cases[k], solver::analyse_read(cases[k].size, settings_for(cases[k])), 0.0};
            s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            samples.push_back(s);
        } catch (const EngineError& error) {
            log(fmt::format("  sneak {} case {}: solver failed, dropped: {}", label, k + 1, error.what()));
        }
        if ((k + 1) % 10 == 0 || k + 1 == cases.size()) {
            log(fmt::format("  solver {} {}/{}", label, k + 1, cases.size()));
        }
    }
    if (samples.empty()) throw EngineError(fmt::format("calibrate sneak: no {} case could be solved: no data", label));
    return samples;
}

double log_uniform(std::mt19937_64& generator, const Interval& range) {
    return std::exp(uniform_draw(generator, std::log(range.lo), std::log(range.hi)));
}

}  // namespace

void SneakCalibrationSpec::validate() const {
    if (sizes.empty()) throw InputError("calibrate sneak: --sizes lists no size: no data to fit");
    for (long n : sizes) {
        if (n < 2 || n > 1024) throw InputError(fmt::format("calibrate sneak: --sizes: {} is outside 2..1024", n));
    }
    if (schemes.empty()) throw InputError("calibrate sneak: --schemes lists no scheme: no data to fit");
    for (const std::string& s : schemes) (void)solver::parse_bias_scheme(s);
    if (!(r_wire.lo > 0.0) || !(r_wire.lo <= r_wire.hi)) {
        throw InputError(fmt::format("calibrate sneak: --r-wire {}:{} must satisfy 0 < LO <= HI", r_wire.lo, r_wire.hi));
    }
    if (!(g_on.lo > 0.0) || !(g_on.lo <= g_on.hi)) {
        throw InputError(fmt::format("calibrate sneak: --g-range {}:{} must satisfy 0 < LO <= HI", g_on.lo, g_on.hi));
    }
    if (!(on_off_ratio.lo > 1.0) || !(on_off_ratio.lo <= on_off_ratio.hi)) {
        throw InputError(fmt::format("calibrate sneak: --on-off {}:{} must satisfy 1 < LO <= HI", on_off_ratio.lo,
                                     on_off_ratio.hi));
    }
    if (cell != "1R" && cell != "1S1R") throw InputError(fmt::format("calibrate sneak: --cell {}: expected 1R or 1S1R", cell));
    if (cell == "1S1R") {
        if (selector_ratios.empty()) throw InputError("calibrate sneak: --cell 1S1R needs --selector-ratios");
        for (double k : selector_ratios) {
            if (!(k > 2.0)) throw InputError(fmt::format("calibrate sneak: --selector-ratios: {} is not > 2", k));
        }
    }
    if (!(v_read > 0.0)) throw InputError("calibrate sneak: --v-read must be > 0");
    if (training_cases < 2 || held_out_cases < 1) {
        throw InputError("calibrate sneak: --train needs at least 2 cases and --held-out 1: no data");
    }
}

json SneakCalibrationSpec::to_json() const {
    return {{"sizes", sizes},         {"schemes", schemes},
            {"r_wire", {r_wire.lo, r_wire.hi}}, {"g_range", {g_on.lo, g_on.hi}},
            {"on_off", {on_off_ratio.lo, on_off_ratio.hi}}, {"cell", cell},
            {"selector_ratios", selector_ratios}, {"v_read", v_read},
            {"training_cases", training_cases}, {"held_out_cases", held_out_cases},
            {"seed", seed}};
}

SneakCalibrationSpec SneakCalibrationSpec::from_json(const json& j, const std::string& where) {
    SneakCalibrationSpec spec;
    try {
        spec.sizes = j.at("sizes").get<std::vector<long>>();
        spec.schemes = j.at("schemes").get<std::vector<std::string>>();
        spec.r_wire = {j.at("r_wire").at(0).get<double>(), j.at("r_wire").at(1).get<double>()};
        spec.g_on = {j.at("g_range").at(0).get<double>(), j.at("g_range").at(1).get<double>()};
        spec.on_off_ratio = {j.at("on_off").at(0).get<double>(), j.at("on_off").at(1).get<double>()};
        spec.cell = j.at("cell").get<std::string>();
        spec.selector_ratios = j.at("selector_ratios").get<std::vector<double>>();
        spec.v_read = j.at("v_read").get<double>();
        spec.training_cases = j.at("training_cases").get<int>();
        spec.held_out_cases = j.at("held_out_cases").get<int>();
        spec.seed = j.at("seed").get<std::uint64_t>();
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: inputs: {}", where, error.what()));
    }
    spec.validate();
    return spec;
}

std::vector<surrogate::SneakCase> draw_sneak_cases(const SneakCalibrationSpec& spec, bool held_out) {
    std::mt19937_64 generator(spec.seed * 2 + (held_out ? 1 : 0));
    const int count = held_out ? spec.held_out_cases : spec.training_cases;
    std::vector<surrogate::SneakCase> cases;
    for (int k = 0; k < count; ++k) {
        surrogate::SneakCase c;
        const auto index = static_cast<std::size_t>(k);
        c.size = spec.sizes[index % spec.sizes.size()];
        c.scheme = spec.schemes[(index / spec.sizes.size()) % spec.schemes.size()];
        c.r_wire = log_uniform(generator, spec.r_wire);
        c.g_on = log_uniform(generator, spec.g_on);
        c.g_off = c.g_on / log_uniform(generator, spec.on_off_ratio);
        c.v_read = spec.v_read;
        if (spec.cell == "1S1R") {
            const auto pick = static_cast<std::size_t>(
                uniform_draw(generator, 0.0, static_cast<double>(spec.selector_ratios.size())));
            c.selector_ratio = spec.selector_ratios[std::min(pick, spec.selector_ratios.size() - 1)];
        }
        cases.push_back(c);
    }
    return cases;
}

Calibration calibrate_sneak(const SneakCalibrationSpec& spec, const Log& log) {
    spec.validate();
    log(fmt::format("calibrate sneak: {} training and {} held-out reads in the exact solver", spec.training_cases,
                    spec.held_out_cases));
    const auto training = solve_cases(draw_sneak_cases(spec, false), "training", log);
    const auto held_out = solve_cases(draw_sneak_cases(spec, true), "held-out", log);
    const ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd& f) {
        const surrogate::SneakParameters p{{x(0), x(1)}};
        for (std::size_t k = 0; k < training.size(); ++k) {
            const double predicted = surrogate::predict_sneak(training[k].c, p).read_margin;
            f(static_cast<Eigen::Index>(k)) = (predicted - training[k].exact.read_margin) / training[k].exact.read_margin;
        }
    };
    const Eigen::Vector2d start(1.0, 1.0);
    log(fmt::format("calibrate sneak: Levenberg-Marquardt on {} training read margins", training.size()));
    const FitReport report = fit_levenberg_marquardt(residuals, start, static_cast<Eigen::Index>(training.size()));
    log(fmt::format("calibrate sneak: {} ({} evaluations)", report.status_text, report.evaluations));
    const surrogate::SneakParameters fitted{{report.parameters(0), report.parameters(1)}};
    const surrogate::SneakParameters ideal_wire{{1.0, 1.0}};

    std::vector<double> ours_errors, baseline_errors;
    json cases = json::array();
    for (const SneakSample& s : held_out) {
        auto ideal = s.c;
        ideal.r_wire = 0.0;
        const auto start_time = Clock::now();
        const surrogate::SneakPrediction ours = surrogate::predict_sneak(s.c, fitted);
        const double ours_seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
        const surrogate::SneakPrediction baseline = surrogate::predict_sneak(ideal, ideal_wire);
        const double exact = s.exact.read_margin;
        const double ours_error = std::abs(ours.read_margin - exact) / std::abs(exact);
        const double baseline_error = std::abs(baseline.read_margin - exact) / std::abs(exact);
        ours_errors.push_back(ours_error);
        baseline_errors.push_back(baseline_error);
        const double coupling = s.c.r_wire * s.c.g_on * static_cast<double>(s.c.size * s.c.size);
        const auto entry = [](double e, double seconds) {
            return json{{"median", e}, {"p95", e}, {"max", e}, {"count", 1}, {"seconds", seconds}};
        };
        cases.push_back({{"rows", s.c.size},
                         {"cols", s.c.size},
                         {"scheme", s.c.scheme},
                         {"r_row", s.c.r_wire},
                         {"r_col", s.c.r_wire},
                         {"g_on", s.c.g_on},
                         {"g_off", s.c.g_off},
                         {"selector_ratio", s.c.selector_ratio},
                         {"coupling_row", coupling},
                         {"coupling_column", coupling},
                         {"reference", "solver"},
                         {"reference_margin", exact},
                         {"predicted_margin", ours.read_margin},
                         {"reference_sneak_current", s.exact.sneak_current},
                         {"predicted_sneak_current", ours.sneak_current},
                         {"reference_seconds", s.seconds},
                         {"solver_seconds", s.seconds},
                         {"models", {{ours_label, entry(ours_error, ours_seconds)}, {baseline_label, entry(baseline_error, ours_seconds)}}}});
    }
    const auto summary_json = [](const surrogate::ErrorSummary& s) {
        return json{{"median", s.median}, {"p95", s.p95}, {"max", s.max}, {"count", s.count}};
    };
    Calibration c;
    c.surrogate = "sneak";
    c.model = model_name;
    for (std::size_t k = 0; k < surrogate::SneakParameters::count; ++k) {
        c.parameters.emplace_back(surrogate::SneakParameters::names()[k], report.parameters(static_cast<Eigen::Index>(k)));
    }
    const auto [smallest, largest] = std::minmax_element(spec.sizes.begin(), spec.sizes.end());
    c.range.intervals["size"] = {static_cast<double>(*smallest), static_cast<double>(*largest)};
    c.range.intervals["r_wire"] = spec.r_wire;
    c.range.intervals["g_on"] = spec.g_on;
    c.range.intervals["on_off_ratio"] = spec.on_off_ratio;
    c.range.choices["scheme"] = spec.schemes;
    c.range.choices["cell"] = {spec.cell};
    if (spec.cell == "1S1R") {
        const auto [lo, hi] = std::minmax_element(spec.selector_ratios.begin(), spec.selector_ratios.end());
        c.range.intervals["selector_ratio"] = {*lo, *hi};
    }
    c.source = "solver";
    c.inputs = spec.to_json();
    c.error_measure = "relative read-margin error |m - m_ref| / |m_ref| on held-out reads";
    c.held_out = surrogate::summarize_errors(ours_errors);
    c.details = {{"fit",
                  {{"method", "Levenberg-Marquardt (Eigen NonLinearOptimization, forward-difference Jacobian)"},
                   {"status", report.status_text},
                   {"evaluations", report.evaluations},
                   {"residual_rms", report.residual_rms},
                   {"training_cases", training.size()}}},
                 {"pooled",
                  {{ours_label, summary_json(surrogate::summarize_errors(ours_errors))},
                   {baseline_label, summary_json(surrogate::summarize_errors(baseline_errors))}}},
                 {"cases", cases}};
    return c;
}

surrogate::SneakParameters sneak_parameters_from(const Calibration& calibration, const std::string& source_name) {
    calibration.require("sneak", model_name, source_name);
    return {calibration.parameter_values(surrogate::SneakParameters::names(), source_name)};
}

OperatingPoint sneak_operating_point(const surrogate::SneakCase& c) {
    OperatingPoint point;
    point.values = {{"size", static_cast<double>(c.size)},
                    {"r_wire", c.r_wire},
                    {"g_on", c.g_on},
                    {"on_off_ratio", c.g_on / c.g_off}};
    if (c.selector_ratio != 0.0) point.values.emplace_back("selector_ratio", c.selector_ratio);
    point.choices = {{"scheme", c.scheme}, {"cell", c.selector_ratio == 0.0 ? "1R" : "1S1R"}};
    return point;
}

}  // namespace memcosim::calibrate
