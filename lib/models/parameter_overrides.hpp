#pragma once
// Parameter values given by name (`K=V` on a command line, a preset, an
// instance): parsed, matched to the model's parameters, checked against
// their ranges (va::check_parameter_value) and resolved into one value per
// parameter, defaults following the parameters they are written in.
#include "models/device_model.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace memcosim::models {

using ParameterOverrides = std::map<std::string, double, std::less<>>;

struct ParameterOverride {
    std::string name;
    double value = 0.0;
};

// "Roff=20e3" -> {"Roff", 20000}. A plain number (SI, no suffix). Throws
// InputError saying what was expected.
[[nodiscard]] ParameterOverride parse_override(std::string_view text);

// The model's own name for `name`: the exact name, else the one parameter
// equal ignoring case. Throws InputError naming the parameter and the model,
// with close matches ("did you mean ...") or the list of parameters.
[[nodiscard]] std::string match_parameter(const DeviceModel& model, std::string_view name);

// Every parameter's value in model.parameters() order: the overrides (keys
// matched by match_parameter) and the defaults otherwise. Throws InputError
// for an unknown name, a localparam, or a value outside its range (the
// message gives the range).
[[nodiscard]] std::vector<double> resolve_parameters(const DeviceModel& model, const ParameterOverrides& overrides);

// Up to `limit` of `candidates` closest to `name` (edit distance, ignoring
// case), closest first; only reasonably close ones.
[[nodiscard]] std::vector<std::string> close_matches(std::string_view name, const std::vector<std::string>& candidates,
                                                     std::size_t limit = 3);

}  // namespace memcosim::models
