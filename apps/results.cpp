#include "results.hpp"

#include "core/atomic_file.hpp"
#include "core/csv.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace memcosim::cli {

void write_output(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    write_file_atomically(path, text);
}

void write_column_currents(const Eigen::VectorXd& currents, const std::string& path) {
    std::string text = "col,current\n";
    for (Eigen::Index j = 0; j < currents.size(); ++j) text += fmt::format("{},{}\n", j, csv::format_number(currents(j)));
    write_output(text, path);
}

double relative_max_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const Eigen::VectorXd& reference) {
    const double scale = reference.cwiseAbs().maxCoeff();
    const double difference = (a - b).cwiseAbs().maxCoeff();
    if (scale == 0.0) return difference == 0.0 ? 0.0 : INFINITY;
    return difference / scale;
}

}  // namespace memcosim::cli
