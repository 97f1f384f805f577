#pragma once
// Calibration of the delay surrogate (surrogate/delay_model.hpp) against
// SPICE transients: random arrays with wire resistance and capacitance,
// every row stepped from 0 to its input at once, the settling delay (1 %)
// of the slowest sensed column measured from ngspice's waveform
// (settling_time.hpp); ngspice runs in parallel worker processes. The modal
// model's two factors (effective conductance, delay) are fitted by
// Levenberg-Marquardt on the relative delay error of the training cases and
// scored on held-out ones, against three baselines on the same cases: the
// uncalibrated modal physics, the Elmore terms fitted by linear least
// squares (the previous surrogate) and the textbook ln(100) x Elmore.
#include "calibrate/calibration_file.hpp"
#include "calibrate/irdrop_calibration.hpp"
#include "surrogate/delay_model.hpp"

namespace memcosim::calibrate {

struct DelayCalibrationSpec {
    std::vector<long> sizes{8, 16, 32};
    Interval r_wire{0.1, 5.0};        // ohm per segment
    Interval c_wire{1e-16, 1e-14};    // farad per wire node
    Interval conductance{1e-6, 1e-4}; // siemens
    int training_cases = 16;
    int held_out_cases = 16;
    std::uint64_t seed = 1;
    int workers = 0;
    WorkerCommand worker;

    void validate() const;
    [[nodiscard]] nlohmann::json to_json() const;
    static DelayCalibrationSpec from_json(const nlohmann::json& inputs, const std::string& source_name);
};

[[nodiscard]] Calibration calibrate_delay(const DelayCalibrationSpec& spec, const Log& log);
[[nodiscard]] surrogate::DelayParameters delay_parameters_from(const Calibration& calibration,
                                                               const std::string& source_name);
[[nodiscard]] OperatingPoint delay_operating_point(const surrogate::DelayCase& c);

// The worker side: {"kind": "delay", "case": {...}, "c_wire": F} -> {"ok", "delay", "seconds"}.
[[nodiscard]] nlohmann::json run_delay_job(const nlohmann::json& request);

}  // namespace memcosim::calibrate
