// memcosim surrogate irdrop --cal cal.json <crossbar options> -o out.csv:
// column currents from a calibrated surrogate. Outside the calibrated range
// it warns on stderr, and with --strict refuses (exit 1, no output file).
// `--cell 1T1R --transistor CARD [--v-gate V]` reads 1T1R arrays with a
// 1T1R calibration (calibrate/irdrop_1t1r_calibration.hpp), which must be
// for that card and gate; a calibration for other cells is refused.
#include "calibrate/calibration_file.hpp"
#include "calibrate/delay_calibration.hpp"
#include "calibrate/irdrop_1t1r_calibration.hpp"
#include "calibrate/irdrop_calibration.hpp"
#include "calibrate/sneak_calibration.hpp"
#include "core/csv.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "crossbar_options.hpp"
#include "results.hpp"

#include <chrono>
#include <fmt/format.h>
#include <memory>
#include <optional>

namespace memcosim::cli {
namespace {

struct SurrogateFlags {
    CrossbarOptions crossbar;
    std::string calibration, output;
    bool strict = false;
    // irdrop: the cell type; 1T1R names its access transistor and gate,
    // which must be those the calibration was made for.
    std::string cell = "1R", transistor;
    std::optional<double> v_gate;
};

// Warns (or, strict, refuses) for every value outside the calibrated range.
void check_range(const calibrate::Calibration& calibration, const calibrate::OperatingPoint& point,
                 const SurrogateFlags& flags) {
    const std::vector<std::string> problems = calibrate::out_of_range(calibration, point);
    if (problems.empty()) return;
    if (flags.strict) {
        throw InputError(fmt::format("surrogate: {} (--strict refuses use outside the calibrated range of {})",
                                     fmt::join(problems, "; "), flags.calibration));
    }
    for (const std::string& problem : problems) {
        fmt::print(stderr, "memcosim: warning: surrogate: {} of {}\n", problem, flags.calibration);
    }
}

// 1T1R: the transistor folded into every cell, then the wires
// (calibrate/irdrop_1t1r_calibration.hpp).
void run_irdrop_1t1r(const SurrogateFlags& flags, const calibrate::Calibration& calibration) {
    if (flags.transistor.empty()) {
        throw InputError("surrogate irdrop: --cell 1T1R needs --transistor level1|bsim4|FILE: the access transistor "
                         "card (it must be the calibrated one)");
    }
    const calibrate::OneTransistorIrDrop calibrated = calibrate::irdrop_1t1r_model_from(calibration, flags.calibration);
    const experiments::TransistorCard card = experiments::load_transistor_card(flags.transistor);
    calibrate::require_same_transistor(calibrated, card, flags.v_gate.value_or(card.nominal_gate), flags.calibration);
    if (!flags.crossbar.model.empty()) throw InputError("surrogate irdrop: --model cells are not supported");
    const CrossbarArray array = flags.crossbar.build();
    check_range(calibration, calibrate::irdrop_1t1r_operating_point(array, calibrated.model), flags);
    const auto start = std::chrono::steady_clock::now();
    const Eigen::VectorXd currents = calibrated.model.column_currents(array);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_column_currents(currents, flags.output);
    fmt::print(stderr,
               "surrogate irdrop: {}x{} 1T1R ({} at {} V) in {:.3g} s; calibrated held-out error median {:.2e}, "
               "p95 {:.2e} ({})\n",
               array.rows(), array.cols(), card.label, calibrated.v_gate, seconds, calibration.held_out.median,
               calibration.held_out.p95, calibration.source);
}

void run_irdrop(const SurrogateFlags& flags) {
    const calibrate::Calibration calibration = calibrate::read_calibration(flags.calibration, "irdrop");
    const std::string cell = experiments::to_string(experiments::parse_cell_type(flags.cell));
    if (cell != "1R" && cell != "1T1R") {
        throw InputError(fmt::format("surrogate irdrop: --cell {}: the IR-drop surrogate covers 1R and 1T1R", cell));
    }
    calibrate::require_cell(calibration, cell, flags.calibration);
    if (cell == "1T1R") return run_irdrop_1t1r(flags, calibration);
    if (!flags.transistor.empty() || flags.v_gate) {
        throw InputError("surrogate irdrop: --transistor and --v-gate apply to --cell 1T1R only");
    }
    const surrogate::AttenuationModel model = calibrate::irdrop_model_from(calibration, flags.calibration);
    if (!flags.crossbar.model.empty()) throw InputError("surrogate irdrop: --model cells are not supported (1R only)");
    const CrossbarArray array = flags.crossbar.build();
    check_range(calibration, calibrate::irdrop_operating_point(array), flags);
    const auto start = std::chrono::steady_clock::now();
    const Eigen::VectorXd currents = model.column_currents(array);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_column_currents(currents, flags.output);
    fmt::print(stderr, "surrogate irdrop: {}x{} in {:.3g} s; calibrated held-out error median {:.2e}, p95 {:.2e} ({})\n",
               array.rows(), array.cols(), seconds, calibration.held_out.median, calibration.held_out.p95,
               calibration.source);
}

struct SneakSurrogateFlags {
    std::string calibration, output, scheme = "v2", cell = "1R";
    std::vector<long> sizes{8, 16, 32, 64};
    double g_on = 0.0, g_off = 0.0, v_read = 0.2, r_wire = 0.0, selector_ratio = 0.0;
    bool strict = false;
};

void run_sneak(const SneakSurrogateFlags& flags) {
    const calibrate::Calibration calibration = calibrate::read_calibration(flags.calibration, "sneak");
    const surrogate::SneakParameters parameters = calibrate::sneak_parameters_from(calibration, flags.calibration);
    if (flags.cell == "1S1R" && flags.selector_ratio == 0.0) {
        throw InputError("surrogate sneak: --cell 1S1R needs --selector-ratio K (> 2)");
    }
    if (flags.cell == "1R" && flags.selector_ratio != 0.0) throw InputError("surrogate sneak: --selector-ratio is for 1S1R");
    std::string text = "size,on_current,off_current,read_margin,sneak_current\n";
    SurrogateFlags range_flags;
    range_flags.calibration = flags.calibration;
    range_flags.strict = flags.strict;
    for (long n : flags.sizes) {
        const surrogate::SneakCase c{n, flags.scheme, flags.g_on, flags.g_off, flags.v_read, flags.r_wire,
                                     flags.selector_ratio};
        check_range(calibration, calibrate::sneak_operating_point(c), range_flags);
        const surrogate::SneakPrediction p = surrogate::predict_sneak(c, parameters);
        text += fmt::format("{},{},{},{},{}\n", n, csv::format_number(p.on_current), csv::format_number(p.off_current),
                            csv::format_number(p.read_margin), csv::format_number(p.sneak_current));
    }
    write_output(text, flags.output);
    fmt::print(stderr, "surrogate sneak: calibrated held-out read-margin error median {:.2e}, p95 {:.2e} ({})\n",
               calibration.held_out.median, calibration.held_out.p95, calibration.source);
}

void add_sneak(CLI::App& surrogate) {
    auto flags = std::make_shared<SneakSurrogateFlags>();
    auto* sneak = surrogate.add_subcommand("sneak", "read margin and sneak current vs array size, from cal.json");
    sneak->add_option("--cal", flags->calibration, "calibration JSON from `memcosim calibrate sneak`")
        ->required()
        ->check(CLI::ExistingFile);
    sneak->add_flag("--strict", flags->strict, "refuse reads outside the calibrated range (default: warn)");
    sneak->add_option("--sizes", flags->sizes, "array sizes N")->delimiter(',')->capture_default_str();
    sneak->add_option("--scheme", flags->scheme, "v2, v3 or float")->capture_default_str();
    sneak->add_option("--cell", flags->cell, "1R or 1S1R")->capture_default_str();
    sneak->add_option("--selector-ratio", flags->selector_ratio, "1S1R: I(V)/I(V/2), > 2");
    sneak->add_option("--g-on", flags->g_on, "ON conductance, siemens")->required();
    sneak->add_option("--g-off", flags->g_off, "OFF conductance, siemens")->required();
    sneak->add_option("--v-read", flags->v_read, "read voltage, volts")->capture_default_str();
    sneak->add_option("--r-wire", flags->r_wire, "wire resistance per segment, ohm")->capture_default_str();
    sneak->add_option("-o,--output", flags->output, "CSV (stdout if omitted)");
    sneak->callback([flags] { run_sneak(*flags); });
}

struct DelaySurrogateFlags {
    std::string calibration, output;
    std::vector<long> sizes{8, 16, 32};
    double r_wire = 0.0, c_wire = 0.0, g_mean = 0.0;
    bool strict = false;
};

void run_delay(const DelaySurrogateFlags& flags) {
    const calibrate::Calibration calibration = calibrate::read_calibration(flags.calibration, "delay");
    const surrogate::DelayParameters parameters = calibrate::delay_parameters_from(calibration, flags.calibration);
    SurrogateFlags range_flags;
    range_flags.calibration = flags.calibration;
    range_flags.strict = flags.strict;
    std::string text = "size,delay\n";
    for (long n : flags.sizes) {
        surrogate::DelayCase c;  // an N x N read, every row driven equally
        c.rows = c.cols = n;
        c.r_row = c.r_col = flags.r_wire;
        c.c_wire = flags.c_wire;
        c.g_mean = flags.g_mean;
        check_range(calibration, calibrate::delay_operating_point(c), range_flags);
        text += fmt::format("{},{}\n", n, csv::format_number(surrogate::predict_delay(c, parameters)));
    }
    write_output(text, flags.output);
    fmt::print(stderr, "surrogate delay: calibrated held-out delay error median {:.2e}, p95 {:.2e} ({})\n",
               calibration.held_out.median, calibration.held_out.p95, calibration.source);
}

void add_delay(CLI::App& surrogate) {
    auto flags = std::make_shared<DelaySurrogateFlags>();
    auto* delay = surrogate.add_subcommand("delay", "settling delay (1 %) of an N x N read vs size, from cal.json");
    delay->add_option("--cal", flags->calibration, "calibration JSON from `memcosim calibrate delay`")
        ->required()
        ->check(CLI::ExistingFile);
    delay->add_flag("--strict", flags->strict, "refuse arrays outside the calibrated range (default: warn)");
    delay->add_option("--sizes", flags->sizes, "array sizes N")->delimiter(',')->capture_default_str();
    delay->add_option("--r-wire", flags->r_wire, "wire resistance per segment, ohm")->required();
    delay->add_option("--c-wire", flags->c_wire, "wire capacitance per node, farad")->required();
    delay->add_option("--g-mean", flags->g_mean, "mean cell conductance, siemens")->required();
    delay->add_option("-o,--output", flags->output, "CSV size,delay (stdout if omitted)");
    delay->callback([flags] { run_delay(*flags); });
}

}  // namespace

void add_surrogate_command(CLI::App& app) {
    auto* surrogate = app.add_subcommand("surrogate", "evaluate a calibrated surrogate (see `memcosim calibrate`)");
    surrogate->require_subcommand(1);
    auto flags = std::make_shared<SurrogateFlags>();
    auto* irdrop = surrogate->add_subcommand("irdrop", "column currents of a crossbar read with wires, from cal.json");
    irdrop->add_option("--cal", flags->calibration, "calibration JSON from `memcosim calibrate irdrop`")
        ->required()
        ->check(CLI::ExistingFile);
    irdrop->add_flag("--strict", flags->strict, "refuse arrays outside the calibrated range (default: warn)");
    irdrop->add_option("-o,--output", flags->output, "CSV col,current (stdout if omitted)");
    irdrop->add_option("--cell", flags->cell,
                       "1R, or 1T1R (MVM read, every word line on; needs a 1T1R calibration)")
        ->capture_default_str();
    irdrop->add_option("--transistor", flags->transistor,
                       "1T1R: the access transistor card, level1, bsim4 or FILE[:w=M,l=M] (the calibrated one)");
    irdrop->add_option("--v-gate", flags->v_gate, "1T1R: word-line voltage, volts (default: the card's nominal)");
    flags->crossbar.add_to(*irdrop);
    irdrop->callback([flags] { run_irdrop(*flags); });
    add_sneak(*surrogate);
    add_delay(*surrogate);
}

}  // namespace memcosim::cli
