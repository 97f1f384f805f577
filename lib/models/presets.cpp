#include "models/presets.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace memcosim::models {
namespace {

using nlohmann::ordered_json;

std::string optional_text(const ordered_json& entry, const char* key) {
    const auto found = entry.find(key);
    return found != entry.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

Preset read_preset(const std::string& name, const ordered_json& entry, const std::string& file_name) {
    const auto problem = [&](const std::string& what) {
        return InputError(fmt::format("{}: preset '{}': {}", file_name, name, what));
    };
    if (!entry.is_object()) throw problem("expected an object with \"model\" and \"parameters\"");
    const auto model = entry.find("model");
    if (model == entry.end() || !model->is_string()) throw problem("expected \"model\": \"MODULE\"");
    Preset preset{name, model->get<std::string>(), {}, optional_text(entry, "source"), optional_text(entry, "comment")};
    const auto parameters = entry.find("parameters");
    if (parameters == entry.end()) return preset;
    if (!parameters->is_object()) throw problem("\"parameters\" must be an object {NAME: value}");
    for (const auto& [key, value] : parameters->items()) {
        if (!value.is_number())
            throw problem(fmt::format("parameter '{}' must be a number (SI), got {}", key, value.dump()));
        preset.parameters[key] = value.get<double>();
    }
    return preset;
}

}  // namespace

std::vector<Preset> parse_presets(const std::string& text, const std::string& file_name) {
    ordered_json document;
    try {
        document = ordered_json::parse(text);
    } catch (const ordered_json::parse_error& error) {
        throw InputError(fmt::format("{}: not valid JSON ({})", file_name, error.what()));
    }
    if (!document.is_object()) throw InputError(fmt::format("{}: expected an object {{\"name\": {{...}}}}", file_name));
    std::vector<Preset> presets;
    for (const auto& [name, entry] : document.items()) presets.push_back(read_preset(name, entry, file_name));
    return presets;
}

std::vector<Preset> read_presets(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) return {};
    std::ifstream stream(file);
    if (!stream) throw InputError(fmt::format("{}: cannot be read", file.string()));
    std::ostringstream text;
    text << stream.rdbuf();
    return parse_presets(text.str(), file.string());
}

}  // namespace memcosim::models
