#include "neuro/spike_spec.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <utility>
#include <vector>

namespace memcosim::neuro {
namespace {

using Field = std::pair<const char*, double SpikeShape::*>;

// The one table of shape names and the parameters each accepts.
struct ShapeEntry {
    const char* name;
    SpikeShapeKind kind;
    std::vector<Field> fields;
};
const std::vector<ShapeEntry>& shape_table() {
    static const std::vector<ShapeEntry> table{
        {"rectangular", SpikeShapeKind::rectangular,
         {{"amplitude", &SpikeShape::amplitude}, {"width", &SpikeShape::width}, {"edge", &SpikeShape::edge}}},
        {"exponential", SpikeShapeKind::exponential,
         {{"amplitude", &SpikeShape::amplitude}, {"tau", &SpikeShape::tau}, {"edge", &SpikeShape::edge}}},
        {"bipolar", SpikeShapeKind::bipolar,
         {{"a_plus", &SpikeShape::a_plus},
          {"t_plus", &SpikeShape::t_plus},
          {"a_minus", &SpikeShape::a_minus},
          {"tau_minus", &SpikeShape::tau_minus},
          {"edge", &SpikeShape::edge}}},
    };
    return table;
}

std::string field_names(const ShapeEntry& entry) {
    std::string names;
    for (const auto& field : entry.fields) names += fmt::format("{}{}", names.empty() ? "" : ", ", field.first);
    return names;
}

const ShapeEntry& find_shape(std::string_view spec, std::string_view name) {
    for (const auto& entry : shape_table())
        if (name == entry.name) return entry;
    throw InputError(fmt::format("spike spec '{}': unknown shape '{}', expected rectangular, exponential or bipolar",
                                 spec, name));
}

double parse_number(std::string_view spec, std::string_view key, std::string_view text) {
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty())
        throw InputError(fmt::format("spike spec '{}': value of {} must be a number, got '{}'", spec, key, text));
    return value;
}

void apply_parameter(std::string_view spec, const ShapeEntry& entry, std::string_view item, SpikeShape& shape) {
    const auto equals = item.find('=');
    if (equals == std::string_view::npos)
        throw InputError(fmt::format("spike spec '{}': expected K=V, got '{}'", spec, item));
    const std::string_view key = item.substr(0, equals);
    for (const auto& [name, member] : entry.fields)
        if (key == name) {
            shape.*member = parse_number(spec, key, item.substr(equals + 1));
            return;
        }
    throw InputError(fmt::format("spike spec '{}': unknown parameter '{}' for shape {}, expected one of: {}", spec,
                                 key, entry.name, field_names(entry)));
}

}  // namespace

SpikeShape parse_spike_spec(std::string_view spec) {
    const auto colon = spec.find(':');
    const ShapeEntry& entry = find_shape(spec, spec.substr(0, colon));
    SpikeShape shape;
    shape.kind = entry.kind;
    std::set<std::string_view> seen;
    std::string_view rest = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (!seen.insert(item.substr(0, item.find('='))).second)
            throw InputError(fmt::format("spike spec '{}': parameter '{}' given twice", spec, item.substr(0, item.find('='))));
        apply_parameter(spec, entry, item, shape);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    try {
        validate(shape);
    } catch (const InputError& error) {
        throw InputError(fmt::format("spike spec '{}': {}", spec, error.what()));
    }
    return shape;
}

std::string format_spike_spec(const SpikeShape& shape) {
    for (const auto& entry : shape_table()) {
        if (entry.kind != shape.kind) continue;
        std::string text = entry.name;
        char separator = ':';
        for (const auto& [name, member] : entry.fields) {
            text += fmt::format("{}{}={}", separator, name, shape.*member);
            separator = ',';
        }
        return text;
    }
    return {};
}

}  // namespace memcosim::neuro
