// memcosim models list | show NAME|FILE.va: the Verilog-A model library.
#include "commands.hpp"
#include "models/model_registry.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <memory>

namespace memcosim::cli {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += fmt::format("{}{}", text.empty() ? "" : ",", name);
    return text.empty() ? "-" : text;
}

void list_models() {
    const models::ModelRegistry registry;
    fmt::print("Models in {}:\n", registry.directory().string());
    fmt::print("  {:<18} {:<10} {:<20} {}\n", "name", "states", "file", "description");
    for (const auto& listing : registry.list()) {
        if (!listing.problem.empty()) {
            fmt::print("  {:<18} (cannot be used: {})\n", listing.file, listing.problem);
            continue;
        }
        fmt::print("  {:<18} {:<10} {:<20} {}\n", listing.name, joined(listing.states),
                   std::filesystem::path(listing.file).filename().string(),
                   listing.description);
    }
    if (registry.presets().empty()) return;
    fmt::print("Presets (use like a model name):\n");
    for (const auto& preset : registry.presets()) fmt::print("  {:<32} model {}\n", preset.name, preset.model);
}

void show_model(const std::string& name) {
    const models::ModelRegistry registry;
    const auto selection = registry.select(name);
    const auto& model = selection.model;
    fmt::print("{} ({})\n  {}\n", model.name(), model.file(), model.description());
    if (!selection.preset.empty()) fmt::print("  preset '{}' sets:", selection.preset);
    for (const auto& [key, value] : selection.parameters) fmt::print(" {}={}", key, value);
    if (!selection.preset.empty()) fmt::print("\n");
    fmt::print("Ports: {} {}\n", model.data().positive_port, model.data().negative_port);
    fmt::print("States:");
    for (const auto& state : model.states()) {
        fmt::print(" {}{}", state.name, state.initial_parameter.empty() ? "" : " (initial: " + state.initial_parameter + ")");
    }
    fmt::print("{}\nParameters:\n", model.state_count() == 0 ? " none" : "");
    fmt::print("  {:<12} {:>12} {:<8} {:<24} {}\n", "name", "default", "units", "range", "description");
    for (const auto& p : model.parameters()) {
        fmt::print("  {:<12} {:>12.6g} {:<8} {:<24} {}\n", p.name, p.default_value, p.units.empty() ? "-" : p.units,
                   p.range.empty() ? "-" : p.range, p.description);
    }
}

}  // namespace

void add_models_command(CLI::App& app) {
    auto* models = app.add_subcommand("models", "the Verilog-A compact-model library (va_models/)");
    models->require_subcommand(1);
    auto* list = models->add_subcommand("list", "every model and preset, with its states and description");
    list->callback(list_models);
    auto* show = models->add_subcommand("show", "ports, states and the parameter table (defaults, units, ranges)");
    auto name = std::make_shared<std::string>();
    show->add_option("model", *name, "model or preset name, or a .va file")->required();
    show->callback([name] { show_model(*name); });
}

}  // namespace memcosim::cli
