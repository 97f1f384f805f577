#include "core/csv.hpp"

#include "core/error.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

namespace memcosim::csv {
namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool is_skippable(const std::string& trimmed) { return trimmed.empty() || trimmed.front() == '#'; }

std::ifstream open_for_reading(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open file for reading", path));
    return in;
}

}  // namespace

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return fields;
}

double parse_number(const std::string& field, const std::string& path, std::size_t line) {
    if (field.empty()) throw InputError(fmt::format("{}:{}: empty field where a number was expected", path, line));
    double value = 0.0;
    const char* begin = field.data();
    const char* end = begin + field.size();
    if (*begin == '+') ++begin;  // from_chars rejects a leading '+'
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end) {
        throw InputError(fmt::format("{}:{}: '{}' is not a number (plain SI values such as 1e-6 are expected)", path,
                                     line, field));
    }
    if (!std::isfinite(value)) throw InputError(fmt::format("{}:{}: '{}' is not a finite number", path, line, field));
    return value;
}

RowMajorMatrix read_matrix(const std::string& path) {
    auto in = open_for_reading(path);
    std::vector<double> values;
    std::size_t width = 0;
    std::size_t rows = 0;
    std::string text;
    for (std::size_t line = 1; std::getline(in, text); ++line) {
        const std::string trimmed = trim(text);
        if (is_skippable(trimmed)) continue;
        const auto fields = split_fields(trimmed);
        if (rows == 0) width = fields.size();
        if (fields.size() != width) {
            throw InputError(fmt::format("{}:{}: ragged row: {} values where the first row has {}", path, line,
                                         fields.size(), width));
        }
        for (const auto& field : fields) values.push_back(parse_number(field, path, line));
        ++rows;
    }
    if (rows == 0) throw InputError(fmt::format("{}: no data (expected rows of comma-separated numbers)", path));
    RowMajorMatrix matrix(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(width));
    std::copy(values.begin(), values.end(), matrix.data());
    return matrix;
}

Eigen::VectorXd read_vector(const std::string& path) {
    const RowMajorMatrix table = read_matrix(path);
    if (table.cols() == 1) return table.col(0);
    if (table.rows() == 1) return table.row(0).transpose();
    throw InputError(fmt::format("{}: expected one value per line, found {} rows of {} values", path, table.rows(),
                                 table.cols()));
}

Table read_table(const std::string& path) {
    auto in = open_for_reading(path);
    Table table;
    table.source = path;
    std::string text;
    for (std::size_t line = 1; std::getline(in, text); ++line) {
        const std::string trimmed = trim(text);
        if (is_skippable(trimmed)) continue;
        const auto fields = split_fields(trimmed);
        if (table.header.empty()) {
            table.header = fields;
            continue;
        }
        if (fields.size() != table.header.size()) {
            throw InputError(fmt::format("{}:{}: {} values where the header names {} columns", path, line,
                                         fields.size(), table.header.size()));
        }
        std::vector<double>& row = table.rows.emplace_back();
        for (const auto& field : fields) row.push_back(parse_number(field, path, line));
    }
    if (table.header.empty()) throw InputError(fmt::format("{}: no header row", path));
    return table;
}

std::size_t Table::column(const std::string& name) const {
    for (std::size_t k = 0; k < header.size(); ++k) {
        if (header[k] == name) return k;
    }
    throw InputError(fmt::format("{}: no column named '{}'", source, name));
}

RowMajorMatrix read_matrix_with_header(const std::string& path) {
    const Table table = read_table(path);
    RowMajorMatrix matrix(static_cast<Eigen::Index>(table.rows.size()), static_cast<Eigen::Index>(table.header.size()));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = table.rows[r][c];
        }
    }
    return matrix;
}

std::string format_number(double value) { return fmt::format("{}", value); }

}  // namespace memcosim::csv
