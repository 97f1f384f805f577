#pragma once
// Scoring a surrogate against a reference: the relative column-current
// error |I_j - I*_j| / |I*_j| pooled over many columns and arrays, summarised
// as median, 95th percentile and maximum (what the tests and calibration
// files report).
#include <Eigen/Dense>

#include <vector>

namespace memcosim::surrogate {

struct ErrorSummary {
    double median = 0.0;
    double p95 = 0.0;
    double max = 0.0;
    std::size_t count = 0;
};

// Appends |predicted_j - exact_j| / |exact_j| for every column with a
// nonzero exact current.
void append_relative_errors(const Eigen::VectorXd& predicted, const Eigen::VectorXd& exact,
                            std::vector<double>& errors);

// Nearest-rank percentiles; all zero for no errors.
[[nodiscard]] ErrorSummary summarize_errors(std::vector<double> errors);

}  // namespace memcosim::surrogate
