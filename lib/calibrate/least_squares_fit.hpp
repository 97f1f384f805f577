#pragma once
// Levenberg-Marquardt on a residual function (Eigen's unsupported
// NonLinearOptimization module, forward-difference Jacobian): what every
// calibration here uses to fit its few coefficients.
#include <Eigen/Dense>

#include <functional>
#include <string>

namespace memcosim::calibrate {

// Fills `residuals` (size fixed by the caller) for the parameters `x`.
using ResidualFunction = std::function<void(const Eigen::VectorXd& x, Eigen::VectorXd& residuals)>;

struct FitReport {
    Eigen::VectorXd parameters;
    int evaluations = 0;
    int status = 0;            // Eigen's LevenbergMarquardtSpace::Status
    std::string status_text;   // what it means
    double residual_rms = 0.0;
};

// Throws EngineError when the fit does not converge (too many evaluations,
// improper input, non-finite residuals at the answer) and InputError for
// fewer residuals than parameters.
[[nodiscard]] FitReport fit_levenberg_marquardt(const ResidualFunction& residuals, const Eigen::VectorXd& start,
                                                Eigen::Index residual_count, int max_evaluations = 4000);

}  // namespace memcosim::calibrate
