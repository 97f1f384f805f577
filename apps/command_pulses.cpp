// memcosim pulses: potentiation / depression curve of a device, the
// conductance read after each programming pulse, in either engine.
#include "commands.hpp"
#include "core/csv.hpp"
#include "device_options.hpp"
#include "experiments/pulse_experiment.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

struct PulseSettings {
    DeviceOptions device;
    experiments::PulseTrain train;
    double read_width = 0.0, gap = 0.0;  // 0: the pulse width
    std::string output, plot;
};

void run_pulses(PulseSettings s) {
    const auto device = s.device.build();
    const auto engine = experiments::parse_engine(s.device.engine);
    s.train.read_width = s.read_width > 0.0 ? s.read_width : s.train.width;
    s.train.gap = s.gap > 0.0 ? s.gap : s.train.width;
    std::unique_ptr<spice::Engine> spice;
    if (engine == experiments::EngineKind::spice) spice = std::make_unique<spice::Engine>();
    fmt::print(stderr, "pulses: {} ({}), {} pulses of {} V, {} s; read at {} V...\n", device.model.name(),
               experiments::to_string(engine), s.train.count, s.train.amplitude, s.train.width,
               s.train.read_voltage);
    const auto curve = experiments::run_pulse_train(device, s.train, engine, spice.get());
    std::string text = "pulse,conductance,state\n";
    for (std::size_t k = 0; k < curve.conductance.size(); ++k) {
        text += fmt::format("{},{},{}\n", k + 1, csv::format_number(curve.conductance[k]),
                            curve.state.empty() ? "" : csv::format_number(curve.state[k]));
    }
    write_output(text, s.output);
    if (!s.plot.empty()) {
        std::vector<double> pulse_numbers;
        for (std::size_t k = 0; k < curve.conductance.size(); ++k) pulse_numbers.push_back(static_cast<double>(k + 1));
        plot_lines({{experiments::to_string(engine), pulse_numbers, curve.conductance}},
                   {fmt::format("{}: {} V, {} s pulses", device.model.name(), s.train.amplitude, s.train.width),
                    "pulse number", "conductance (S)"},
                   s.plot);
    }
}

}  // namespace

void add_pulses_command(CLI::App& app) {
    auto s = std::make_shared<PulseSettings>();
    auto* pulses = app.add_subcommand("pulses", "conductance after each programming pulse (pulse,conductance,state)");
    s->device.add_to(*pulses);
    pulses->add_option("--amplitude", s->train.amplitude, "pulse amplitude, volts (negative to depress)")
        ->required();
    pulses->add_option("--width", s->train.width, "pulse width, seconds")->required();
    pulses->add_option("--count", s->train.count, "number of pulses")->required();
    pulses->add_option("--read-voltage", s->train.read_voltage, "read voltage, volts")->capture_default_str();
    pulses->add_option("--read-width", s->read_width, "read pulse width, seconds (default: --width)");
    pulses->add_option("--gap", s->gap, "time at 0 V between pulses and reads, seconds (default: --width)");
    pulses->add_option("-o,--output", s->output, "CSV file (stdout if omitted)");
    pulses->add_option("--plot", s->plot, "also draw conductance vs pulse number to this PNG");
    pulses->callback([s] { run_pulses(*s); });
}

}  // namespace memcosim::cli
