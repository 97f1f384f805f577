#include "models/model_registry.hpp"

#include "core/error.hpp"
#include "models/elaborate.hpp"
#include "va/parse.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#ifndef MEMCOSIM_VA_MODELS_DIR
#define MEMCOSIM_VA_MODELS_DIR ""
#endif

namespace memcosim::models {
namespace {

namespace fs = std::filesystem;

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string read_text(const fs::path& file) {
    std::ifstream stream(file);
    if (!stream) throw InputError(fmt::format("{}: cannot be read", file.string()));
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

// Comment markers, rulers and the spaces around them.
std::string strip_decoration(std::string_view line) {
    const auto decoration = [](char c) {
        return c == '/' || c == '*' || c == '=' || c == '-' || std::isspace(static_cast<unsigned char>(c));
    };
    while (!line.empty() && decoration(line.front())) line.remove_prefix(1);
    while (!line.empty() && decoration(line.back())) line.remove_suffix(1);
    return std::string(line);
}

bool has_words(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

fs::path executable_share_directory() {
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) return {};
    return executable.parent_path().parent_path() / "share" / "memcosim" / "va_models";
}

}  // namespace

std::string first_comment_line(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    bool in_block = false;
    while (std::getline(lines, line)) {
        std::string_view rest(line);
        std::string comment;
        if (in_block) {
            comment = std::string(rest);
        } else if (const auto start = rest.find("//"); start != std::string_view::npos) {
            comment = std::string(rest.substr(start + 2));
        } else if (const auto block = rest.find("/*"); block != std::string_view::npos) {
            comment = std::string(rest.substr(block + 2));
            in_block = true;
        }
        if (in_block && comment.find("*/") != std::string::npos) {
            comment = comment.substr(0, comment.find("*/"));
            in_block = false;
        }
        const std::string stripped = strip_decoration(comment);
        if (has_words(stripped)) return stripped;
    }
    return "";
}

DeviceModel load_model_file(const fs::path& file) {
    const std::string text = read_text(file);
    const va::ParseResult parsed = va::parse_source(text, file.string());
    if (parsed.modules.size() != 1) {
        throw InputError(
            fmt::format("{}: holds {} modules; a model file holds exactly one", file.string(), parsed.modules.size()));
    }
    return elaborate(parsed.modules.front(), first_comment_line(text), file.string());
}

ModelRegistry::ModelRegistry() : ModelRegistry(default_directory()) {}

ModelRegistry::ModelRegistry(fs::path directory)
    : directory_(std::move(directory)), presets_(read_presets(directory_ / "presets.json")) {}

fs::path ModelRegistry::default_directory() {
    if (const char* variable = std::getenv("MEMCOSIM_VA_MODELS"); variable && *variable) {
        if (!fs::is_directory(variable)) {
            throw InputError(fmt::format("MEMCOSIM_VA_MODELS={} is not a folder", variable));
        }
        return variable;
    }
    for (const fs::path& candidate : {fs::path(MEMCOSIM_VA_MODELS_DIR), executable_share_directory()}) {
        if (!candidate.empty() && fs::is_directory(candidate)) return candidate;
    }
    throw InputError(fmt::format("no va_models folder found: set MEMCOSIM_VA_MODELS (looked in '{}' and '{}')",
                                 MEMCOSIM_VA_MODELS_DIR, executable_share_directory().string()));
}

std::vector<fs::path> ModelRegistry::files() const {
    std::vector<fs::path> result;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory_, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".va") result.push_back(entry.path());
    }
    if (error) throw InputError(fmt::format("{}: cannot list the folder ({})", directory_.string(), error.message()));
    std::sort(result.begin(), result.end());
    return result;
}

std::vector<ModelListing> ModelRegistry::list() const {
    std::vector<ModelListing> listings;
    for (const fs::path& file : files()) {
        ModelListing listing;
        listing.file = file.string();
        try {
            const DeviceModel model = load_model_file(file);
            listing.name = model.name();
            listing.description = model.description();
            listing.ports = {model.data().positive_port, model.data().negative_port};
            for (const auto& state : model.states()) listing.states.push_back(state.name);
        } catch (const InputError& error) {  // VaError is one
            listing.problem = error.what();
        }
        listings.push_back(std::move(listing));
    }
    return listings;
}

// A file whose stem matches first (one file read), then every module name.
std::optional<DeviceModel> ModelRegistry::find_model(std::string_view name) const {
    const std::vector<fs::path> all = files();
    for (const fs::path& file : all) {
        if (same_ignoring_case(file.stem().string(), name)) return load_model_file(file);
    }
    for (const fs::path& file : all) {
        try {
            DeviceModel model = load_model_file(file);
            if (same_ignoring_case(model.name(), name)) return model;
        } catch (const InputError&) {
            // A broken file cannot be the one asked for by module name; list() reports it.
        }
    }
    return std::nullopt;
}

ModelSelection ModelRegistry::select(std::string_view name) const {
    const fs::path as_path(name);
    if (as_path.extension() == ".va" || name.find('/') != std::string_view::npos) {
        return ModelSelection{load_model_file(as_path), {}, ""};
    }
    if (auto model = find_model(name)) return ModelSelection{std::move(*model), {}, ""};
    for (const Preset& preset : presets_) {
        if (!same_ignoring_case(preset.name, name)) continue;
        auto model = find_model(preset.model);
        if (!model) {
            throw InputError(fmt::format("preset '{}' names model '{}', which is not in {}", preset.name, preset.model,
                                         directory_.string()));
        }
        try {
            (void)resolve_parameters(*model, preset.parameters);  // fail here, naming the preset
        } catch (const InputError& error) {
            throw InputError(fmt::format("preset '{}': {}", preset.name, error.what()));
        }
        return ModelSelection{std::move(*model), preset.parameters, preset.name};
    }
    std::vector<std::string> known;
    for (const fs::path& file : files()) known.push_back(file.stem().string());
    for (const Preset& preset : presets_) known.push_back(preset.name);
    const auto close = close_matches(name, known);
    std::string names;
    for (const auto& known_name : close.empty() ? known : close)
        names += fmt::format("{}'{}'", names.empty() ? "" : ", ", known_name);
    throw InputError(fmt::format("no model or preset named '{}' in {}; {} {}", name, directory_.string(),
                                 close.empty() ? "known:" : "did you mean", names));
}

}  // namespace memcosim::models
