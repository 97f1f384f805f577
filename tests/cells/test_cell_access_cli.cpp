// Single-cell access through the program: compare crossbar --scheme for
// the composite cells, gen --scheme + sim against solve --scheme (the same
// circuit: the sensed column's current), per-row gates from a file, sneak
// --cell 1T1R against 1R, and bad input (a selected cell outside the array,
// --v-gate-off without a transistor, a malformed gate file): clear error,
// non-zero exit, nothing written.
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::expect_failure;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

const std::string array = " --rows 8 --cols 8 --g-random 1e-5:1e-4 --r-wire 1 --seed 3";

double value(const memcosim::csv::Table& table, const std::string& column, std::size_t row = 0) {
    return table.rows.at(row).at(table.column(column));
}

}  // namespace

TEST_CASE("compare crossbar --scheme: ngspice and the fast path agree on a single-cell read", "[cli][cells][access]") {
    for (const std::string cell : {"--cell 1T1R --scheme v2 --v-read 0.3", "--cell 2T2R --scheme v2 --v-read 0.3",
                                   "--cell 1S1R --scheme v3 --v-read 1.0"}) {
        const auto result = run_cli("compare crossbar --tolerance 1e-4 --cell-row 2 --cell-col 3" + array + " " + cell);
        INFO(cell << "\n" << result.output);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.output, ContainsSubstring("of the largest current"));
    }
}

TEST_CASE("compare crossbar --scheme float: transistor cells with junction-pinned floating lines (once refused)",
          "[cli][cells][access][float]") {
    for (const std::string cell : {"--cell 1T1R --scheme float --v-read 0.3", "--cell 2T2R --scheme float --v-write 1.0"}) {
        const auto result = run_cli("compare crossbar --tolerance 1e-4 --cell-row 2 --cell-col 3" + array + " " + cell);
        INFO(cell << "\n" << result.output);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.output, ContainsSubstring("of the largest current"));
        CHECK_THAT(result.output, ContainsSubstring("junctions: max error"));  // the fast path fitted them
    }
}

TEST_CASE("gen --scheme + sim senses what solve --scheme reports", "[cli][cells][access]") {
    TempDir dir;
    const std::string netlist = dir.file("read.cir"), simulated = dir.file("sim.csv"), solved = dir.file("solve.csv");
    const std::string arguments = array + " --cell 1T1R --scheme v3 --cell-row 6 --cell-col 1 --v-read 0.3";
    REQUIRE(run_cli(fmt::format("gen crossbar{} -o {}", arguments, netlist)).exit_code == 0);
    const auto sim = run_cli(fmt::format("sim {} -o {}", netlist, simulated));
    INFO(sim.output);
    REQUIRE(sim.exit_code == 0);
    const auto solve = run_cli(fmt::format("solve crossbar{} -o {}", arguments, solved));
    INFO(solve.output);
    REQUIRE(solve.exit_code == 0);
    const auto a = memcosim::csv::read_table(simulated), b = memcosim::csv::read_table(solved);
    REQUIRE(a.rows.size() == 8);  // v3: every column terminated (col,current)
    const double sensed = a.rows[1][a.column("current")];
    REQUIRE(b.rows.size() == 1);
    CHECK(value(b, "row") == 6);
    CHECK(value(b, "col") == 1);
    CHECK(sensed > 1e-6);
    CHECK(std::abs(sensed - value(b, "sensed_current")) <= 1e-4 * sensed);
    CHECK(std::abs(value(b, "sensed_current") - value(b, "cell_current") - value(b, "sneak_current")) <= 1e-12 * sensed);
}

TEST_CASE("per-row gate voltages: a gate file gives each word line its own voltage", "[cli][cells][access]") {
    TempDir dir;
    const std::string gates = dir.file("gates.csv"), on = dir.file("on.csv"), off = dir.file("off.csv");
    // Every gate at 0 V but row 2's: a single-cell read by the gates alone.
    std::ofstream(gates) << "0\n0\n1.2\n0\n0\n0\n0\n0\n";
    const std::string common = array + " --cell 1T1R --scheme v2 --cell-row 2 --cell-col 3 --v-read 0.3";
    const auto a = run_cli(fmt::format("solve crossbar{} --gates {} -o {}", common, gates, on));
    INFO(a.output);
    REQUIRE(a.exit_code == 0);
    const auto b = run_cli(fmt::format("solve crossbar{} --v-gate 1.2 --v-gate-off 0 -o {}", common, off));
    INFO(b.output);
    REQUIRE(b.exit_code == 0);
    const auto x = memcosim::csv::read_table(on), y = memcosim::csv::read_table(off);
    CHECK(std::abs(value(x, "sensed_current") - value(y, "sensed_current")) <= 1e-9 * value(y, "sensed_current"));
    const auto compared = run_cli(fmt::format("compare crossbar --tolerance 1e-4{} --gates {}", common, gates));
    INFO(compared.output);
    CHECK(compared.exit_code == 0);
}

TEST_CASE("sneak --cell 1T1R: the access transistors keep the sneak current out", "[cli][cells][access][sneak]") {
    TempDir dir;
    const std::string transistor = dir.file("1t1r.csv"), linear = dir.file("1r.csv");
    const std::string common = " --scheme v2 --sizes 8,32 --g-on 1e-4 --g-off 1e-6 --v-read 0.3 --r-wire 1";
    const auto a = run_cli(fmt::format("sneak --cell 1T1R{} -o {}", common, transistor));
    INFO(a.output);
    REQUIRE(a.exit_code == 0);
    REQUIRE(run_cli(fmt::format("sneak --cell 1R{} -o {}", common, linear)).exit_code == 0);
    const auto t = memcosim::csv::read_table(transistor), l = memcosim::csv::read_table(linear);
    REQUIRE(t.rows.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(value(t, "read_margin", k) > 0.9);
        CHECK(value(t, "read_margin", k) > 2.0 * value(l, "read_margin", k));
        CHECK(std::abs(value(t, "sneak_current", k)) < 1e-3 * std::abs(value(l, "sneak_current", k)));
    }
}

TEST_CASE("the access flags refuse bad input", "[cli][cells][access][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("never.csv");
    const std::string read = array + " --scheme v2 --v-read 0.3";
    expect_failure("solve crossbar" + read + " --cell 1T1R --cell-row 8 --cell-col 0 -o " + out, out,
                   "selected cell (row 8, column 0) is outside the 8x8 array", 1);
    expect_failure("gen crossbar" + read + " --cell 1S1R --cell-row 0 --cell-col -1 -o " + out, out,
                   "outside the 8x8 array", 1);
    expect_failure("compare crossbar" + read + " --cell 2T2R --cell-row 1 --cell-col 4 -o " + out, out,
                   "selected pair (row 1, pair 4) is outside the array: 8 rows, 4 pairs", 1);
    expect_failure("solve crossbar" + read + " --cell 1S1R --cell-row 1 --cell-col 1 --v-gate-off 0 -o " + out, out,
                   "--v-gate-off and --gates apply to --cell 1T1R and 2T2R only", 1);
    expect_failure("solve crossbar" + array + " --v-uniform 0.2 --cell 1T1R --v-gate-off 0 -o " + out, out,
                   "--v-gate-off sets the unselected word lines: it needs --scheme", 1);
    expect_failure("solve crossbar" + read + " --cell 1T1R --cell-row 1 -o " + out, out, "--cell-row and --cell-col",
                   1);
    expect_failure("solve crossbar" + read + " --v-uniform 0.2 --cell 1T1R --cell-row 1 --cell-col 1 -o " + out, out,
                   "--scheme sets the row voltages", 1);

    const std::string gates = dir.file("gates.csv");
    std::ofstream(gates) << "0\n0\nhigh\n0\n0\n0\n0\n0\n";
    expect_failure("gen crossbar" + read + " --cell 1T1R --cell-row 2 --cell-col 3 --gates " + gates + " -o " + out,
                   out, gates + ":3: 'high' is not a number", 1);
    const std::string short_gates = dir.file("short.csv");
    std::ofstream(short_gates) << "0\n1.2\n";
    expect_failure("solve crossbar" + read + " --cell 1T1R --cell-row 1 --cell-col 3 --gates " + short_gates +
                       " -o " + out,
                   out, "has 2 gate voltages but the array has 8 word lines", 1);
    expect_failure("sneak --cell 2T2R --scheme v2 --sizes 8 --g-on 1e-4 --g-off 1e-6 --v-read 0.3 -o " + out, out,
                   "2T2R is read as a difference of two cells", 1);
    expect_failure("sneak --cell 1R --v-gate-off 0 --scheme v2 --sizes 8 --g-on 1e-4 --g-off 1e-6 --v-read 0.3 -o " +
                       out,
                   out, "apply to --cell 1T1R only", 1);
}
