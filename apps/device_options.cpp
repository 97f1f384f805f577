#include "device_options.hpp"

#include "core/csv.hpp"
#include "models/evaluator.hpp"
#include "models/model_registry.hpp"

#include <fmt/format.h>

namespace memcosim::cli {

void DeviceOptions::add_to(CLI::App& command) {
    command.add_option("--model", model, "model or preset name (see `memcosim models list`), or a .va file")
        ->required();
    command.add_option("--param", parameters, "parameter override K=V (repeatable), checked against its range");
    command.add_option("--engine", engine, "spice (ngspice) or behavioral (the C++ evaluator)")
        ->capture_default_str();
}

experiments::DeviceUnderTest DeviceOptions::build() const {
    const models::ModelRegistry registry;
    auto selection = registry.select(model);
    experiments::DeviceUnderTest device{selection.model, selection.parameters};
    for (const auto& text : parameters) {
        const auto override_value = models::parse_override(text);
        device.parameters[models::match_parameter(device.model, override_value.name)] = override_value.value;
    }
    (void)models::resolve_parameters(device.model, device.parameters);  // range checks now, before any run
    return device;
}

std::string device_trace_csv(const solver::DeviceTrace& trace, const models::DeviceModel& model) {
    std::string text = "time,voltage,current";
    const auto states = model.states();
    for (std::size_t k = 0; k < states.size(); ++k) text += k == 0 ? ",state" : fmt::format(",state_{}", states[k].name);
    text += '\n';
    for (std::size_t n = 0; n < trace.time.size(); ++n) {
        text += fmt::format("{},{},{}", csv::format_number(trace.time[n]), csv::format_number(trace.voltage[n]),
                            csv::format_number(trace.current[n]));
        for (const auto& state : trace.states) text += fmt::format(",{}", csv::format_number(state[n]));
        text += '\n';
    }
    return text;
}

}  // namespace memcosim::cli
