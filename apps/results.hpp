#pragma once
// Result files and console summaries shared by the subcommands.
#include <Eigen/Dense>
#include <string>

namespace memcosim::cli {

// `col,current` table; to stdout when path is empty or "-".
void write_column_currents(const Eigen::VectorXd& currents, const std::string& path);

// Writes text to path atomically, or to stdout for "" or "-".
void write_output(const std::string& text, const std::string& path);

// Largest |a - b| divided by the largest |reference| (0 if both are zero).
[[nodiscard]] double relative_max_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                             const Eigen::VectorXd& reference);

}  // namespace memcosim::cli
