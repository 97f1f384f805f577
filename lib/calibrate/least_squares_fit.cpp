#include "calibrate/least_squares_fit.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>

namespace memcosim::calibrate {

namespace {

struct Functor {
    using Scalar = double;
    enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
    using InputType = Eigen::VectorXd;
    using ValueType = Eigen::VectorXd;
    using JacobianType = Eigen::MatrixXd;

    const ResidualFunction* function = nullptr;
    Eigen::Index input_count = 0;
    Eigen::Index value_count = 0;

    [[nodiscard]] Eigen::Index inputs() const { return input_count; }
    [[nodiscard]] Eigen::Index values() const { return value_count; }
    int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& f) const {
        f.resize(value_count);
        (*function)(x, f);
        // A parameter set the model cannot evaluate is a very bad one, not
        // a reason to abort: LM then steps back.
        for (Eigen::Index k = 0; k < f.size(); ++k) {
            if (!std::isfinite(f(k))) f(k) = 1e3;
        }
        return 0;
    }
};

const char* status_text(int status) {
    using namespace Eigen::LevenbergMarquardtSpace;
    switch (status) {
        case RelativeReductionTooSmall: return "converged: relative reduction of the sum of squares below ftol";
        case RelativeErrorTooSmall: return "converged: relative change of the parameters below xtol";
        case RelativeErrorAndReductionTooSmall: return "converged: both ftol and xtol reached";
        case CosinusTooSmall: return "converged: residuals orthogonal to the Jacobian (gtol)";
        case TooManyFunctionEvaluation: return "too many function evaluations";
        case FtolTooSmall: return "converged to machine precision (ftol too small)";
        case XtolTooSmall: return "converged to machine precision (xtol too small)";
        case GtolTooSmall: return "converged to machine precision (gtol too small)";
        case ImproperInputParameters: return "improper input parameters";
        default: return "unknown status";
    }
}

}  // namespace

FitReport fit_levenberg_marquardt(const ResidualFunction& residuals, const Eigen::VectorXd& start,
                                  Eigen::Index residual_count, int max_evaluations) {
    if (residual_count < start.size()) {
        throw InputError(fmt::format("calibration fit: {} data points for {} parameters: not enough data",
                                     residual_count, start.size()));
    }
    Functor functor;
    functor.function = &residuals;
    functor.input_count = start.size();
    functor.value_count = residual_count;
    Eigen::NumericalDiff<Functor> numerical(functor);
    Eigen::LevenbergMarquardt<Eigen::NumericalDiff<Functor>> lm(numerical);
    lm.parameters.maxfev = max_evaluations;
    Eigen::VectorXd x = start;
    const int status = static_cast<int>(lm.minimize(x));
    FitReport report;
    report.parameters = x;
    report.evaluations = static_cast<int>(lm.nfev);
    report.status = status;
    report.status_text = status_text(status);
    Eigen::VectorXd f(residual_count);
    functor(x, f);
    report.residual_rms = std::sqrt(f.squaredNorm() / static_cast<double>(residual_count));
    using namespace Eigen::LevenbergMarquardtSpace;
    const bool converged = status == RelativeReductionTooSmall || status == RelativeErrorTooSmall ||
                           status == RelativeErrorAndReductionTooSmall || status == CosinusTooSmall ||
                           status == FtolTooSmall || status == XtolTooSmall || status == GtolTooSmall;
    if (!converged || !x.allFinite()) {
        throw EngineError(fmt::format("calibration fit did not converge: {} after {} evaluations (residual rms {:.3g})",
                                      report.status_text, report.evaluations, report.residual_rms));
    }
    return report;
}

}  // namespace memcosim::calibrate
