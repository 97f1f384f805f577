// memcosim iv: a device's I-V loop under a periodic drive, in ngspice or in
// the behavioral engine, from the same Verilog-A source.
#include "commands.hpp"
#include "device_options.hpp"
#include "experiments/stimulus.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

struct IvSettings {
    DeviceOptions device;
    std::string wave = "sine";
    double amplitude = 1.0, frequency = 1.0;
    int periods = 1, points_per_period = 2000;
    std::string output, plot;
};

void run_iv(const IvSettings& s) {
    const auto device = s.device.build();
    const auto engine = experiments::parse_engine(s.device.engine);
    const experiments::PeriodicDrive drive{experiments::parse_wave_shape(s.wave), s.amplitude, s.frequency, s.periods};
    if (s.points_per_period < 10) throw InputError("--points-per-period must be at least 10");
    const experiments::TransientSettings settings{s.periods / s.frequency,
                                                  1.0 / (s.frequency * s.points_per_period)};
    std::unique_ptr<spice::Engine> spice;
    if (engine == experiments::EngineKind::spice) spice = std::make_unique<spice::Engine>();
    fmt::print(stderr, "iv: {} ({}), {} {} V at {} Hz for {} period(s)...\n", device.model.name(),
               experiments::to_string(engine), s.wave, s.amplitude, s.frequency, s.periods);
    const auto trace =
        experiments::run_device(device, experiments::periodic_waveform(drive), settings, engine, spice.get());
    const auto [low, high] = std::minmax_element(trace.current.begin(), trace.current.end());
    fmt::print(stderr, "iv: {} points, current {:.4g} .. {:.4g} A\n", trace.time.size(), *low, *high);
    write_output(device_trace_csv(trace, device.model), s.output);
    if (!s.plot.empty()) {
        plot_lines({{experiments::to_string(engine), trace.voltage, trace.current}},
                   {fmt::format("{}: {} {} V, {} Hz", device.model.name(), s.wave, s.amplitude, s.frequency),
                    "voltage (V)", "current (A)"},
                   s.plot);
    }
}

}  // namespace

void add_iv_command(CLI::App& app) {
    auto s = std::make_shared<IvSettings>();
    auto* iv = app.add_subcommand("iv", "I-V loop of one device under a sine, triangle or pulse drive "
                                        "(time,voltage,current,state)");
    s->device.add_to(*iv);
    iv->add_option("--wave", s->wave, "sine, triangle or pulse")->capture_default_str();
    iv->add_option("--amplitude", s->amplitude, "volts")->capture_default_str();
    iv->add_option("--frequency", s->frequency, "hertz")->capture_default_str();
    iv->add_option("--periods", s->periods, "number of periods")->capture_default_str();
    iv->add_option("--points-per-period", s->points_per_period, "largest time step = period / this")
        ->capture_default_str();
    iv->add_option("-o,--output", s->output, "CSV file (stdout if omitted)");
    iv->add_option("--plot", s->plot, "also draw the I-V loop to this PNG");
    iv->callback([s] { run_iv(*s); });
}

}  // namespace memcosim::cli
