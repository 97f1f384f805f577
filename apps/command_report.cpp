// memcosim report --cal cal.json [--plot err.png]: the held-out comparison a
// calibration recorded, as a table: each surrogate and baseline against the
// reference (SPICE or the exact solver), relative column-current error
// (median, p95, max) and time per array, pooled and per array size; --plot
// draws the median error against the array size for every model.
#include "calibrate/calibration_file.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>

namespace memcosim::cli {
namespace {

using nlohmann::json;

struct ReportFlags {
    std::string calibration, output, plot;
};

double median_of(std::vector<double> values) {
    if (values.empty()) return NAN;
    std::sort(values.begin(), values.end());
    return values[(values.size() - 1) / 2];
}

const json& cases_of(const calibrate::Calibration& c, const std::string& path) {
    if (!c.details.contains("cases") || !c.details.at("cases").is_array() || c.details.at("cases").empty()) {
        throw InputError(fmt::format("{}: no held-out cases recorded (details.cases): nothing to report", path));
    }
    return c.details.at("cases");
}

// 1T1R calibrations: the cell, the access transistor (card, gate, the fold's
// on-state) and how the exact solver agreed with ngspice on the cases that
// went to ngspice; nothing for the others.
std::string cell_lines(const calibrate::Calibration& c) {
    if (!c.details.contains("transistor")) return {};
    const json& t = c.details.at("transistor");
    const json& card = t.at("card");
    std::string text = fmt::format(
        "Cells 1T1R (MVM read, every word line at {} V): transistor {} (model {} {}, W {} m, L {} m); fold: R_on {:.4g} "
        "ohm, knee {:.4g} V; compact model fit RMS {:.2e}\n",
        t.at("v_gate").get<double>(), card.at("label").get<std::string>(), card.at("model").get<std::string>(),
        card.at("type").get<std::string>(), card.at("width").get<double>(), card.at("length").get<double>(),
        t.at("on_state").at("on_resistance").get<double>(), t.at("on_state").at("knee_voltage").get<double>(),
        t.at("compact_fit_rms_relative_error").get<double>());
    if (c.details.contains("solver_vs_spice")) {
        const json& k = c.details.at("solver_vs_spice");
        text += fmt::format("Exact 1T1R solver vs ngspice on the held-out cases ngspice ran: median {:.2e}, p95 {:.2e}, "
                            "max {:.2e} ({} columns)\n",
                            k.at("median").get<double>(), k.at("p95").get<double>(), k.at("max").get<double>(),
                            k.at("count").get<long>());
    }
    return text + "\n";
}

std::string report_text(const calibrate::Calibration& c, const json& cases) {
    std::string text = fmt::format("# {} surrogate '{}', source {}, held-out error: {}\n\n", c.surrogate, c.model,
                                   c.source, c.error_measure);
    text += cell_lines(c);
    std::vector<std::string> models;
    for (const auto& item : cases.at(0).at("models").items()) models.push_back(item.key());
    // Pooled over every held-out column, with the median time per array.
    text += "| model | median err | p95 err | max err | median time per case (s) | median speed-up vs reference |\n";
    text += "|---|---|---|---|---|---|\n";
    std::vector<double> solver_times;
    for (const json& k : cases) solver_times.push_back(k.at("solver_seconds").get<double>());
    // solver_seconds: the exact solver's time (irdrop, sneak) or the SPICE
    // transient's (delay, whose reference is SPICE).
    // A calibration may name its reference itself (details.reference_label,
    // e.g. sneak: SPICE, with what the time column measures).
    const std::string reference_label =
        c.details.contains("reference_label") && c.details.at("reference_label").is_string()
            ? c.details.at("reference_label").get<std::string>()
            : (c.surrogate == "delay" ? "SPICE transient" : "exact solver");
    text += fmt::format("| reference: {} | - | - | - | {:.3e} | 1 |\n", reference_label, median_of(solver_times));
    for (const std::string& m : models) {
        const json& pooled = c.details.at("pooled").at(m);
        std::vector<double> times, speedups;
        for (const json& k : cases) {
            const double s = k.at("models").at(m).at("seconds").get<double>();
            times.push_back(s);
            speedups.push_back(k.at("solver_seconds").get<double>() / s);
        }
        text += fmt::format("| {} | {:.2e} | {:.2e} | {:.2e} | {:.3e} | {:.0f} |\n", m, pooled.at("median").get<double>(),
                            pooled.at("p95").get<double>(), pooled.at("max").get<double>(), median_of(times),
                            median_of(speedups));
    }
    // Per array: size, wires, coupling, reference, then ours and the baselines.
    text += fmt::format("\n| rows x cols | r_row | r_col | {} | reference | reference s |",
                        c.surrogate == "delay" ? "Elmore tau (row, col) s" : "coupling r g N^2 (row, col)");
    for (const std::string& m : models) text += fmt::format(" {} median / max | time s |", m);
    text += "\n|---|---|---|---|---|---|";
    for (std::size_t k = 0; k < models.size(); ++k) text += "---|---|";
    text += "\n";
    for (const json& k : cases) {
        text += fmt::format("| {}x{} | {:.3g} | {:.3g} | {:.3g}, {:.3g} | {} | {:.3e} |", k.at("rows").get<long>(),
                            k.at("cols").get<long>(), k.at("r_row").get<double>(), k.at("r_col").get<double>(),
                            k.at("coupling_row").get<double>(), k.at("coupling_column").get<double>(),
                            k.at("reference").get<std::string>(), k.at("solver_seconds").get<double>());
        for (const std::string& m : models) {
            const json& e = k.at("models").at(m);
            text += fmt::format(" {:.2e} / {:.2e} | {:.2e} |", e.at("median").get<double>(), e.at("max").get<double>(),
                                e.at("seconds").get<double>());
        }
        text += "\n";
    }
    return text;
}

// Median error vs size (rows of the square arrays, else sqrt(rows * cols)).
void plot_errors(const calibrate::Calibration& c, const json& cases, const std::string& path) {
    std::map<std::string, std::map<double, std::vector<double>>> by_model;
    for (const json& k : cases) {
        const double size = std::sqrt(k.at("rows").get<double>() * k.at("cols").get<double>());
        for (const auto& item : k.at("models").items()) {
            by_model[item.key()][size].push_back(std::max(item.value().at("median").get<double>(), 1e-16));
        }
    }
    std::vector<Series> series;
    for (const auto& [model, points] : by_model) {
        Series s{model, {}, {}};
        for (const auto& [size, errors] : points) {
            s.x.push_back(size);
            s.y.push_back(median_of(errors));
        }
        series.push_back(std::move(s));
    }
    plot_lines(series,
               {fmt::format("{} surrogates vs {}: held-out median relative error", c.surrogate, c.source),
                "array size sqrt(rows x cols)", "median relative column-current error", true, true},
               path);
}

void run_report(const ReportFlags& flags) {
    const calibrate::Calibration c = calibrate::read_calibration(flags.calibration);
    const json& cases = cases_of(c, flags.calibration);
    try {
        write_output(report_text(c, cases), flags.output);
        if (!flags.plot.empty()) plot_errors(c, cases, flags.plot);
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: malformed held-out details: {}", flags.calibration, error.what()));
    }
}

}  // namespace

void add_report_command(CLI::App& app) {
    auto flags = std::make_shared<ReportFlags>();
    auto* report = app.add_subcommand("report", "table of a calibration's surrogate and baselines vs the reference");
    report->add_option("--cal", flags->calibration, "calibration JSON")->required()->check(CLI::ExistingFile);
    report->add_option("-o,--output", flags->output, "markdown table file (stdout if omitted)");
    report->add_option("--plot", flags->plot, "PNG of the median error vs array size (gnuplot)");
    report->callback([flags] { run_report(*flags); });
}

}  // namespace memcosim::cli
