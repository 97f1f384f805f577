#include "surrogate/error_statistics.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::surrogate {

void append_relative_errors(const Eigen::VectorXd& predicted, const Eigen::VectorXd& exact,
                            std::vector<double>& errors) {
    if (predicted.size() != exact.size()) {
        throw InputError(fmt::format("surrogate errors: {} predicted currents for {} exact", predicted.size(),
                                     exact.size()));
    }
    for (Eigen::Index j = 0; j < exact.size(); ++j) {
        if (exact(j) != 0.0) errors.push_back(std::abs(predicted(j) - exact(j)) / std::abs(exact(j)));
    }
}

ErrorSummary summarize_errors(std::vector<double> errors) {
    ErrorSummary summary;
    summary.count = errors.size();
    if (errors.empty()) return summary;
    std::sort(errors.begin(), errors.end());
    // Nearest rank: the smallest value with at least q of the errors at or below it.
    const auto rank = [&](double q) {
        const auto n = static_cast<double>(errors.size());
        const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(q * n)));
        return errors[k - 1];
    };
    summary.median = rank(0.5);
    summary.p95 = rank(0.95);
    summary.max = errors.back();
    return summary;
}

}  // namespace memcosim::surrogate
