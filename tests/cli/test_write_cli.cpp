// `memcosim write` end to end: the fast path and ngspice write the same
// final states through the CLI, the table is consistent with itself and
// with the V/2 scheme, and bad input is a clear error with a non-zero exit
// and no output file.
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

// VTEAM from x = 0.8: 1.4 V SETs the selected cell, V/2 = 0.7 V (above the
// 0.5 V threshold) disturbs the half-selected ones.
const std::string write_8x8 =
    "write --model vteam --rows 8 --cols 8 --cell-row 3 --cell-col 5 --scheme v2 --v-write 1.4 --width 4e-9 "
    "--rise 0.5e-9 --state-uniform 0.8 --r-wire 2";

}  // namespace

TEST_CASE("write: solver and spice tables agree within 1 %, V/2 disturbs only the selected lines",
          "[cli][write][spice]") {
    TempDir dir;
    const std::string fast = dir.file("fast.csv"), spice = dir.file("spice.csv"), plot = dir.file("disturb.png");
    auto result = run_cli(fmt::format("{} --engine solver -o {} --plot {}", write_8x8, fast, plot));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("selected cell (3,5)"));
    CHECK_THAT(result.output, ContainsSubstring("worst disturb"));
    CHECK(std::filesystem::file_size(plot) > 1000);
    result = run_cli(fmt::format("{} --engine spice -o {}", write_8x8, spice));
    REQUIRE(result.exit_code == 0);

    const auto f = memcosim::csv::read_table(fast), s = memcosim::csv::read_table(spice);
    REQUIRE(f.rows.size() == 64);
    REQUIRE(s.rows.size() == 64);
    const auto row = f.column("row"), col = f.column("col"), before = f.column("state_before"),
               after = f.column("state_after"), delta = f.column("delta"), peak = f.column("peak_voltage");
    for (std::size_t n = 0; n < 64; ++n) {
        const auto& a = f.rows[n];
        const auto& b = s.rows[n];
        INFO("cell " << a[row] << "," << a[col]);
        CHECK(a[before] == 0.8);
        CHECK(std::abs(a[after] - a[before] - a[delta]) <= 1e-12);
        CHECK(std::abs(a[after] - b[after]) <= 0.01 * std::abs(b[after]));
        CHECK(std::abs(a[delta] - b[delta]) <= 0.01 * std::abs(b[delta]) + 1e-6);
        const bool selected = a[row] == 3 && a[col] == 5, half = (a[row] == 3) != (a[col] == 5);
        if (selected) CHECK(a[delta] < -0.05);                       // SET
        if (half) CHECK(a[delta] < -1e-4);                           // disturbed
        if (half) CHECK(std::abs(a[peak] - 0.7) <= 0.02);            // about V/2 (the wires take a little)
        if (!selected && !half) CHECK(std::abs(a[delta]) <= 1e-12);  // about 0 V: below the threshold
    }
}

TEST_CASE("write refuses bad input", "[cli][write][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("never.csv");
    const std::string tail = " -o " + out;
    const std::string lines = "write --model vteam --rows 8 --cols 8 --scheme v2 --v-write 1.4 --r-wire 2";
    const std::string base = lines + " --width 4e-9 --state-uniform 0.8";
    expect_failure(base + " --cell-row 8 --cell-col 0" + tail, out, "--cell-row 8 is outside the 8x8 array");
    expect_failure(base + " --cell-row 0 --cell-col -1" + tail, out, "--cell-col -1 is outside");
    expect_failure(base + " --cell-row 0 --cell-col 0 --scheme v4" + tail, out, "--scheme", 2);
    expect_failure(base + " --cell-row 0 --cell-col 0 --engine xyce" + tail, out, "--engine", 2);
    expect_failure(
        "write --model no_such_model --rows 8 --cols 8 --cell-row 0 --cell-col 0 --v-write 1 --width 1e-9" + tail,
        out, "no_such_model");
    expect_failure(
        "write --model selector_sinh --rows 8 --cols 8 --cell-row 0 --cell-col 0 --v-write 1 --width 1e-9" + tail,
        out, "has no states");
    expect_failure(lines + " --state-uniform 0.8 --cell-row 0 --cell-col 0 --width 0" + tail, out, "--width must be > 0");
    expect_failure(base + " --cell-row 0 --cell-col 0 --state-uniform 0.8,0.1" + tail, out, "too many");
    // Newton allowed one iteration per step: no step converges.
    expect_failure(base + " --cell-row 0 --cell-col 0 --newton-iterations 1" + tail, out, "Newton did not converge");
    // ngspice has no resistor for ideal wires.
    expect_failure(
        "write --model vteam --rows 4 --cols 4 --cell-row 0 --cell-col 0 --v-write 1.4 --width 4e-9 --engine spice" +
            tail,
        out, "needs wire resistance");
    const std::string bad_map = dir.write("map.csv", "0.5,0.5\n0.5,0.5\n");
    expect_failure(lines + " --width 4e-9 --cell-row 0 --cell-col 0 --states " + bad_map + tail, out, "is 2x2 for a 8x8 array");
}

TEST_CASE("write --cell 1T1R: both engines end to end, gates off keep the other rows still, 2T2R names its device",
          "[cli][write][cells][spice]") {
    TempDir dir;
    const std::string fast = dir.file("fast.csv"), spice = dir.file("spice.csv"), pairs = dir.file("pairs.csv");
    // A 2 V word line; the others at 0 V (the default --v-gate-off).
    const std::string common =
        "write --model vteam --rows 8 --cols 8 --cell-row 3 --cell-col 5 --scheme v2 --v-write 1.4 --width 4e-9 "
        "--rise 0.5e-9 --state-uniform 0.8 --r-wire 2 --cell 1T1R --v-gate 2";
    auto result = run_cli(fmt::format("{} --engine solver -o {}", common, fast));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("transistor level1"));  // the fit's report
    CHECK_THAT(result.output, ContainsSubstring("worst disturb"));
    result = run_cli(fmt::format("{} --engine spice -o {}", common, spice));
    REQUIRE(result.exit_code == 0);
    const auto f = memcosim::csv::read_table(fast), s = memcosim::csv::read_table(spice);
    REQUIRE(f.rows.size() == 64);
    REQUIRE(s.rows.size() == 64);
    const auto row = f.column("row"), col = f.column("col"), after = f.column("state_after"),
               delta = f.column("delta");
    for (std::size_t n = 0; n < 64; ++n) {
        const auto& a = f.rows[n];
        INFO("cell " << a[row] << "," << a[col]);
        CHECK(std::abs(a[after] - s.rows[n][after]) <= 0.01 * std::abs(s.rows[n][after]));
        if (a[row] == 3 && a[col] == 5) CHECK(a[delta] < -0.05);       // SET
        if (a[row] != 3) CHECK(std::abs(a[delta]) <= 1e-9);            // word line off: still
        if (a[row] != 3) CHECK(std::abs(s.rows[n][delta]) <= 1e-9);
    }

    // Per-row gates from a file: every word line on, so the selected
    // column's cells on the other rows (row at V/2, column at 0 V) move.
    const std::string gates = dir.write("gates.csv", "2\n2\n2\n2\n2\n2\n2\n2\n"), on = dir.file("on.csv");
    const std::string all_on =
        "write --model vteam --rows 8 --cols 8 --cell-row 3 --cell-col 5 --scheme v2 --v-write 1.4 --width 4e-9 "
        "--rise 0.5e-9 --state-uniform 0.8 --r-wire 2 --cell 1T1R --gates " + gates;
    result = run_cli(fmt::format("{} -o {}", all_on, on));
    REQUIRE(result.exit_code == 0);
    const auto g = memcosim::csv::read_table(on);
    CHECK(g.rows[0 * 8 + 5][delta] < -1e-3);

    // 2T2R: --cols counts physical columns; pair 2's G- device is column 5.
    result = run_cli(fmt::format(
        "write --model vteam --rows 4 --cols 8 --cell-row 1 --cell-col 2 --device G- --scheme v2 --v-write 1.4 "
        "--width 4e-9 --rise 0.5e-9 --state-uniform 0.8 --r-wire 2 --cell 2T2R --v-gate 2 -o {}",
        pairs));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("selected cell (1,5) (G- of pair 2)"));
    const auto p = memcosim::csv::read_table(pairs);
    REQUIRE(p.rows.size() == 32);
    CHECK(p.rows[1 * 8 + 5][p.column("delta")] < -0.05);
}

TEST_CASE("write --scheme float --cell 2T2R: both engines, the open columns held by the junctions alike",
          "[cli][write][cells][spice][float]") {
    TempDir dir;
    const std::string fast = dir.file("fast.csv"), spice = dir.file("spice.csv");
    // G+ of pair 1 (column 2) on row 2; its G- (column 3) and every other line open.
    const std::string common =
        "write --model vteam --rows 4 --cols 8 --cell-row 2 --cell-col 1 --device G+ --scheme float --v-write 1.4 "
        "--width 4e-9 --rise 0.5e-9 --state-uniform 0.8 --r-wire 2 --cell 2T2R --v-gate 2";
    auto result = run_cli(fmt::format("{} -o {}", common, fast));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    result = run_cli(fmt::format("{} --engine spice -o {}", common, spice));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto f = memcosim::csv::read_table(fast), s = memcosim::csv::read_table(spice);
    REQUIRE(f.rows.size() == 32);
    REQUIRE(s.rows.size() == 32);
    const auto after = f.column("state_after"), delta = f.column("delta"), peak = f.column("peak_voltage");
    CHECK(f.rows[2 * 8 + 2][delta] < -0.05);  // SET
    for (std::size_t n = 0; n < 32; ++n) {
        INFO("cell " << n);
        CHECK(std::abs(f.rows[n][after] - s.rows[n][after]) <= 0.01 * std::abs(s.rows[n][after]));
        CHECK(std::abs(f.rows[n][peak] - s.rows[n][peak]) <= 1e-3);
    }
    // Row 0 is open and stays at 0 V: its cell on column 3 sees the open
    // column itself, cut off at 2 V - vt(1.27 V) (not the 1.4 V pulse).
    CHECK(std::abs(s.rows[3][peak] - 1.2727) <= 2e-3);
}

TEST_CASE("write --cell 1S1R: the fast path runs end to end and SETs the selected cell",
          "[cli][write][cells]") {
    TempDir dir;
    const std::string out = dir.file("s.csv");
    const auto result = run_cli(fmt::format(
        "write --model vteam --rows 8 --cols 8 --cell-row 2 --cell-col 2 --scheme v2 --v-write 2.8 --width 4e-9 "
        "--rise 0.5e-9 --state-uniform 0.8 --r-wire 2 --cell 1S1R -o {}",
        out));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto t = memcosim::csv::read_table(out);
    REQUIRE(t.rows.size() == 64);
    CHECK(t.rows[2 * 8 + 2][t.column("delta")] < -0.05);
}

TEST_CASE("write with composite cells refuses bad input", "[cli][write][cells][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("never.csv");
    const std::string tail = " -o " + out;
    const std::string base =
        "write --model vteam --rows 8 --cols 8 --scheme v2 --v-write 1.4 --r-wire 2 --width 4e-9 --state-uniform 0.8";
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 3T1R" + tail, out, "unknown cell type '3T1R'");
    expect_failure(base + " --cell-row 8 --cell-col 0 --cell 1T1R" + tail, out, "--cell-row 8 is outside the 8x8 array");
    expect_failure(base + " --cell-row 0 --cell-col 4 --cell 2T2R" + tail, out, "--cell-col 4 is outside the 4 pairs");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1S1R --v-gate 2" + tail, out, "1T1R and 2T2R only");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1T1R --device G-" + tail, out, "2T2R only");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1S1R --selector vteam" + tail, out, "stateless");
    const std::string gates = dir.write("gates.csv", "2\n0\n0\n");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1T1R --gates " + gates + tail, out,
                   "has 3 gate voltages but the array has 8 word lines");
    // A card ngspice itself rejects (an unknown model level): its message comes through, in both engines.
    const std::string card = dir.write("bad.mod", "* not a real transistor\n.model broken nmos (level=99 vto=0.5)\n");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1T1R --transistor " + card + tail, out, "ngspice");
    expect_failure(base + " --cell-row 0 --cell-col 0 --cell 1T1R --engine spice --transistor " + card + tail, out,
                   "ngspice");
}
