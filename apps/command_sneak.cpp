// memcosim sneak: read margin of one cell against sneak paths as the array
// grows (solver/sneak_analysis.hpp): for each size N, an N x N array of ON
// cells whose corner cell is read ON and OFF under a bias scheme.
//   size,on_current,off_current,read_margin,sneak_current,disturb_voltage
// read_margin = (I_on - I_off) / I_on of the sensed column current; the
// sneak current is that of the OFF read; disturb_voltage is the largest
// |voltage| on any other cell.
// --cell 1T1R runs the composite-cell single-cell access of both engines'
// machinery (experiments/cell_sneak.hpp): the access transistor fitted to
// the ngspice card, the selected word line at --v-gate, the others at
// --v-gate-off, so the unselected rows' cells are off.
#include "commands.hpp"
#include "experiments/cell_sneak.hpp"
#include "experiments/transistor_fit.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "models/evaluator.hpp"
#include "models/model_registry.hpp"
#include "plot.hpp"
#include "results.hpp"
#include "solver/sneak_analysis.hpp"

#include <chrono>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <vector>

namespace memcosim::cli {
namespace {

struct SneakOptions {
    std::string cell = "1R", scheme = "v2", output, plot;
    std::vector<long> sizes{8, 16, 32, 64, 128, 256, 512};
    double g_on = 0.0, g_off = 0.0, v_read = 0.0, r_wire = 0.0;
    std::optional<double> selector_ratio;
    std::string selector;  // a va_models selector NAME|FILE.va[:K=V,...]
    std::string transistor = "level1";  // 1T1R
    std::optional<double> v_gate;
    double v_gate_off = 0.0;
    CLI::Option* transistor_flag = nullptr;
    CLI::Option* gate_flags[2] = {nullptr, nullptr};
    [[nodiscard]] bool transistor_cell() const { return cell == "1T1R" || cell == "2T2R"; }
};

// The Verilog-A selector in series with each (linear) memory cell.
solver::CellCurve va_selector_cell(const std::string& spec) {
    const auto colon = spec.find(':');
    const models::ModelRegistry registry;
    auto selection = registry.select(spec.substr(0, colon));
    auto overrides = selection.parameters;
    if (colon != std::string::npos) {
        for (const auto& field : csv::split_fields(spec.substr(colon + 1))) {
            const auto parsed = models::parse_override(field);
            overrides[models::match_parameter(selection.model, parsed.name)] = parsed.value;
        }
    }
    if (selection.model.state_count() != 0) {
        throw InputError(fmt::format("sneak: selector '{}' has state(s); a selector must be stateless",
                                     selection.model.name()));
    }
    auto evaluator = std::make_shared<models::Evaluator>(selection.model,
                                                         models::resolve_parameters(selection.model, overrides));
    return solver::series_selector_cell(fmt::format("1S1R {}", selection.model.name()),
                                        [evaluator](double v, double& current, double& slope) {
                                            const auto e = evaluator->evaluate(v, {});
                                            current = e.current;
                                            slope = e.dcurrent_dv;
                                        });
}

solver::SneakSettings settings_from(const SneakOptions& o) {
    const bool gate_flags = o.transistor_flag->count() + o.gate_flags[0]->count() + o.gate_flags[1]->count() > 0;
    if (!o.transistor_cell() && gate_flags) {
        throw InputError("sneak: --transistor, --v-gate and --v-gate-off apply to --cell 1T1R only");
    }
    solver::SneakSettings s;
    s.scheme = solver::parse_bias_scheme(o.scheme);
    s.g_on = o.g_on;
    s.g_off = o.g_off;
    s.v_read = o.v_read;
    s.r_wire = o.r_wire;
    if (o.cell == "1R" && (o.selector_ratio || !o.selector.empty())) {
        throw InputError("sneak: --selector-ratio and --selector apply to --cell 1S1R only");
    }
    if (o.cell == "1S1R") {
        if (o.selector_ratio && !o.selector.empty()) throw InputError("sneak: give --selector-ratio or --selector, not both");
        if (!o.selector.empty()) {
            s.cell = va_selector_cell(o.selector);
            return s;
        }
        if (!o.selector_ratio) {
            throw InputError(
                "sneak: --cell 1S1R needs --selector-ratio K (I(V)/I(V/2), > 2) or --selector MODEL (va_models)");
        }
        s.cell = solver::sinh_selector_cell(solver::sinh_v0_for_ratio(o.v_read, *o.selector_ratio), o.v_read);
    }
    return s;
}

// 1T1R: the same bias through the composite-cell access (the fast path,
// the transistor fitted to its ngspice card).
struct TransistorSneak {
    experiments::CellSneakSettings settings;
    std::optional<solver::CompactTransistor> model;
};

std::optional<TransistorSneak> transistor_sneak(const SneakOptions& o, const solver::SneakSettings& s) {
    if (!o.transistor_cell()) return std::nullopt;
    if (o.selector_ratio || !o.selector.empty()) throw InputError("sneak: --selector-ratio and --selector are for 1S1R");
    TransistorSneak t;
    auto& c = t.settings;
    c.cell.type = experiments::parse_cell_type(o.cell);
    c.cell.transistor = experiments::load_transistor_card(o.transistor);
    c.cell.gate_voltage = o.v_gate.value_or(c.cell.transistor->nominal_gate);
    c.gate_off = o.v_gate_off;
    c.scheme = s.scheme;
    c.g_on = s.g_on;
    c.g_off = s.g_off;
    c.v_read = s.v_read;
    c.r_wire = s.r_wire;
    // The fit covers the voltages of any size: the levels do not depend on N.
    const auto sample = experiments::sneak_crossbar(2, c, c.g_on);
    spice::Engine engine;
    t.model = experiments::fit_for_crossbar(sample, engine).model;
    return t;
}

std::vector<solver::SneakPoint> sweep(const SneakOptions& o, const solver::SneakSettings& s,
                                      const std::optional<TransistorSneak>& transistor = std::nullopt) {
    std::vector<solver::SneakPoint> points;
    for (long n : o.sizes) {
        const auto start = std::chrono::steady_clock::now();
        points.push_back(transistor ? experiments::analyse_cell_read(n, transistor->settings, transistor->model)
                                    : solver::analyse_read(n, s));
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        fmt::print(stderr, "sneak: {0}x{0} {1} {2}: read margin {3:.4g} ({4:.2f} s)\n", n, o.scheme, o.cell,
                   points.back().read_margin, took.count());
    }
    return points;
}

std::string table(const std::vector<solver::SneakPoint>& points) {
    std::string text = "size,on_current,off_current,read_margin,sneak_current,disturb_voltage\n";
    for (const auto& p : points) {
        text += fmt::format("{},{},{},{},{},{}\n", p.size, csv::format_number(p.on_current),
                            csv::format_number(p.off_current), csv::format_number(p.read_margin),
                            csv::format_number(p.sneak_current), csv::format_number(p.disturb_voltage));
    }
    return text;
}

Series margin_series(const std::string& name, const std::vector<solver::SneakPoint>& points) {
    Series series{name, {}, {}};
    for (const auto& p : points) {
        series.x.push_back(double(p.size));
        series.y.push_back(p.read_margin);
    }
    return series;
}

// Margin vs size; a 1S1R run also shows the 1R cells of the same
// conductances, so the plot shows what the selector buys.
void plot_margins(const SneakOptions& o, const solver::SneakSettings& s,
                  const std::vector<solver::SneakPoint>& points) {
    const std::string name = o.cell == "1S1R" ? s.cell.name : o.transistor_cell() ? "1T1R " + o.transistor : "1R";
    std::vector<Series> series{margin_series(name, points)};
    if (o.cell != "1R") {
        auto linear = s;
        linear.cell = solver::linear_cell();
        std::vector<solver::SneakPoint> reference;
        for (long n : o.sizes) reference.push_back(solver::analyse_read(n, linear));
        series.push_back(margin_series("1R", reference));
    }
    const std::string title = fmt::format("read margin, {} scheme, G_on {} S, G_off {} S, V_read {} V, wire {} ohm",
                                          o.scheme, o.g_on, o.g_off, o.v_read, o.r_wire);
    plot_lines(series, {title, "array size N (N x N)", "read margin (I_on - I_off) / I_on", true, true}, o.plot);
}

void run_sneak(const SneakOptions& o) {
    const solver::SneakSettings settings = settings_from(o);
    const auto points = sweep(o, settings, transistor_sneak(o, settings));
    write_output(table(points), o.output);
    if (!o.plot.empty()) plot_margins(o, settings, points);
}

}  // namespace

void add_sneak_command(CLI::App& app) {
    auto o = std::make_shared<SneakOptions>();
    auto* sneak = app.add_subcommand(
        "sneak", "read margin against sneak paths vs array size under a bias scheme (worst case: all other cells ON)");
    sneak->add_option("--cell", o->cell,
                      "1R (linear), 1S1R (sinh selector-like cell) or 1T1R (NMOS access transistor; the selected "
                      "word line at --v-gate, the others at --v-gate-off)")
        ->capture_default_str()
        ->check(CLI::IsMember({"1R", "1S1R", "1T1R", "2T2R"}));
    sneak->add_option("--scheme", o->scheme, "v2 (others V/2), v3 (rows V/3, columns 2V/3) or float")
        ->capture_default_str()
        ->check(CLI::IsMember({"v2", "v3", "float"}));
    sneak->add_option("--sizes", o->sizes, "array sizes N, comma separated")
        ->delimiter(',')
        ->capture_default_str()
        ->check(CLI::Range(1L, 4096L));
    sneak->add_option("--g-on", o->g_on, "ON conductance, siemens (every unselected cell)")->required();
    sneak->add_option("--g-off", o->g_off, "OFF conductance, siemens")->required();
    sneak->add_option("--v-read", o->v_read, "read voltage on the selected row, volts")->required();
    sneak->add_option("--r-wire", o->r_wire, "wire resistance per segment, ohm (0: ideal wires)")
        ->capture_default_str();
    sneak->add_option("--selector-ratio", o->selector_ratio, "1S1R: the cell's I(V)/I(V/2), > 2");
    sneak->add_option("--selector", o->selector,
                      "1S1R: a stateless va_models selector NAME|FILE.va[:K=V,...] in series with each cell "
                      "(instead of --selector-ratio)");
    o->transistor_flag = sneak->add_option("--transistor", o->transistor,
                                           "1T1R: level1, bsim4 or FILE[:w=M,l=M] (an NMOS .model card)")
                             ->capture_default_str();
    o->gate_flags[0] = sneak->add_option("--v-gate", o->v_gate,
                                         "1T1R: selected word line's gate voltage, volts (default: the card's nominal)");
    o->gate_flags[1] = sneak->add_option("--v-gate-off", o->v_gate_off,
                                         "1T1R: the other word lines' gate voltage, volts")
                           ->capture_default_str();
    sneak->add_option("-o,--output", o->output, "CSV file to write (stdout if omitted)");
    sneak->add_option("--plot", o->plot, "PNG of read margin vs size (gnuplot)");
    sneak->callback([o] { run_sneak(*o); });
}

}  // namespace memcosim::cli
