#include "calibrate/calibration_file.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace memcosim::calibrate {

using nlohmann::json;

namespace {

const json& field(const json& object, const char* name, const std::string& where) {
    if (!object.is_object() || !object.contains(name)) {
        throw InputError(fmt::format("{}: missing field '{}'", where, name));
    }
    return object.at(name);
}

std::string text_field(const json& object, const char* name, const std::string& where) {
    const json& value = field(object, name, where);
    if (!value.is_string()) throw InputError(fmt::format("{}: field '{}' must be a string", where, name));
    return value.get<std::string>();
}

double number_field(const json& object, const char* name, const std::string& where) {
    const json& value = field(object, name, where);
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
        throw InputError(fmt::format("{}: field '{}' must be a finite number", where, name));
    }
    return value.get<double>();
}

surrogate::ErrorSummary summary_from(const json& object, const std::string& where) {
    surrogate::ErrorSummary s;
    s.median = number_field(object, "median", where);
    s.p95 = number_field(object, "p95", where);
    s.max = number_field(object, "max", where);
    s.count = static_cast<std::size_t>(number_field(object, "count", where));
    return s;
}

CalibrationRange range_from(const json& object, const std::string& where) {
    CalibrationRange range;
    const json& intervals = field(object, "intervals", where);
    if (!intervals.is_object()) throw InputError(fmt::format("{}: 'intervals' must be an object", where));
    for (const auto& [name, value] : intervals.items()) {
        if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number() ||
            !(value[0].get<double>() <= value[1].get<double>())) {
            throw InputError(fmt::format("{}: range '{}' must be [lo, hi] with lo <= hi", where, name));
        }
        range.intervals[name] = {value[0].get<double>(), value[1].get<double>()};
    }
    if (object.contains("choices")) {
        for (const auto& [name, value] : object.at("choices").items()) {
            if (!value.is_array()) throw InputError(fmt::format("{}: choices '{}' must be a list", where, name));
            for (const json& choice : value) {
                if (!choice.is_string()) throw InputError(fmt::format("{}: choices '{}' must be strings", where, name));
                range.choices[name].push_back(choice.get<std::string>());
            }
        }
    }
    return range;
}

}  // namespace

void Calibration::require(const std::string& expected_surrogate, const std::string& expected_model,
                          const std::string& source_name) const {
    if (surrogate != expected_surrogate) {
        throw InputError(fmt::format("{}: a '{}' calibration, not {}", source_name, surrogate, expected_surrogate));
    }
    if (model != expected_model) {
        throw InputError(fmt::format("{}: unknown {} model '{}' (expected '{}')", source_name, expected_surrogate,
                                     model, expected_model));
    }
}

std::vector<double> Calibration::parameter_values(const std::vector<std::string>& names,
                                                  const std::string& source_name) const {
    std::vector<double> values;
    if (parameters.size() != names.size()) {
        throw InputError(fmt::format("{}: model '{}' has {} parameters, the file gives {}", source_name, model,
                                     names.size(), parameters.size()));
    }
    for (const std::string& name : names) {
        bool found = false;
        for (const auto& [key, value] : parameters) {
            if (key == name) {
                values.push_back(value);
                found = true;
            }
        }
        if (!found) throw InputError(fmt::format("{}: parameter '{}' of model '{}' is missing", source_name, name, model));
    }
    return values;
}

json to_json(const Calibration& c) {
    json parameters = json::object();
    for (const auto& [name, value] : c.parameters) parameters[name] = value;
    json intervals = json::object();
    for (const auto& [name, interval] : c.range.intervals) intervals[name] = {interval.lo, interval.hi};
    json choices = json::object();
    for (const auto& [name, list] : c.range.choices) choices[name] = list;
    return {
        {"memcosim_calibration", calibration_format_version},
        {"surrogate", c.surrogate},
        {"model", c.model},
        {"parameters", parameters},
        {"parameter_order", [&] {
             json order = json::array();
             for (const auto& p : c.parameters) order.push_back(p.first);
             return order;
         }()},
        {"range", {{"intervals", intervals}, {"choices", choices}}},
        {"source", c.source},
        {"inputs", c.inputs},
        {"held_out_error",
         {{"measure", c.error_measure},
          {"median", c.held_out.median},
          {"p95", c.held_out.p95},
          {"max", c.held_out.max},
          {"count", c.held_out.count}}},
        {"details", c.details},
    };
}

Calibration calibration_from_json(const json& j, const std::string& where) {
    if (!j.is_object()) throw InputError(fmt::format("{}: not a calibration file (expected a JSON object)", where));
    const double version = number_field(j, "memcosim_calibration", where);
    if (version != calibration_format_version) {
        throw InputError(fmt::format("{}: calibration format {} is not supported (this memcosim reads {})", where,
                                     version, calibration_format_version));
    }
    Calibration c;
    c.surrogate = text_field(j, "surrogate", where);
    c.model = text_field(j, "model", where);
    const json& parameters = field(j, "parameters", where);
    if (!parameters.is_object()) throw InputError(fmt::format("{}: 'parameters' must be an object", where));
    std::vector<std::string> order;
    if (j.contains("parameter_order")) {
        for (const json& name : j.at("parameter_order")) {
            if (!name.is_string()) throw InputError(fmt::format("{}: 'parameter_order' must list names", where));
            order.push_back(name.get<std::string>());
        }
    } else {
        for (const auto& item : parameters.items()) order.push_back(item.key());
    }
    for (const std::string& name : order) {
        c.parameters.emplace_back(name, number_field(parameters, name.c_str(), fmt::format("{}: parameters", where)));
    }
    c.range = range_from(field(j, "range", where), fmt::format("{}: range", where));
    c.source = text_field(j, "source", where);
    c.inputs = j.value("inputs", json::object());
    const json& error = field(j, "held_out_error", where);
    c.error_measure = text_field(error, "measure", fmt::format("{}: held_out_error", where));
    c.held_out = summary_from(error, fmt::format("{}: held_out_error", where));
    c.details = j.value("details", json::object());
    return c;
}

void write_calibration(const Calibration& calibration, const std::string& path) {
    write_file_atomically(path, to_json(calibration).dump(2) + "\n");
}

Calibration read_calibration(const std::string& path, const std::string& expected_surrogate) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open calibration file", path));
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& error) {
        throw InputError(fmt::format("{}: malformed JSON at byte {}: {}", path, error.byte, error.what()));
    }
    Calibration c = calibration_from_json(j, path);
    if (!expected_surrogate.empty() && c.surrogate != expected_surrogate) {
        throw InputError(fmt::format("{}: this is a '{}' calibration, not '{}'", path, c.surrogate, expected_surrogate));
    }
    return c;
}

std::vector<std::string> out_of_range(const Calibration& calibration, const OperatingPoint& point) {
    std::vector<std::string> messages;
    for (const auto& [name, value] : point.values) {
        const auto found = calibration.range.intervals.find(name);
        if (found == calibration.range.intervals.end()) continue;
        // A relative slack of 1e-9 so a value printed and read back stays inside.
        const Interval& r = found->second;
        const double slack = 1e-9 * std::max(std::abs(r.lo), std::abs(r.hi));
        if (value < r.lo - slack || value > r.hi + slack) {
            messages.push_back(fmt::format("{} = {} is outside the calibrated range [{}, {}]", name, value, r.lo, r.hi));
        }
    }
    for (const auto& [name, choice] : point.choices) {
        const auto found = calibration.range.choices.find(name);
        if (found == calibration.range.choices.end()) continue;
        if (std::find(found->second.begin(), found->second.end(), choice) == found->second.end()) {
            messages.push_back(fmt::format("{} '{}' was not calibrated (calibrated: {})", name, choice,
                                           fmt::join(found->second, ", ")));
        }
    }
    return messages;
}

}  // namespace memcosim::calibrate
