// `memcosim partition` and `memcosim map` as a user runs them: a table with
// one line per tile shape, the published cases' commands, and bad input
// (clear message, exit 1, no output file left).
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <fmt/format.h>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

std::string matrix_text(int rows, int cols) {
    std::string text;
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) text += fmt::format("{}{}", j ? "," : "", ((i * 7 + j * 3) % 11 - 5) / 5.0);
        text += '\n';
    }
    return text;
}

// A results table with text columns: header names -> fields of each line.
struct TextTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    [[nodiscard]] double number(std::size_t row, const std::string& name) const {
        const auto at = std::find(header.begin(), header.end(), name);
        REQUIRE(at != header.end());
        return std::stod(rows.at(row).at(std::size_t(at - header.begin())));
    }
};

TextTable read_text_table(const std::string& path) {
    std::ifstream in(path);
    TextTable table;
    std::string line;
    while (std::getline(in, line)) {
        auto fields = memcosim::csv::split_fields(line);
        if (table.header.empty()) {
            table.header = std::move(fields);
        } else {
            table.rows.push_back(std::move(fields));
        }
    }
    return table;
}

void expect_failure(const std::string& arguments, const std::string& output, const std::string& message) {
    INFO(arguments);
    const auto result = run_cli(arguments);
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, ContainsSubstring(message));
    CHECK_FALSE(std::filesystem::exists(output));
}

}  // namespace

TEST_CASE("partition writes one line per tile shape", "[partition][cli]") {
    TempDir dir;
    const auto w = dir.write("w.csv", matrix_text(32, 24));
    const auto x = dir.write("x.csv", matrix_text(3, 32));
    const auto out = dir.file("table.csv");
    const auto result = run_cli(fmt::format("partition --matrix {} --inputs {} --tiles 8x8,16x12,32x24 --levels 16 "
                                            "--r-wire 1 --variation lognormal:0.02 -o {}", w, x, out));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto table = read_text_table(out);
    REQUIRE(table.rows.size() == 3);
    CHECK(table.number(0, "tiles") == 12);
    CHECK(table.number(2, "tiles") == 1);
    CHECK(table.number(2, "mean_rel_error") > table.number(0, "mean_rel_error"));
}

TEST_CASE("partition refuses bad input and leaves no table", "[partition][cli][bad-input]") {
    TempDir dir;
    const auto w = dir.write("w.csv", matrix_text(16, 16));
    const auto x = dir.write("x.csv", matrix_text(2, 16));
    const auto out = dir.file("table.csv");
    const std::string common = fmt::format(" --r-wire 1 -o {}", out);
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 32x32", w, x) + common, out,
                   "tile 32x32 is larger than the 16x16 matrix");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8x8", w, dir.write("x15.csv", matrix_text(2, 15))) + common,
                   out, "15 values but the matrix has 16 rows");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8x8", dir.write("bad.csv", "1,2\n3\n"), x) + common,
                   out, "bad.csv:2");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8x8", dir.write("nan.csv", "1,2\n3,x\n"), x) + common,
                   out, "nan.csv:2");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8by8", w, x) + common, out, "--tiles");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8x8 --map mirror", w, x) + common, out, "--map");
    expect_failure(fmt::format("partition --matrix {} --inputs {} --tiles 8x8 --r-row 1 -o {}", w, x, out), out,
                   "wire resistance missing");
    CHECK(dir.entry_count() == 5);  // only the inputs written above
}

TEST_CASE("map places a layered network and a graph", "[partition][cli]") {
    TempDir dir;
    const auto out = dir.file("map.csv");
    const auto layered = run_cli(fmt::format("map --layers 64,40,10 --core 32x32 --r-wire 1 --samples 4 -o {}", out));
    INFO(layered.output);
    REQUIRE(layered.exit_code == 0);
    const auto table = read_text_table(out);
    REQUIRE(table.rows.size() == 2);
    CHECK(table.number(0, "cores") == 6);  // 2 x 2 for 64 -> 40, 2 x 1 for 40 -> 10
    const auto edges = dir.write("edges.csv", "source,target,weight\n0,1,0.5\n1,0,0.5\n2,3,1\n3,2,1\n");
    const auto graph = run_cli(fmt::format("map --graph {} --core 2x2 --r-wire 1 -o -", edges));
    INFO(graph.output);
    CHECK(graph.exit_code == 0);
    CHECK_THAT(graph.output, ContainsSubstring("greedy,2,4"));
    expect_failure(fmt::format("map --graph {} --core 2x2 --r-wire 1 -o {}", dir.write("e.csv", "0,1\n1,z\n"), out + "x"),
                   out + "x", "e.csv:2");
}

TEST_CASE("the published cases run at a small size", "[partition][cli]") {
    TempDir dir;
    const auto fouda = run_cli(fmt::format("partition fouda-case --size 32 --tiles 8 --vectors 2 --out {}", dir.file("f")));
    INFO(fouda.output);
    REQUIRE(fouda.exit_code == 0);
    CHECK_THAT(fouda.output, ContainsSubstring("untiled 32x32") && ContainsSubstring("16 tiles of 8x8"));
    CHECK(std::filesystem::exists(dir.file("f/error_map_8x8.png")));
    const auto zuloaga = run_cli("partition zuloaga-case --sizes 8,16 --ceiling 64");
    INFO(zuloaga.output);
    REQUIRE(zuloaga.exit_code == 0);
    CHECK_THAT(zuloaga.output, ContainsSubstring("3.528 ohm") && ContainsSubstring("largest N x N within 1 LSB"));
}
