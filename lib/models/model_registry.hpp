#pragma once
// The models memcosim knows: every *.va file of the va_models/ folder (one
// module each), and the presets of its presets.json, found by name.
//
//     const models::ModelRegistry registry;           // the default folder
//     const auto chosen = registry.select("vteam");   // or "VTEAM", a preset name, "my/file.va"
//     const auto values = models::resolve_parameters(chosen.model, chosen.parameters);
//
// The folder: $MEMCOSIM_VA_MODELS if set; else the source tree's va_models/
// (compiled in); else ../share/memcosim/va_models next to the executable.
#include "models/device_model.hpp"
#include "models/parameter_overrides.hpp"
#include "models/presets.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memcosim::models {

struct ModelListing {
    std::string name;  // module name ("" if the file could not be read)
    std::string file;
    std::string description;  // the file's first comment line with words in it
    std::vector<std::string> ports;
    std::vector<std::string> states;
    std::string problem;  // why the file cannot be used (parse or elaboration error); "" if it can
};

struct ModelSelection {
    DeviceModel model;
    ParameterOverrides parameters;  // from the preset, if one was named; else empty
    std::string preset;             // the preset's name, or ""
};

class ModelRegistry {
public:
    ModelRegistry();  // default_directory()
    explicit ModelRegistry(std::filesystem::path directory);

    // Throws InputError if no folder can be found.
    [[nodiscard]] static std::filesystem::path default_directory();

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
    // Every .va file, by file name; files that fail say why in `problem`.
    [[nodiscard]] std::vector<ModelListing> list() const;
    [[nodiscard]] const std::vector<Preset>& presets() const { return presets_; }

    // A model by module name or file stem (ignoring case), a preset by name
    // (ignoring case), or a path to a .va file. Throws InputError for an
    // unknown name (with close matches) and VaError for a model that fails.
    [[nodiscard]] ModelSelection select(std::string_view name) const;
    [[nodiscard]] DeviceModel load(std::string_view name) const { return select(name).model; }

private:
    [[nodiscard]] std::vector<std::filesystem::path> files() const;
    [[nodiscard]] std::optional<DeviceModel> find_model(std::string_view name) const;

    std::filesystem::path directory_;
    std::vector<Preset> presets_;
};

// Reads and elaborates the single module of a .va file; its description is
// the file's first comment line with words in it.
[[nodiscard]] DeviceModel load_model_file(const std::filesystem::path& file);

// The first comment line of Verilog-A text that has letters or digits, without
// comment markers and rulers ("// ===" lines are skipped).
[[nodiscard]] std::string first_comment_line(const std::string& text);

}  // namespace memcosim::models
