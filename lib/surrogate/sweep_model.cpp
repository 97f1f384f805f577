#include "surrogate/sweep_model.hpp"

#include "core/error.hpp"
#include "surrogate/line_sweeps.hpp"
#include "surrogate/supported_read.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::surrogate {

namespace {

constexpr Eigen::Index weight_count = 2;
// Cap on the estimated contraction: beyond it the extrapolation would
// multiply the last step by more than 19 and amplify its noise instead.
constexpr double max_contraction = 0.95;

// The last two sweep iterates of an array with non-ideal wires.
struct SweepResult {
    Eigen::VectorXd last;
    Eigen::VectorXd step;  // I^(K) - I^(K-1)
    double contraction = 0.0;  // ||I^(K) - I^(K-1)|| / ||I^(K-1) - I^(K-2)||, capped
};

SweepResult run_sweeps(const CrossbarArray& array, int sweeps) {
    const LineSweeper sweeper(array);
    RowMajorMatrix row_voltages;
    RowMajorMatrix column_voltages = RowMajorMatrix::Zero(array.rows(), array.cols());
    Eigen::VectorXd current = array.ideal_column_currents();
    Eigen::VectorXd step = Eigen::VectorXd::Zero(current.size());
    double previous_step_norm = 0.0;
    for (int k = 0; k < sweeps; ++k) {
        sweeper.solve_rows(column_voltages, row_voltages);
        sweeper.solve_columns(row_voltages, column_voltages);
        Eigen::VectorXd next = sweeper.column_currents(column_voltages);
        previous_step_norm = step.norm();
        step = next - current;
        current = std::move(next);
    }
    const double ratio = previous_step_norm > 0.0 ? step.norm() / previous_step_norm : 0.0;
    return {current, step, std::min(ratio, max_contraction)};
}

// The features that scale the last step: 1 and s = rho / (1 - rho).
Eigen::Vector2d extrapolation_features(const SweepResult& result) {
    return {1.0, result.contraction / (1.0 - result.contraction)};
}

void validate_coefficients(const SweepModelCoefficients& c) {
    if (c.sweeps < 2) throw InputError(fmt::format("surrogate sweep model: sweeps must be >= 2, got {}", c.sweeps));
    if (static_cast<Eigen::Index>(c.weights.size()) != weight_count) {
        throw InputError(fmt::format("surrogate sweep model: {} weights, expected {}", c.weights.size(), weight_count));
    }
}

}  // namespace

SweepModel::SweepModel(SweepModelCoefficients coefficients) : coefficients_(std::move(coefficients)) {
    validate_coefficients(coefficients_);
}

Eigen::VectorXd SweepModel::column_currents(const CrossbarArray& array) const {
    require_supported_read(array, "sweep");
    if (array.ideal_wires()) return array.ideal_column_currents();
    const SweepResult result = run_sweeps(array, coefficients_.sweeps);
    const Eigen::Map<const Eigen::Vector2d> weights(coefficients_.weights.data());
    return result.last + weights.dot(extrapolation_features(result)) * result.step;
}

SweepModel SweepModel::fit(const std::vector<SweepModelSample>& samples, int sweeps) {
    validate_coefficients({sweeps, std::vector<double>(weight_count, 0.0)});
    // One equation per column: (D_j / I_j) phi . w = (I_exact_j - I^(K)_j) / I_j.
    std::vector<Eigen::RowVector2d> rows_of_a;
    std::vector<double> rows_of_b;
    for (const SweepModelSample& sample : samples) {
        require_supported_read(sample.array, "sweep (fit)");
        if (sample.array.ideal_wires()) continue;
        if (sample.exact_column_currents.size() != sample.array.cols()) {
            throw InputError(fmt::format("surrogate sweep model fit: {} exact currents for {} columns",
                                         sample.exact_column_currents.size(), sample.array.cols()));
        }
        const SweepResult result = run_sweeps(sample.array, sweeps);
        const Eigen::Vector2d phi = extrapolation_features(result);
        for (Eigen::Index j = 0; j < sample.array.cols(); ++j) {
            const double exact = sample.exact_column_currents(j);
            if (exact == 0.0) continue;
            rows_of_a.push_back(result.step(j) / exact * phi.transpose());
            rows_of_b.push_back((exact - result.last(j)) / exact);
        }
    }
    if (rows_of_a.empty()) throw InputError("surrogate sweep model fit: no sample with non-ideal wires");
    Eigen::MatrixXd a(static_cast<Eigen::Index>(rows_of_a.size()), weight_count);
    Eigen::VectorXd b(a.rows());
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
        a.row(k) = rows_of_a[static_cast<std::size_t>(k)];
        b(k) = rows_of_b[static_cast<std::size_t>(k)];
    }
    // Ridge towards pure Aitken (w = (0, 1)): when the samples are already
    // converged after K sweeps, their steps sit at the rounding floor and say
    // nothing about the weights; unregularized, the fit then returns noise
    // that explodes on a strongly coupled array. The penalty is negligible
    // against informative samples (steps of 1e-4 and more).
    const Eigen::Vector2d prior(0.0, 1.0);
    const double penalty = 1e-10 * static_cast<double>(a.rows());
    const Eigen::Matrix2d normal = a.transpose() * a + penalty * Eigen::Matrix2d::Identity();
    const Eigen::Vector2d weights = normal.ldlt().solve(a.transpose() * b + penalty * prior);
    return SweepModel({sweeps, std::vector<double>(weights.data(), weights.data() + weights.size())});
}

}  // namespace memcosim::surrogate
