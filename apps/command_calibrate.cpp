// memcosim calibrate irdrop|...: fit a surrogate to SPICE or exact-solver
// data and write its calibration JSON (lib/calibrate). Progress on stderr.
//
// Also registers the hidden `calibrate-worker`: one SPICE job per process,
// a JSON request on stdin and the JSON reply on stdout, which is how the
// calibrations run ngspice in parallel (one instance per process).
#include "calibrate/calibration_file.hpp"
#include "calibrate/delay_calibration.hpp"
#include "calibrate/irdrop_calibration.hpp"
#include "calibrate/sneak_calibration.hpp"
#include "calibrate/spice_jobs.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "crossbar_options.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <memory>

namespace memcosim::cli {
namespace {

void log_line(const std::string& line) { fmt::print(stderr, "{}\n", line); }

struct IrDropFlags {
    calibrate::IrDropCalibrationSpec spec;
    std::string r_wire = "0.1:5", g_range = "1e-8:1e-6", v_range = "0.05:0.2", output, reproduce;
};

// Same inputs and seeds must give the same parameters (to the file's
// printed precision, which round-trips doubles exactly).
void check_reproduced(const calibrate::Calibration& original, const calibrate::Calibration& result,
                      const std::string& path) {
    if (original.parameters.size() != result.parameters.size()) {
        throw EngineError(fmt::format("calibrate: {} does not reproduce: different parameter count", path));
    }
    for (std::size_t k = 0; k < result.parameters.size(); ++k) {
        const double before = original.parameters[k].second;
        const double after = result.parameters[k].second;
        if (std::abs(before - after) > 1e-12 * std::max(1.0, std::abs(before))) {
            throw EngineError(fmt::format("calibrate: {} does not reproduce: {} was {}, now {}", path,
                                          result.parameters[k].first, before, after));
        }
    }
    log_line(fmt::format("calibrate: reproduced {}: the same parameters", path));
}

calibrate::Interval interval(const std::string& text, const std::string& flag) {
    const auto [lo, hi] = parse_range(text, flag);
    return {lo, hi};
}

void run_calibrate_irdrop(IrDropFlags flags) {
    calibrate::IrDropCalibrationSpec spec = flags.spec;
    std::optional<calibrate::Calibration> original;
    if (!flags.reproduce.empty()) {
        original = calibrate::read_calibration(flags.reproduce, "irdrop");
        spec = calibrate::IrDropCalibrationSpec::from_json(original->inputs, flags.reproduce);
        spec.workers = flags.spec.workers;
    } else {
        spec.r_wire = interval(flags.r_wire, "--r-wire");
        spec.conductance = interval(flags.g_range, "--g-range");
        spec.inputs = interval(flags.v_range, "--v-range");
    }
    spec.worker = {calibrate::current_executable(), {"calibrate-worker"}};
    const calibrate::Calibration result = calibrate::calibrate_irdrop(spec, log_line);
    if (original) {
        check_reproduced(*original, result, flags.reproduce);
        // 1T1R: the fold's transistor on-state comes from the ngspice fit of the card.
        const auto on_state = [](const calibrate::Calibration& c) {
            return c.details.contains("transistor") ? c.details.at("transistor").value("on_state", nlohmann::json())
                                                    : nlohmann::json();
        };
        if (on_state(*original) != on_state(result)) {
            throw EngineError(fmt::format("calibrate: {} does not reproduce: transistor on-state was {}, now {}",
                                          flags.reproduce, on_state(*original).dump(), on_state(result).dump()));
        }
    }
    calibrate::write_calibration(result, flags.output);
    fmt::print(stderr, "calibrate irdrop: held-out relative column-current error: median {:.3e}, p95 {:.3e}, max {:.3e} "
                       "({} columns); wrote {}\n",
               result.held_out.median, result.held_out.p95, result.held_out.max, result.held_out.count, flags.output);
}

void add_irdrop(CLI::App& calibrate) {
    auto flags = std::make_shared<IrDropFlags>();
    auto* cmd = calibrate.add_subcommand("irdrop", "fit the IR-drop attenuation surrogate to SPICE / exact-solver data");
    cmd->add_option("--sizes", flags->spec.sizes, "array sizes (rows and columns drawn from these)")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--r-wire", flags->r_wire, "wire resistance range per segment LO:HI, ohm")->capture_default_str();
    cmd->add_option("--g-range", flags->g_range, "cell conductance range LO:HI, siemens")->capture_default_str();
    cmd->add_option("--cell", flags->spec.cell,
                    "cell type: 1R, or 1T1R (MVM read, every word line on at --v-gate: the access transistor is "
                    "folded into each cell)")
        ->capture_default_str();
    cmd->add_option("--transistor", flags->spec.transistor,
                    "1T1R (required): the access transistor's card, level1, bsim4 or FILE[:w=M,l=M]");
    cmd->add_option("--v-gate", flags->spec.v_gate, "1T1R: word-line voltage, volts (default: the card's nominal)");
    cmd->add_option("--v-range", flags->v_range, "row input voltage range LO:HI, volts")->capture_default_str();
    cmd->add_option("--source", flags->spec.source,
                    "spice: ngspice where rows and cols <= --spice-max-size, the exact solver beyond; solver: solver only")
        ->capture_default_str();
    cmd->add_option("--spice-max-size", flags->spec.spice_max_size, "largest array side sent to ngspice")
        ->capture_default_str();
    cmd->add_option("--train", flags->spec.training_cases, "training arrays")->capture_default_str();
    cmd->add_option("--held-out", flags->spec.held_out_cases, "held-out arrays (scored, never fitted)")
        ->capture_default_str();
    cmd->add_option("--seed", flags->spec.seed, "seed of every random array")->capture_default_str();
    cmd->add_option("--workers", flags->spec.workers, "parallel ngspice processes (0: one per core)")
        ->capture_default_str();
    cmd->add_option("--reproduce", flags->reproduce,
                    "run again from the inputs recorded in this calibration file and check the parameters match")
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", flags->output, "calibration JSON to write")->required();
    cmd->callback([flags] { run_calibrate_irdrop(*flags); });
}

struct SneakFlags {
    calibrate::SneakCalibrationSpec spec;
    std::string r_wire = "0.1:2", g_range = "1e-5:1e-4", on_off = "10:100", output, reproduce;
};

void run_calibrate_sneak(const SneakFlags& flags) {
    calibrate::SneakCalibrationSpec spec = flags.spec;
    std::optional<calibrate::Calibration> original;
    if (!flags.reproduce.empty()) {
        original = calibrate::read_calibration(flags.reproduce, "sneak");
        spec = calibrate::SneakCalibrationSpec::from_json(original->inputs, flags.reproduce);
        spec.workers = flags.spec.workers;
    } else {
        spec.r_wire = interval(flags.r_wire, "--r-wire");
        spec.g_on = interval(flags.g_range, "--g-range");
        spec.on_off_ratio = interval(flags.on_off, "--on-off");
    }
    spec.worker = {calibrate::current_executable(), {"calibrate-worker"}};
    const calibrate::Calibration result = calibrate::calibrate_sneak(spec, log_line);
    if (original) check_reproduced(*original, result, flags.reproduce);
    calibrate::write_calibration(result, flags.output);
    fmt::print(stderr, "calibrate sneak: held-out relative read-margin error: median {:.3e}, p95 {:.3e}, max {:.3e} "
                       "({} reads); wrote {}\n",
               result.held_out.median, result.held_out.p95, result.held_out.max, result.held_out.count, flags.output);
}

void add_sneak(CLI::App& calibrate) {
    auto flags = std::make_shared<SneakFlags>();
    auto* cmd = calibrate.add_subcommand("sneak", "fit the sneak-path read-margin surrogate to SPICE / exact-solver data");
    cmd->add_option("--sizes", flags->spec.sizes, "array sizes N (N x N)")->delimiter(',')->capture_default_str();
    cmd->add_option("--schemes", flags->spec.schemes, "bias schemes: v2, v3, float")->delimiter(',')->capture_default_str();
    cmd->add_option("--r-wire", flags->r_wire, "wire resistance range per segment LO:HI, ohm")->capture_default_str();
    cmd->add_option("--g-range", flags->g_range, "ON conductance range LO:HI, siemens")->capture_default_str();
    cmd->add_option("--on-off", flags->on_off, "ON/OFF conductance ratio range LO:HI")->capture_default_str();
    cmd->add_option("--cell", flags->spec.cell, "1R or 1S1R (sinh selector)")->capture_default_str();
    cmd->add_option("--selector-ratios", flags->spec.selector_ratios, "1S1R: I(V)/I(V/2) values, > 2")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--v-read", flags->spec.v_read, "read voltage, volts")->capture_default_str();
    cmd->add_option("--source", flags->spec.source,
                    "spice: ngspice where N <= --spice-max-size, the exact solver beyond; solver: solver only")
        ->capture_default_str();
    cmd->add_option("--spice-max-size", flags->spec.spice_max_size, "largest N sent to ngspice")->capture_default_str();
    cmd->add_option("--workers", flags->spec.workers, "parallel ngspice processes (0: one per core)")
        ->capture_default_str();
    cmd->add_option("--train", flags->spec.training_cases, "training reads")->capture_default_str();
    cmd->add_option("--held-out", flags->spec.held_out_cases, "held-out reads")->capture_default_str();
    cmd->add_option("--seed", flags->spec.seed, "seed of every random read")->capture_default_str();
    cmd->add_option("--reproduce", flags->reproduce, "run again from this calibration's inputs and compare")
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", flags->output, "calibration JSON to write")->required();
    cmd->callback([flags] { run_calibrate_sneak(*flags); });
}

struct DelayFlags {
    calibrate::DelayCalibrationSpec spec;
    std::string r_wire = "0.1:5", c_wire = "1e-16:1e-14", g_range = "1e-6:1e-4", source = "spice", cell = "1R", output,
        reproduce;
};

void run_calibrate_delay(const DelayFlags& flags) {
    if (flags.source != "spice") {
        throw InputError(fmt::format("calibrate delay: --source {}: the delay is fitted to SPICE transients only",
                                     flags.source));
    }
    calibrate::DelayCalibrationSpec spec = flags.spec;
    std::optional<calibrate::Calibration> original;
    if (!flags.reproduce.empty()) {
        original = calibrate::read_calibration(flags.reproduce, "delay");
        spec = calibrate::DelayCalibrationSpec::from_json(original->inputs, flags.reproduce);
        spec.workers = flags.spec.workers;
    } else {
        spec.r_wire = interval(flags.r_wire, "--r-wire");
        spec.c_wire = interval(flags.c_wire, "--c-wire");
        spec.conductance = interval(flags.g_range, "--g-range");
    }
    spec.worker = {calibrate::current_executable(), {"calibrate-worker"}};
    const calibrate::Calibration result = calibrate::calibrate_delay(spec, log_line);
    if (original) check_reproduced(*original, result, flags.reproduce);
    calibrate::write_calibration(result, flags.output);
    fmt::print(stderr, "calibrate delay: held-out relative settling-delay error: median {:.3e}, p95 {:.3e}, max {:.3e} "
                       "({} transients); wrote {}\n",
               result.held_out.median, result.held_out.p95, result.held_out.max, result.held_out.count, flags.output);
}

void add_delay(CLI::App& calibrate) {
    auto flags = std::make_shared<DelayFlags>();
    auto* cmd = calibrate.add_subcommand("delay", "fit the settling-delay surrogate (modal RC model of the uniform array) to SPICE transients");
    cmd->add_option("--sizes", flags->spec.sizes, "array sizes N (N x N), <= 128")->delimiter(',')->capture_default_str();
    cmd->add_option("--r-wire", flags->r_wire, "wire resistance range per segment LO:HI, ohm")->capture_default_str();
    cmd->add_option("--c-wire", flags->c_wire, "wire capacitance range per node LO:HI, farad")->capture_default_str();
    cmd->add_option("--g-range", flags->g_range, "cell conductance range LO:HI, siemens")->capture_default_str();
    cmd->add_option("--cell", flags->cell, "cell type (1R)")->capture_default_str();
    cmd->add_option("--source", flags->source, "spice (transients in parallel ngspice workers)")->capture_default_str();
    cmd->add_option("--train", flags->spec.training_cases, "training transients")->capture_default_str();
    cmd->add_option("--held-out", flags->spec.held_out_cases, "held-out transients")->capture_default_str();
    cmd->add_option("--seed", flags->spec.seed, "seed of every random array")->capture_default_str();
    cmd->add_option("--workers", flags->spec.workers, "parallel ngspice processes (0: one per core)")
        ->capture_default_str();
    cmd->add_option("--reproduce", flags->reproduce, "run again from this calibration's inputs and compare")
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", flags->output, "calibration JSON to write")->required();
    cmd->callback([flags] {
        if (flags->cell != "1R") throw InputError(fmt::format("calibrate delay: --cell {}: only 1R is calibrated", flags->cell));
        run_calibrate_delay(*flags);
    });
}

// The worker: never run by hand; a bad request is an error reply, not a crash.
void run_worker() {
    const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    nlohmann::json reply;
    try {
        reply = calibrate::run_spice_job(nlohmann::json::parse(text));
    } catch (const std::exception& error) {
        reply = {{"ok", false}, {"error", fmt::format("bad worker request: {}", error.what())}};
    }
    const std::string out = reply.dump();
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
    auto* calibrate = app.add_subcommand("calibrate", "fit a surrogate to SPICE or exact-solver data -> calibration JSON");
    calibrate->require_subcommand(1);
    add_irdrop(*calibrate);
    add_sneak(*calibrate);
    add_delay(*calibrate);
    add_calibrate_stdp_subcommand(*calibrate);  // apps/stdp_calibration.cpp
    auto* worker = app.add_subcommand("calibrate-worker", "");
    worker->group("");  // hidden: started by calibrate, one SPICE job per process
    worker->callback(run_worker);
}

}  // namespace memcosim::cli
