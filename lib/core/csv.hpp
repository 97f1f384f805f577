#pragma once
// Plain-number CSV files as DESIGN.md fixes them: a conductance map is R lines
// of C values, an input vector is one value per line. Comment lines start
// with '#'; blank lines are skipped. Every parse error names file and line.
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace memcosim::csv {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A table of numbers; rows must all have the same width.
[[nodiscard]] RowMajorMatrix read_matrix(const std::string& path);

// One number per line (a single column). A single line with several values is
// also accepted, so a row vector written by a spreadsheet reads the same.
[[nodiscard]] Eigen::VectorXd read_vector(const std::string& path);

// A results table as we write them: a header row of names, then numbers.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<double>> rows;
    // Index of a header name; throws InputError naming the file if absent.
    [[nodiscard]] std::size_t column(const std::string& name) const;
    std::string source;
};
[[nodiscard]] Table read_table(const std::string& path);
// The numbers of a headed table as a matrix (header dropped).
[[nodiscard]] RowMajorMatrix read_matrix_with_header(const std::string& path);

// Parses one field; throws InputError naming path:line on failure.
[[nodiscard]] double parse_number(const std::string& field, const std::string& path, std::size_t line);

// Splits a CSV line on commas (and surrounding blanks); no quoting is needed
// for the numeric files we read.
[[nodiscard]] std::vector<std::string> split_fields(const std::string& line);

// Formats a number so it reads back exactly (round trip), in plain SI form.
[[nodiscard]] std::string format_number(double value);

}  // namespace memcosim::csv
