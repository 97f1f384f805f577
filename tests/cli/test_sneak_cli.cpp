// `memcosim sneak` end to end: the table it writes meets the v2 closed form
// of test_bias_schemes.cpp, the plot appears, and bad input is a clear error
// with a non-zero exit and no output file.
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::expect_failure;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

const std::string cells = " --g-on 1e-4 --g-off 1e-6 --v-read 0.2";


}  // namespace

TEST_CASE("sneak writes the read margins of the v2 closed form", "[cli][sneak]") {
    TempDir dir;
    const std::string table = dir.file("margin.csv"), plot = dir.file("margin.png");
    const auto result =
        run_cli(fmt::format("sneak --cell 1R --scheme v2 --sizes 4,9,30{} -o {} --plot {}", cells, table, plot));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("30x30 v2 1R"));  // progress on stderr
    const auto t = memcosim::csv::read_table(table);
    REQUIRE(t.rows.size() == 3);
    // Ideal wires (the default): margin = (1 - G_off/G_on) / (1 + (N-1)/2).
    for (const auto& row : t.rows) {
        const double n = row[t.column("size")];
        const double margin = (1.0 - 1e-2) / (1.0 + (n - 1.0) / 2.0);
        CHECK(std::abs(row[t.column("read_margin")] - margin) <= 1e-12 * margin);
        CHECK(std::abs(row[t.column("disturb_voltage")] - 0.1) <= 1e-12);
        CHECK(std::abs(row[t.column("sneak_current")] - (n - 1.0) * 1e-4 * 0.1) <= 1e-12 * n * 1e-5);
    }
    CHECK(std::filesystem::file_size(plot) > 1000);
}

TEST_CASE("sneak refuses bad input", "[cli][sneak][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("never.csv");
    expect_failure("sneak --scheme v4" + cells + " -o " + out, out, "--scheme", 2);
    expect_failure("sneak --cell 2T2R" + cells + " -o " + out, out, "difference of two cells", 1);
    expect_failure("sneak --sizes 8,0" + cells + " -o " + out, out, "--sizes", 2);
    expect_failure("sneak --cell 1S1R" + cells + " -o " + out, out, "needs --selector-ratio", 1);
    expect_failure("sneak --cell 1S1R --selector-ratio 1.5" + cells + " -o " + out, out, "must be > 2", 1);
    expect_failure("sneak --cell 1R --selector-ratio 10" + cells + " -o " + out, out, "1S1R only", 1);
    expect_failure("sneak --g-on 1e-6 --g-off 1e-4 --v-read 0.2 -o " + out, out, "--g-off", 1);
    expect_failure("sneak --r-wire -2" + cells + " -o " + out, out, "--r-wire", 1);
}
