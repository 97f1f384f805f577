#pragma once
// What the 1R and the 1T1R IR-drop calibrations share in building their
// reference data: which cases go to ngspice, running those in worker
// processes, and timing a model best-of-K.
//
// Internal to lib/calibrate (irdrop_calibration.cpp, irdrop_1t1r_calibration.cpp).
#include "calibrate/irdrop_calibration.hpp"
#include "calibrate/least_squares_fit.hpp"
#include "surrogate/error_statistics.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::calibrate::detail {

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best of `repeat` runs: the least disturbed by other work on the machine.
template <class Run>
double best_time(Run&& run, Eigen::VectorXd& result, int repeat) {
    double best = 1e300;
    for (int k = 0; k < repeat; ++k) {
        const auto start = Clock::now();
        result = run();
        best = std::min(best, seconds_since(start));
    }
    return best;
}

// ngspice where the spec asks for it and the array is small enough.
[[nodiscard]] bool goes_to_spice(const IrDropCalibrationSpec& spec, const IrDropCase& c);

[[nodiscard]] nlohmann::json summary_json(const surrogate::ErrorSummary& s);

// Runs each model of one held-out case (best of 5), scores it against
// `exact` and adds its errors to pooled[m]; returns
// {name: {median, p95, max, count, seconds}} in the order of `names`.
[[nodiscard]] nlohmann::json score_models(const std::vector<std::string>& names,
                                          const std::vector<std::function<Eigen::VectorXd()>>& runs,
                                          const Eigen::VectorXd& exact, std::vector<std::vector<double>>& pooled);
// {name: summary} of the pooled errors.
[[nodiscard]] nlohmann::json pooled_summaries(const std::vector<std::string>& names,
                                              const std::vector<std::vector<double>>& pooled);

// The "fit" entry of a calibration's details.
[[nodiscard]] nlohmann::json fit_details(const FitReport& report, std::size_t training_arrays);

// spice, solver or spice+solver: which engines gave the references.
template <class Sample>
std::string data_source(const std::vector<Sample>& training, const std::vector<Sample>& held_out) {
    bool any_spice = false, any_solver = false;
    for (const auto* set : {&training, &held_out}) {
        for (const Sample& s : *set) (s.engine == "spice" ? any_spice : any_solver) = true;
    }
    return any_spice && any_solver ? "spice+solver" : (any_spice ? "spice" : "solver");
}

// One worker reply: the column currents and ngspice's time.
struct SpiceColumnCurrents {
    Eigen::VectorXd currents;
    double seconds = 0.0;
};

// Runs the requests in spec.workers ngspice processes, progress on `log`
// under `title` ("calibrate irdrop: 12 training cases in ngspice ...").
// A failed case is reported there and comes back empty.
[[nodiscard]] std::vector<std::optional<SpiceColumnCurrents>> spice_column_currents(
    const IrDropCalibrationSpec& spec, const std::vector<nlohmann::json>& requests, const std::string& title,
    const std::string& label, const Log& log);

}  // namespace memcosim::calibrate::detail
