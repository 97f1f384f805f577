#pragma once
// PNG plots through gnuplot (Debian's gnuplot-nox). Data goes to gnuplot's
// standard input as an inline data block, so no temporary data files; the
// PNG appears whole or not at all.
#include "core/crossbar_array.hpp"

#include <string>
#include <vector>

namespace memcosim::cli {

struct HeatmapLabels {
    std::string title, x_label = "column", y_label = "row", value_label;
};

// Matrix (row 0 drawn at the top) as a colour map.
void plot_heatmap(const RowMajorMatrix& values, const HeatmapLabels& labels, const std::string& png_path);

struct Series {
    std::string name;
    std::vector<double> x, y;
};

struct LinePlotLabels {
    std::string title, x_label, y_label;
    bool log_x = false, log_y = false;
};

void plot_lines(const std::vector<Series>& series, const LinePlotLabels& labels, const std::string& png_path);

}  // namespace memcosim::cli
