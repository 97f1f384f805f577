#pragma once
// Calibration of the IR-drop attenuation model (surrogate/attenuation_model.hpp):
// draw random reads over the requested ranges, compute their exact column
// currents (ngspice in parallel worker processes where the array is small
// enough for it, the exact solver beyond), fit the model's coefficients by
// Levenberg-Marquardt on the training cases' relative column-current errors,
// then score it and the literature baselines on the held-out cases (error
// and time per array) and write it all into a Calibration.
#include "calibrate/calibration_file.hpp"
#include "calibrate/irdrop_cases.hpp"
#include "calibrate/worker_pool.hpp"
#include "surrogate/attenuation_model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::calibrate {

struct IrDropCalibrationSpec {
    std::vector<long> sizes{64, 128, 256, 512, 1024};  // rows and columns drawn from these
    Interval r_wire{0.1, 5.0};                          // ohm per segment, rows and columns drawn apart
    Interval conductance{1e-8, 1e-6};                   // siemens
    std::string cell = "1R";            // 1R | 1T1R (calibrate/irdrop_1t1r_calibration.hpp)
    std::string transistor;              // 1T1R: the card, level1 | bsim4 | FILE[:w=..,l=..]
    std::optional<double> v_gate;        // 1T1R: word-line voltage, V (none: the card's nominal)
    Interval inputs{0.05, 0.2};          // row drive voltages, V
    std::string source = "spice";  // spice (where feasible, solver beyond) | solver
    long spice_max_size = 128;     // largest rows or cols sent to ngspice
    int training_cases = 24;
    int held_out_cases = 24;
    std::uint64_t seed = 1;
    int workers = 0;        // parallel SPICE processes; 0: one per core
    WorkerCommand worker;   // how to start one (program + "calibrate-worker")

    // Throws InputError naming the flag for an invalid spec.
    void validate() const;
    [[nodiscard]] nlohmann::json to_json() const;
    // The inverse of to_json (the "inputs" of a calibration file); throws InputError.
    static IrDropCalibrationSpec from_json(const nlohmann::json& inputs, const std::string& source_name);
};

using Log = std::function<void(const std::string&)>;

// The training and held-out cases the spec draws (deterministic in the seed).
[[nodiscard]] std::vector<IrDropCase> draw_irdrop_cases(const IrDropCalibrationSpec& spec, bool held_out);

[[nodiscard]] Calibration calibrate_irdrop(const IrDropCalibrationSpec& spec, const Log& log);

// The model a calibration file describes (checks surrogate, model, parameters).
[[nodiscard]] surrogate::AttenuationModel irdrop_model_from(const Calibration& calibration,
                                                            const std::string& source_name);

// Where one array sits against the calibrated range (rows, cols, r_row,
// r_col, conductance min and max).
[[nodiscard]] OperatingPoint irdrop_operating_point(const CrossbarArray& array);

}  // namespace memcosim::calibrate
