// memcosim calibrate stdp: fits the STDP window surrogate to ngspice runs of
// the STDP bench and writes the calibration JSON.
#include "commands.hpp"
#include "neuro/stdp_calibration.hpp"
#include "stdp_options.hpp"

#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

struct CalibrateStdpSettings {
    StdpOptions bench;
    neuro::StdpCalibrationRequest request;
    std::string output;
};

void run_calibrate_stdp(const CalibrateStdpSettings& s) {
    const auto setup = s.bench.build();
    spice::Engine engine;
    const auto c = neuro::calibrate_stdp(setup, s.request, engine);
    neuro::write_stdp_calibration(s.output, c);
    const double middle = c.window.normalized(0.5 * (c.g_low + c.g_high));
    fmt::print("calibrate stdp: {} ({}): A+ {:.4g} S, tau+ {:.4g} s, A- {:.4g} S, tau- {:.4g} s\n", c.model, c.scheme,
               neuro::window_peak(c.window.potentiation, middle), c.window.potentiation.tau,
               neuro::window_peak(c.window.depression, middle), c.window.depression.tau);
    fmt::print("held-out error (of the window peak): median {:.3g}, p95 {:.3g}, max {:.3g} ({} pairs)\n",
               c.held_out_error.median, c.held_out_error.p95, c.held_out_error.max, c.held_out_error.count);
}

}  // namespace

void add_calibrate_stdp_subcommand(CLI::App& calibrate) {
    auto s = std::make_shared<CalibrateStdpSettings>();
    auto* command = calibrate.add_subcommand("stdp", "fit the STDP window surrogate to ngspice (JSON)");
    s->bench.add_to(*command, true);
    command->add_option("--dt-min", s->request.dt_min, "smallest timing difference, s (< 0)")->required();
    command->add_option("--dt-max", s->request.dt_max, "largest timing difference, s (> 0)")->required();
    command->add_option("--points", s->request.points, "timing differences in the training grid")
        ->capture_default_str();
    command->add_option("--state-min", s->request.state_min, "lowest initial state")->capture_default_str();
    command->add_option("--state-max", s->request.state_max, "highest initial state")->capture_default_str();
    command->add_option("--state-points", s->request.state_points, "initial states in the training grid")
        ->capture_default_str();
    command->add_option("-o,--output", s->output, "calibration JSON")->required();
    command->callback([s] { run_calibrate_stdp(*s); });
}

}  // namespace memcosim::cli
