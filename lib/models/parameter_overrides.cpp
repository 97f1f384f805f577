#include "models/parameter_overrides.hpp"

#include "core/error.hpp"
#include "va/constant_eval.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

namespace memcosim::models {
namespace {

std::string lowercase(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += fmt::format("{}'{}'", text.empty() ? "" : ", ", name);
    return text;
}

}  // namespace

std::vector<std::string> close_matches(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t limit) {
    const std::string wanted = lowercase(name);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& candidate : candidates) {
        const std::string lower = lowercase(candidate);
        std::size_t distance = edit_distance(wanted, lower);
        if (!wanted.empty() && (lower.find(wanted) != std::string::npos || wanted.find(lower) != std::string::npos)) {
            distance = std::min<std::size_t>(distance, 1);  // a part of the name counts as close
        }
        if (distance <= std::max<std::size_t>(2, wanted.size() / 3)) scored.emplace_back(distance, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> result;
    for (std::size_t k = 0; k < scored.size() && k < limit; ++k) result.push_back(scored[k].second);
    return result;
}

ParameterOverride parse_override(std::string_view text) {
    const std::size_t equals = text.find('=');
    const std::string_view name = equals == std::string_view::npos ? text : text.substr(0, equals);
    if (equals == std::string_view::npos || name.empty()) {
        throw InputError(fmt::format("parameter setting '{}': expected NAME=VALUE, e.g. Roff=20e3", text));
    }
    const std::string_view number = text.substr(equals + 1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || error != std::errc{} || end != number.data() + number.size()) {
        throw InputError(
            fmt::format("parameter setting '{}': '{}' is not a plain number (SI units, e.g. 2e-9)", text, number));
    }
    return {std::string(name), value};
}

std::string match_parameter(const DeviceModel& model, std::string_view name) {
    if (model.find_parameter(name)) return std::string(name);
    std::vector<std::string> names, same_letters;
    for (const auto& parameter : model.parameters()) {
        names.push_back(parameter.name);
        if (lowercase(parameter.name) == lowercase(name)) same_letters.push_back(parameter.name);
    }
    if (same_letters.size() == 1) return same_letters.front();
    if (same_letters.size() > 1) {
        throw InputError(
            fmt::format("model '{}' has several parameters named '{}' ignoring case ({}); give the "
                        "exact name",
                        model.name(), name, join(same_letters)));
    }
    const va::Parameter* local = va::find_parameter(model.module(), name);
    if (local && local->local) {
        throw InputError(
            fmt::format("parameter '{}' of model '{}' is a localparam and cannot be set", name, model.name()));
    }
    const auto close = close_matches(name, names);
    throw InputError(fmt::format("model '{}' has no parameter '{}'; {} {}", model.name(), name,
                                 close.empty() ? "its parameters are" : "did you mean",
                                 join(close.empty() ? names : close)));
}

std::vector<double> resolve_parameters(const DeviceModel& model, const ParameterOverrides& overrides) {
    std::map<std::string, double, std::less<>> matched;
    for (const auto& [name, value] : overrides) matched[match_parameter(model, name)] = value;
    // evaluate_parameters checks each value against its range, whose bounds
    // may use parameters declared before it.
    const va::ParameterValues values = va::evaluate_parameters(model.module(), matched);
    std::vector<double> result;
    for (const auto& parameter : model.parameters()) result.push_back(values.at(parameter.name).value);
    return result;
}

}  // namespace memcosim::models
