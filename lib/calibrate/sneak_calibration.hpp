#pragma once
// Calibration of the sneak-path surrogate (surrogate/sneak_model.hpp): read
// margins of random single-cell reads (size, bias scheme, wire, ON
// conductance, ON/OFF ratio, selector nonlinearity) from ngspice (parallel
// worker processes, calibrate/sneak_netlist.hpp) for arrays up to
// spice_max_size and from the exact solver (solver/sneak_analysis.hpp,
// Newton for selector cells) beyond or with source "solver"; the model's
// coefficients fitted by Levenberg-Marquardt on the training cases' relative
// margin errors, scored with the ideal-wire closed form as the baseline on
// held-out cases. Every case records its reference (spice / solver); SPICE
// cases also carry the exact solver's margin, a running engine check.
#include "calibrate/calibration_file.hpp"
#include "calibrate/irdrop_calibration.hpp"
#include "calibrate/worker_pool.hpp"
#include "solver/sneak_analysis.hpp"
#include "surrogate/sneak_model.hpp"

namespace memcosim::calibrate {

struct SneakCalibrationSpec {
    std::vector<long> sizes{8, 16, 32, 64};
    std::vector<std::string> schemes{"v2", "v3", "float"};
    Interval r_wire{0.1, 2.0};          // ohm per segment
    Interval g_on{1e-5, 1e-4};          // siemens
    Interval on_off_ratio{10.0, 100.0};
    std::string cell = "1R";            // 1R | 1S1R
    std::vector<double> selector_ratios{10.0};  // 1S1R: I(V)/I(V/2) values drawn from
    double v_read = 0.2;
    int training_cases = 40;
    int held_out_cases = 40;
    std::uint64_t seed = 1;
    std::string source = "spice";  // spice (up to spice_max_size, solver beyond) | solver
    long spice_max_size = 64;      // largest N sent to ngspice
    int workers = 0;               // parallel ngspice processes; 0: one per core
    WorkerCommand worker;          // how to start one (program + "calibrate-worker")

    void validate() const;  // InputError naming the flag
    [[nodiscard]] nlohmann::json to_json() const;
    static SneakCalibrationSpec from_json(const nlohmann::json& inputs, const std::string& source_name);
};

[[nodiscard]] std::vector<surrogate::SneakCase> draw_sneak_cases(const SneakCalibrationSpec& spec, bool held_out);
[[nodiscard]] Calibration calibrate_sneak(const SneakCalibrationSpec& spec, const Log& log);
[[nodiscard]] surrogate::SneakParameters sneak_parameters_from(const Calibration& calibration,
                                                               const std::string& source_name);
[[nodiscard]] OperatingPoint sneak_operating_point(const surrogate::SneakCase& c);
// The exact sneak solver's settings for one case (the reference beyond SPICE).
[[nodiscard]] solver::SneakSettings sneak_settings(const surrogate::SneakCase& c);

}  // namespace memcosim::calibrate
