#pragma once
// Calibration of the STDP window surrogate against ngspice: a training grid
// of (dt, initial state) pairs and a held-out grid halfway between its
// points, each one SPICE run of the STDP bench; the window is fitted on the
// training grid and scored on the held-out one. The error of one held-out
// pair is |dG_surrogate - dG_spice| divided by the window peak (the largest
// |dG_spice| over dt at the same initial conductance).
#include "neuro/stdp_experiment.hpp"
#include "surrogate/error_statistics.hpp"
#include "surrogate/stdp_fit.hpp"

#include <string>

namespace memcosim::neuro {

struct StdpCalibrationRequest {
    double dt_min = 0.0, dt_max = 0.0;
    int points = 41;                         // timing differences in the training grid
    double state_min = 0.2, state_max = 0.8;
    int state_points = 5;                    // initial states in the training grid
};

struct StdpCalibration {
    std::string model;
    models::ParameterOverrides parameters;
    std::string scheme;
    std::string transistor;  // gate scheme only: the access transistor spec
    std::string pre, post;  // canonical spike specs (amplitudes explicit)
    double v_read = 0.0;
    double threshold_set = 0.0, threshold_reset = 0.0;
    surrogate::StdpWindow window;
    double dt_min = 0.0, dt_max = 0.0;  // fitted range
    double g_low = 0.0, g_high = 0.0;   // fitted range of G (S)
    double state_min = 0.0, state_max = 0.0;
    surrogate::ErrorSummary training_error, held_out_error;  // relative to the window peak
    std::string source;
};

// Runs both grids in `engine` and fits. Progress on stderr.
[[nodiscard]] StdpCalibration calibrate_stdp(const StdpSetup& setup, const StdpCalibrationRequest& request,
                                             spice::Engine& engine);

// Errors of `window` against measurements, relative to the per-state peak;
// the window reads each measurement's window_g.
[[nodiscard]] std::vector<double> stdp_relative_errors(const surrogate::StdpWindow& window,
                                                       const std::vector<StdpMeasurement>& measurements);

// A+ / A- as reported: the peak of each half at the middle of the fitted G range.
[[nodiscard]] double window_peak(const surrogate::StdpWindowSide& side, double normalized_g);

void write_stdp_calibration(const std::string& path, const StdpCalibration& calibration);
// Throws InputError naming the file and the field on anything missing or malformed.
[[nodiscard]] StdpCalibration read_stdp_calibration(const std::string& path);

}  // namespace memcosim::neuro
