// memcosim transistor fit: the access transistor of 1T1R / 2T2R cells, swept
// in ngspice (gate x drain, a few source voltages) and fitted with the
// compact model of the fast path; prints the fitted parameters and the fit
// error, optionally writes every grid point (vg,vd,vs,spice,fit,relative_error).
#include "commands.hpp"
#include "core/csv.hpp"
#include "experiments/transistor_fit.hpp"
#include "results.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <memory>
#include <optional>

namespace memcosim::cli {
namespace {

struct TransistorOptions {
    std::string transistor = "level1", output;
    std::optional<double> v_gate;
    double v_drain = 1.0;
};

void run_fit(const TransistorOptions& o) {
    const auto card = experiments::load_transistor_card(o.transistor);
    const auto grid = experiments::grid_for_read(o.v_gate.value_or(card.nominal_gate), o.v_drain);
    spice::Engine engine;
    const auto sweep = experiments::sweep_transistor(card, grid, engine);
    const auto fit = experiments::fit_transistor(sweep, card.threshold_guess());
    fmt::print("transistor {} (model {}, W={} m, L={} m), gate {}..{} V, drain 0..{} V above the source ({} V)\n",
               card.label, card.model.name, card.width, card.length, grid.gate_min, grid.gate_max, grid.drain_max,
               fmt::join(grid.source_voltages, ", "));
    fmt::print("  fitted: {}\n", fit.model.describe());
    fmt::print("  fit error over {} points: RMS relative {:.3e}, max relative {:.3e} (relative to |I| + {:.3g} A)\n",
               fit.points, fit.rms_relative_error, fit.max_relative_error, fit.current_floor);
    if (o.output.empty()) return;
    std::string text = "vg,vd,vs,spice,fit,relative_error\n";
    for (std::size_t k = 0; k < sweep.current.size(); ++k) {
        const double fitted = solver::evaluate(fit.model, sweep.gate[k], sweep.drain[k], sweep.source[k]).current;
        text += fmt::format("{},{},{},{},{},{}\n", csv::format_number(sweep.gate[k]),
                            csv::format_number(sweep.drain[k]), csv::format_number(sweep.source[k]),
                            csv::format_number(sweep.current[k]), csv::format_number(fitted),
                            csv::format_number((fitted - sweep.current[k]) /
                                               (std::abs(sweep.current[k]) + fit.current_floor)));
    }
    write_output(text, o.output);
}

}  // namespace

void add_transistor_command(CLI::App& app) {
    auto* transistor = app.add_subcommand("transistor", "the access transistor of 1T1R / 2T2R cells");
    transistor->require_subcommand(1);
    auto* fit = transistor->add_subcommand(
        "fit", "sweep the transistor in ngspice and fit the fast path's compact (EKV-style) model; print the error");
    auto o = std::make_shared<TransistorOptions>();
    fit->add_option("--transistor", o->transistor, "level1, bsim4 or FILE[:w=M,l=M] (one NMOS .model card)")
        ->capture_default_str();
    fit->add_option("--v-gate", o->v_gate, "largest gate voltage of the sweep, volts (default: the card's nominal)");
    fit->add_option("--v-drain", o->v_drain, "largest drain-source voltage of the sweep, volts")->capture_default_str();
    fit->add_option("-o,--output", o->output, "CSV of every grid point: vg,vd,vs,spice,fit,relative_error");
    fit->callback([o] { run_fit(*o); });
}

}  // namespace memcosim::cli
