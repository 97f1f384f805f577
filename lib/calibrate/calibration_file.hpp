#pragma once
// A calibration file (DESIGN.md "Calibration: JSON"): which surrogate and
// model, its fitted parameters, the ranges it was fitted on, the data source,
// the inputs that reproduce it (seed included) and the error measured on
// held-out cases, with the per-case details `memcosim report` tabulates.
//
//   { "memcosim_calibration": 1, "surrogate": "irdrop", "model": "attenuation",
//     "parameters": {"name": value, ...},
//     "range": {"intervals": {"rows": [64, 1024], ...}, "choices": {"cell": ["1R"]}},
//     "source": "solver", "inputs": {...},
//     "held_out_error": {"measure": "...", "median": .., "p95": .., "max": .., "count": ..},
//     "details": {...} }
//
// Reading checks every field and names the file and the field in errors
// (InputError), so a malformed or mismatched file never reaches a model.
#include "surrogate/error_statistics.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace memcosim::calibrate {

inline constexpr int calibration_format_version = 1;

struct Interval {
    double lo = 0.0;
    double hi = 0.0;
};

struct CalibrationRange {
    std::map<std::string, Interval> intervals;                  // e.g. rows, cols, r_wire, conductance
    std::map<std::string, std::vector<std::string>> choices;    // e.g. cell -> {"1R"}
};

struct Calibration {
    std::string surrogate;  // irdrop | sneak | delay
    std::string model;
    std::vector<std::pair<std::string, double>> parameters;  // in the model's order
    CalibrationRange range;
    std::string source;       // solver | spice
    nlohmann::json inputs;    // the calibration's inputs (flags, seed): enough to run it again
    std::string error_measure;
    surrogate::ErrorSummary held_out;
    nlohmann::json details;   // per-case table, baselines, fit report

    // Parameter values in the order of `names`; throws InputError (naming
    // `source_name`) if the file's parameters are not exactly those.
    [[nodiscard]] std::vector<double> parameter_values(const std::vector<std::string>& names,
                                                       const std::string& source_name) const;
    // Throws InputError (naming `source_name`) unless this file calibrates
    // `expected_surrogate` with `expected_model`.
    void require(const std::string& expected_surrogate, const std::string& expected_model,
                 const std::string& source_name) const;
};

[[nodiscard]] nlohmann::json to_json(const Calibration& calibration);
// Throws InputError naming `source_name` and the offending field.
[[nodiscard]] Calibration calibration_from_json(const nlohmann::json& json, const std::string& source_name);

void write_calibration(const Calibration& calibration, const std::string& path);  // atomically
// Reads and checks a file; `expected_surrogate` (if not empty) must match.
[[nodiscard]] Calibration read_calibration(const std::string& path, const std::string& expected_surrogate = "");

// One use of a surrogate, described by the same names as the range.
struct OperatingPoint {
    // A name may repeat (a map's smallest and largest conductance both count).
    std::vector<std::pair<std::string, double>> values;
    std::vector<std::pair<std::string, std::string>> choices;
};

// Messages for every value outside the calibrated range (empty: inside).
// A name the range does not list is not checked.
[[nodiscard]] std::vector<std::string> out_of_range(const Calibration& calibration, const OperatingPoint& point);

}  // namespace memcosim::calibrate
