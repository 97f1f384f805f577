#include "calibrate/sneak_calibration.hpp"

#include "calibrate/least_squares_fit.hpp"
#include "core/error.hpp"
#include "calibrate/sneak_netlist.hpp"
#include "solver/sneak_analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <thread>

namespace memcosim::calibrate {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* model_name = "lossy-line read margin (4 coefficients)";
constexpr const char* ours_label = "ours: lossy-line sneak model (calibrated)";
constexpr const char* baseline_label = "ideal-wire closed form";
constexpr double prior_weight = 1e-4;  // per coefficient, against relative margin errors

// One read with its reference (SPICE or the exact solver) and, always, the
// exact solver's answer (its time is the report's reference time, and on
// SPICE cases its margin checks the engines against each other).
struct SneakSample {
    surrogate::SneakCase c;
    solver::SneakPoint reference;  // on, off, margin, sneak current from `engine`
    std::string engine;            // spice | solver
    double reference_seconds = 0.0;
    solver::SneakPoint exact;      // the exact solver
    double solver_seconds = 0.0;
};

bool goes_to_spice(const SneakCalibrationSpec& spec, const surrogate::SneakCase& c) {
    return spec.source == "spice" && c.size <= spec.spice_max_size;
}

// The SPICE replies, in case order (empty JSON where the case is not SPICE's).
std::vector<json> spice_replies(const SneakCalibrationSpec& spec, const std::vector<surrogate::SneakCase>& cases,
                                const std::string& label, const Log& log) {
    std::vector<json> requests;
    std::vector<std::size_t> index;
    for (std::size_t k = 0; k < cases.size(); ++k) {
        if (!goes_to_spice(spec, cases[k])) continue;
        requests.push_back({{"kind", "sneak"}, {"case", sneak_case_to_json(cases[k])}});
        index.push_back(k);
    }
    std::vector<json> replies(cases.size());
    if (requests.empty()) return replies;
    log(fmt::format("calibrate sneak: {} {} reads in ngspice ({} worker processes)", requests.size(), label,
                    spec.workers > 0 ? spec.workers : static_cast<int>(std::thread::hardware_concurrency())));
    const auto got = run_in_workers(spec.worker, requests, spec.workers,
                                    [&](std::size_t done, std::size_t total, const json& reply) {
                                        if (done % 10 == 0 || done == total || !reply.value("ok", false)) {
                                            log(fmt::format("  spice {} {}/{}{}", label, done, total,
                                                            reply.value("ok", false)
                                                                ? ""
                                                                : ": failed: " + reply.value("error", std::string())));
                                        }
                                    });
    for (std::size_t k = 0; k < got.size(); ++k) replies[index[k]] = got[k];
    return replies;
}

// The reads a set kept, and those it dropped (ngspice or the solver failed).
struct SampleSet {
    std::vector<SneakSample> kept;
    json dropped = json::array();  // {"set", "case", "reason"} each
};

SampleSet reference_samples(const SneakCalibrationSpec& spec, const std::vector<surrogate::SneakCase>& cases,
                            const std::string& label, const Log& log) {
    const std::vector<json> replies = spice_replies(spec, cases, label, log);
    SampleSet set;
    const auto drop = [&](std::size_t k, const std::string& engine, const std::string& reason) {
        log(fmt::format("  sneak {} case {} ({}x{} {}{}): {} failed, dropped: {}", label, k + 1, cases[k].size,
                        cases[k].size, cases[k].scheme,
                        cases[k].selector_ratio != 0.0 ? fmt::format(", K = {}", cases[k].selector_ratio) : "",
                        engine, reason));
        set.dropped.push_back({{"set", label}, {"case", sneak_case_to_json(cases[k])}, {"engine", engine},
                               {"reason", reason}});
    };
    for (std::size_t k = 0; k < cases.size(); ++k) {
        SneakSample s;
        s.c = cases[k];
        const auto start = Clock::now();
        try {
            s.exact = solver::analyse_read(cases[k].size, sneak_settings(cases[k]));
        } catch (const EngineError& error) {
            drop(k, "the solver", error.what());
            continue;
        }
        s.solver_seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (goes_to_spice(spec, cases[k])) {
            const json& r = replies[k];
            if (!r.value("ok", false)) {
                drop(k, "ngspice", r.value("error", std::string("no reply")));
                continue;
            }
            s.engine = "spice";
            s.reference.size = cases[k].size;
            s.reference.on_current = r.at("on_current").get<double>();
            s.reference.off_current = r.at("off_current").get<double>();
            s.reference.read_margin = r.at("read_margin").get<double>();
            s.reference.sneak_current = r.at("sneak_current").get<double>();
            s.reference_seconds = r.at("seconds").get<double>();
        } else {
            s.engine = "solver";
            s.reference = s.exact;
            s.reference_seconds = s.solver_seconds;
        }
        set.kept.push_back(s);
        if (s.engine == "solver" && ((k + 1) % 10 == 0 || k + 1 == cases.size())) {
            log(fmt::format("  solver {} {}/{}", label, k + 1, cases.size()));
        }
    }
    if (set.kept.empty()) throw EngineError(fmt::format("calibrate sneak: no {} case could be computed: no data", label));
    return set;
}

// The range of the reads actually fitted and scored: intervals from their
// extremes, choices from the values present. A requested size, scheme or
// selector ratio left without any read (every one dropped, or none drawn)
// is an error: the file must not claim data it does not have.
CalibrationRange covered_range(const SneakCalibrationSpec& spec, const std::vector<SneakSample>& training,
                               const std::vector<SneakSample>& held_out, std::size_t dropped) {
    std::vector<const SneakSample*> all;
    for (const auto* set : {&training, &held_out}) {
        for (const SneakSample& s : *set) all.push_back(&s);
    }
    const auto extent = [&](auto value) {
        Interval range{value(*all.front()), value(*all.front())};
        for (const SneakSample* s : all) {
            range.lo = std::min(range.lo, value(*s));
            range.hi = std::max(range.hi, value(*s));
        }
        return range;
    };
    std::vector<std::string> missing;
    const auto require = [&](const std::string& what, auto has) {
        if (std::none_of(all.begin(), all.end(), [&](const SneakSample* s) { return has(*s); })) missing.push_back(what);
    };
    for (long n : spec.sizes) require(fmt::format("size {}", n), [n](const SneakSample& s) { return s.c.size == n; });
    for (const std::string& scheme : spec.schemes) {
        require(fmt::format("scheme {}", scheme), [&scheme](const SneakSample& s) { return s.c.scheme == scheme; });
    }
    if (spec.cell == "1S1R") {
        for (double k : spec.selector_ratios) {
            require(fmt::format("selector ratio {}", k), [k](const SneakSample& s) { return s.c.selector_ratio == k; });
        }
    }
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
        throw EngineError(fmt::format(
            "calibrate sneak: no fitted or scored read at {} ({} reads dropped, {} kept): the calibration would claim "
            "a range it has no data for; draw more reads (--train, --held-out) or leave that value out",
            list, dropped, all.size()));
    }
    CalibrationRange range;
    range.intervals["size"] = extent([](const SneakSample& s) { return static_cast<double>(s.c.size); });
    range.intervals["r_wire"] = extent([](const SneakSample& s) { return s.c.r_wire; });
    range.intervals["g_on"] = extent([](const SneakSample& s) { return s.c.g_on; });
    range.intervals["on_off_ratio"] = extent([](const SneakSample& s) { return s.c.g_on / s.c.g_off; });
    for (const std::string& scheme : spec.schemes) range.choices["scheme"].push_back(scheme);  // all present (above)
    range.choices["cell"] = {spec.cell};
    if (spec.cell == "1S1R") range.intervals["selector_ratio"] = extent([](const SneakSample& s) { return s.c.selector_ratio; });
    return range;
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
    if (source != "spice" && source != "solver") {
        throw InputError(fmt::format("calibrate sneak: --source {}: expected spice or solver", source));
    }
    if (spice_max_size < 2) {
        throw InputError(fmt::format("calibrate sneak: --spice-max-size {} must be >= 2", spice_max_size));
    }
}

json SneakCalibrationSpec::to_json() const {
    return {{"sizes", sizes},         {"schemes", schemes},
            {"r_wire", {r_wire.lo, r_wire.hi}}, {"g_range", {g_on.lo, g_on.hi}},
            {"on_off", {on_off_ratio.lo, on_off_ratio.hi}}, {"cell", cell},
            {"selector_ratios", selector_ratios}, {"v_read", v_read},
            {"training_cases", training_cases}, {"held_out_cases", held_out_cases},
            {"seed", seed}, {"source", source}, {"spice_max_size", spice_max_size}};
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
        // Files written before SPICE was a source came from the solver alone.
        spec.source = j.value("source", std::string("solver"));
        spec.spice_max_size = j.value("spice_max_size", spec.spice_max_size);
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
    log(fmt::format("calibrate sneak: {} training and {} held-out reads ({})", spec.training_cases,
                    spec.held_out_cases,
                    spec.source == "spice" ? fmt::format("ngspice up to {0}x{0}, the exact solver beyond", spec.spice_max_size)
                                           : std::string("the exact solver")));
    const SampleSet training_set = reference_samples(spec, draw_sneak_cases(spec, false), "training", log);
    const SampleSet held_out_set = reference_samples(spec, draw_sneak_cases(spec, true), "held-out", log);
    const std::vector<SneakSample>& training = training_set.kept;
    const std::vector<SneakSample>& held_out = held_out_set.kept;
    json dropped = training_set.dropped;
    for (const json& d : held_out_set.dropped) dropped.push_back(d);
    // Before the fit: a requested value without data stops here.
    const CalibrationRange range = covered_range(spec, training, held_out, dropped.size());
    // Start from the plain physics (sneak_model.hpp), and hold each
    // coefficient there by a weak prior (one residual row each): a term the
    // training data does not exercise (the v3 background with only v2
    // reads) stays at its physics instead of drifting, and a handful of
    // reads still make a well-posed fit. Its weight is far below what any
    // exercised coefficient's residuals weigh.
    const std::vector<double> physics = surrogate::SneakParameters{}.values;
    const auto count = static_cast<Eigen::Index>(physics.size());
    const Eigen::VectorXd start = Eigen::Map<const Eigen::VectorXd>(physics.data(), count);
    const auto reads = static_cast<Eigen::Index>(training.size());
    const ResidualFunction residuals = [&](const Eigen::VectorXd& x, Eigen::VectorXd& f) {
        const surrogate::SneakParameters p{std::vector<double>(x.data(), x.data() + x.size())};
        for (std::size_t k = 0; k < training.size(); ++k) {
            const double reference = training[k].reference.read_margin;
            const double predicted = surrogate::predict_sneak(training[k].c, p).read_margin;
            f(static_cast<Eigen::Index>(k)) = (predicted - reference) / reference;
        }
        for (Eigen::Index k = 0; k < count; ++k) f(reads + k) = prior_weight * (x(k) - start(k));
    };
    log(fmt::format("calibrate sneak: Levenberg-Marquardt on {} training read margins", training.size()));
    const FitReport report = fit_levenberg_marquardt(residuals, start, reads + count);
    log(fmt::format("calibrate sneak: {} ({} evaluations, residual rms {:.3g})", report.status_text, report.evaluations,
                    report.residual_rms));
    const surrogate::SneakParameters fitted{
        std::vector<double>(report.parameters.data(), report.parameters.data() + report.parameters.size())};
    const surrogate::SneakParameters ideal_wire{};

    std::vector<double> ours_errors, baseline_errors;
    double engines_apart = 0.0;  // largest |m_spice - m_solver| / |m_solver| over SPICE cases
    json cases = json::array();
    for (const SneakSample& s : held_out) {
        auto ideal = s.c;
        ideal.r_wire = 0.0;
        const auto start_time = Clock::now();
        const surrogate::SneakPrediction ours = surrogate::predict_sneak(s.c, fitted);
        const double ours_seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
        const surrogate::SneakPrediction baseline = surrogate::predict_sneak(ideal, ideal_wire);
        const double reference = s.reference.read_margin;
        const double ours_error = std::abs(ours.read_margin - reference) / std::abs(reference);
        const double baseline_error = std::abs(baseline.read_margin - reference) / std::abs(reference);
        ours_errors.push_back(ours_error);
        baseline_errors.push_back(baseline_error);
        const double coupling = s.c.r_wire * s.c.g_on * static_cast<double>(s.c.size * s.c.size);
        const auto entry = [](double e, double seconds) {
            return json{{"median", e}, {"p95", e}, {"max", e}, {"count", 1}, {"seconds", seconds}};
        };
        json item{{"rows", s.c.size},
                  {"cols", s.c.size},
                  {"scheme", s.c.scheme},
                  {"r_row", s.c.r_wire},
                  {"r_col", s.c.r_wire},
                  {"g_on", s.c.g_on},
                  {"g_off", s.c.g_off},
                  {"selector_ratio", s.c.selector_ratio},
                  {"coupling_row", coupling},
                  {"coupling_column", coupling},
                  {"reference", s.engine},
                  {"reference_margin", reference},
                  {"predicted_margin", ours.read_margin},
                  {"reference_on_current", s.reference.on_current},
                  {"reference_off_current", s.reference.off_current},
                  {"reference_sneak_current", s.reference.sneak_current},
                  {"predicted_sneak_current", ours.sneak_current},
                  {"reference_seconds", s.reference_seconds},
                  {"solver_seconds", s.solver_seconds},
                  {"models", {{ours_label, entry(ours_error, ours_seconds)}, {baseline_label, entry(baseline_error, ours_seconds)}}}};
        if (s.engine == "spice") {
            const double apart = std::abs(reference - s.exact.read_margin) / std::abs(s.exact.read_margin);
            engines_apart = std::max(engines_apart, apart);
            item["solver_margin"] = s.exact.read_margin;
            item["spice_vs_solver"] = apart;
        }
        cases.push_back(item);
    }
    const auto summary_json = [](const surrogate::ErrorSummary& s) {
        return json{{"median", s.median}, {"p95", s.p95}, {"max", s.max}, {"count", s.count}};
    };
    Calibration c;
    c.surrogate = "sneak";
    c.model = model_name;
    for (std::size_t k = 0; k < surrogate::SneakParameters::count; ++k) {
        // The model uses each coefficient's magnitude (sneak_model.hpp): stored as such.
        c.parameters.emplace_back(surrogate::SneakParameters::names()[k],
                                  std::abs(report.parameters(static_cast<Eigen::Index>(k))));
    }
    c.range = range;
    if (!dropped.empty()) {
        log(fmt::format("calibrate sneak: {} reads dropped; the recorded range is that of the {} kept reads",
                        dropped.size(), training.size() + held_out.size()));
    }
    bool any_spice = false, any_solver = false;
    for (const auto* set : {&training, &held_out}) {
        for (const SneakSample& s : *set) (s.engine == "spice" ? any_spice : any_solver) = true;
    }
    c.source = any_spice && any_solver ? "spice+solver" : (any_spice ? "spice" : "solver");
    c.inputs = spec.to_json();
    c.error_measure = "relative read-margin error |m - m_ref| / |m_ref| on held-out reads";
    c.held_out = surrogate::summarize_errors(ours_errors);
    c.details = {{"fit",
                  {{"method", "Levenberg-Marquardt (Eigen NonLinearOptimization, forward-difference Jacobian)"},
                   {"status", report.status_text},
                   {"evaluations", report.evaluations},
                   {"residual_rms", report.residual_rms},
                   {"prior", fmt::format("each coefficient held to 1 with weight {}", prior_weight)},
                   {"training_cases", training.size()}}},
                 {"held_out_cases", held_out.size()},
                 {"dropped", dropped},
                 // `memcosim report` prints this; its time column is solver_seconds.
                 {"reference_label", any_spice ? (any_solver ? "SPICE (ngspice; exact solver beyond spice_max_size), "
                                                               "time: exact solver"
                                                             : "SPICE (ngspice), time: exact solver")
                                               : "exact solver"},
                 {"pooled",
                  {{ours_label, summary_json(surrogate::summarize_errors(ours_errors))},
                   {baseline_label, summary_json(surrogate::summarize_errors(baseline_errors))}}},
                 {"cases", cases}};
    if (any_spice) c.details["spice_vs_solver_max"] = engines_apart;
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

solver::SneakSettings sneak_settings(const surrogate::SneakCase& c) {
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

}  // namespace memcosim::calibrate
