#pragma once
// Named parameter sets of real devices, read from va_models/presets.json:
//
//   {"name": {"model": MODULE, "parameters": {NAME: SI value, ...},
//             "source": "...", "comment": "..."}, ...}
//
// Other fields (e.g. "published") are kept out of the way: read, not used.
#include "models/parameter_overrides.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace memcosim::models {

struct Preset {
    std::string name;
    std::string model;  // module name
    ParameterOverrides parameters;
    std::string source, comment;
};

// Every preset in file order. A missing file is no presets; a malformed one
// throws InputError naming the file and the preset.
[[nodiscard]] std::vector<Preset> read_presets(const std::filesystem::path& file);
[[nodiscard]] std::vector<Preset> parse_presets(const std::string& text, const std::string& file_name);

}  // namespace memcosim::models
