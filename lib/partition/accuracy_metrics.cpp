#include "partition/accuracy_metrics.hpp"

#include <algorithm>
#include <limits>

namespace memcosim::partition {

OutputError compare_outputs(const Eigen::MatrixXd& ideal, const Eigen::MatrixXd& actual) {
    OutputError error;
    double relative_sum = 0.0, cosine_sum = 0.0;
    Eigen::Index outputs = 0;
    for (Eigen::Index k = 0; k < ideal.rows(); ++k) {
        const double full_scale = ideal.row(k).cwiseAbs().maxCoeff();
        if (full_scale == 0.0) continue;
        const Eigen::RowVectorXd relative = (actual.row(k) - ideal.row(k)).cwiseAbs() / full_scale;
        relative_sum += relative.sum();
        outputs += relative.size();
        error.worst_relative = std::max(error.worst_relative, relative.maxCoeff());
        const double norms = ideal.row(k).norm() * actual.row(k).norm();
        const double cosine = norms > 0.0 ? ideal.row(k).dot(actual.row(k)) / norms : 0.0;
        cosine_sum += cosine;
        error.min_cosine = error.vectors == 0 ? cosine : std::min(error.min_cosine, cosine);
        ++error.vectors;
    }
    if (error.vectors > 0) {
        error.mean_relative = relative_sum / static_cast<double>(outputs);
        error.mean_cosine = cosine_sum / static_cast<double>(error.vectors);
    }
    return error;
}

double relative_max_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Eigen::MatrixXd& reference) {
    const double scale = reference.size() ? reference.cwiseAbs().maxCoeff() : 0.0;
    const double difference = a.size() ? (a - b).cwiseAbs().maxCoeff() : 0.0;
    if (scale == 0.0) return difference == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    return difference / scale;
}

}  // namespace memcosim::partition
