// Transients of model and composite cells and writes with wire capacitance
// through the program (formerly refused): `solve crossbar --tran` writes
// time,I0,... for --model and --cell 1S1R/1T1R/2T2R, `compare crossbar
// --tran` agrees with ngspice within 1% of the peak, `write --c-wire` gives
// the states of ngspice's run; bad input is a clear error, a non-zero exit
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

const std::string wires = "--r-wire 20 --c-wire 2e-13 --pulse 2e-10:1e-10:1.5e-9:1e-10 --tran 2e-11:2.4e-9";
const std::string vteam = "--rows 6 --cols 5 --model vteam --state-uniform 0.5 --v-random 0.9:1.2 --seed 3";
const std::string one_s_one_r = "--rows 6 --cols 5 --cell 1S1R --g-random 1e-5:1e-4 --v-random 0.8:1.2 --seed 3";
const std::string one_t_one_r = "--rows 6 --cols 5 --cell 1T1R --g-random 1e-5:1e-4 --v-random 0.1:0.3 --seed 3";

// The waveform table: header time,I0..I<columns-1>, one row per output time.
void check_waveforms(const std::string& path, std::size_t columns) {
    const auto table = memcosim::csv::read_table(path);
    REQUIRE(table.header.size() == columns + 1);
    CHECK(table.header.front() == "time");
    CHECK(table.header.back() == fmt::format("I{}", columns - 1));
    REQUIRE(table.rows.size() == 121);  // 0, 2e-11, ..., 2.4e-9
    double peak = 0.0;
    for (const auto& row : table.rows) {
        for (std::size_t k = 1; k < row.size(); ++k) peak = std::max(peak, std::abs(row[k]));
    }
    CHECK(peak > 1e-6);
    // Before the pulse every current is 0; at the end the pulse is over.
    for (std::size_t k = 1; k <= columns; ++k) CHECK(std::abs(table.rows.front()[k]) <= 1e-12 * peak);
}

}  // namespace

TEST_CASE("solve crossbar --tran writes waveforms for model and composite cells", "[cli][transient][cells]") {
    TempDir dir;
    const std::string out = dir.file("out.csv"), delays = dir.file("delays.csv");
    for (const auto& cells : {vteam, one_s_one_r, one_t_one_r}) {
        const auto result = run_cli(fmt::format("solve crossbar {} {} -o {} --delays {}", cells, wires, out, delays));
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        CHECK_THAT(result.output, ContainsSubstring("Newton per step"));
        check_waveforms(out, 5);
        const auto d = memcosim::csv::read_table(delays);
        REQUIRE(d.rows.size() == 5);
        CHECK(d.rows[0][d.column("delay")] > 1e-10);
        std::filesystem::remove(out);
    }
    // 2T2R: one output per pair.
    const auto result = run_cli(fmt::format("solve crossbar --rows 4 --cols 6 --cell 2T2R --g-random 1e-5:1e-4 "
                                            "--v-random 0.1:0.3 {} -o {}",
                                            wires, out));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    check_waveforms(out, 3);
}

TEST_CASE("compare crossbar --tran: model and 1T1R cells agree with ngspice", "[cli][transient][cells][spice]") {
    TempDir dir;
    for (const auto& cells : {vteam, one_t_one_r}) {
        const std::string out = dir.file("both.csv");
        const auto result = run_cli(fmt::format("compare crossbar {} {} -o {}", cells, wires, out));
        INFO(result.output);
        REQUIRE(result.exit_code == 0);  // within the default 1% of the peak
        CHECK_THAT(result.output, ContainsSubstring("of the peak current"));
        CHECK_THAT(result.output, ContainsSubstring("settling delay (1%), ngspice"));
        const auto table = memcosim::csv::read_table(out);
        CHECK(table.header[1] == "spice_I0");
        CHECK(table.header[2] == "solver_I0");
        std::filesystem::remove(out);
    }
}

TEST_CASE("write --c-wire: solver and ngspice end at the same states", "[cli][write][spice]") {
    TempDir dir;
    const std::string fast = dir.file("fast.csv"), spice = dir.file("spice.csv");
    const std::string write = "write --model vteam --rows 6 --cols 6 --cell-row 2 --cell-col 4 --scheme v2 "
                              "--v-write 1.4 --width 4e-9 --rise 0.5e-9 --state-uniform 0.8 --r-wire 5 --c-wire 1e-13";
    auto result = run_cli(fmt::format("{} --engine solver -o {}", write, fast));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    result = run_cli(fmt::format("{} --engine spice -o {}", write, spice));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto a = memcosim::csv::read_table(fast), b = memcosim::csv::read_table(spice);
    REQUIRE(a.rows.size() == 36);
    REQUIRE(b.rows.size() == 36);
    const auto after = a.column("state_after");
    for (std::size_t n = 0; n < a.rows.size(); ++n) {
        CHECK(std::abs(a.rows[n][after] - b.rows[n][after]) <= 0.01 * std::abs(b.rows[n][after]));
    }
    const std::size_t selected = 2 * 6 + 4;
    CHECK(std::abs(b.rows[selected][a.column("delta")]) > 0.05);  // the selected cell did switch
}

TEST_CASE("bad input to the nonlinear transients is refused", "[cli][transient][cells]") {
    TempDir dir;
    const std::string out = dir.file("out.csv"), delays = dir.file("delays.csv");
    // Newton cannot converge in one iteration (the second one sees that it has):
    // every step fails even halved, and the error names the time.
    expect_failure(fmt::format("solve crossbar {} {} --max-newton 1 -o {} --delays {}", vteam, wires, out, delays),
                   out, "Newton does not converge at t = ");
    CHECK_FALSE(std::filesystem::exists(delays));
    expect_failure(fmt::format("solve crossbar --rows 4 --cols 4 --model vteam --v-uniform 1 --r-wire 0 --c-wire 1e-13 "
                               "--pulse 2e-10:1e-10:1e-9 --tran 1e-11:1e-9 -o {}",
                               out),
                   out, "ideal");
    expect_failure(fmt::format("solve crossbar {} --r-wire 20 --c-wire=-1e-13 --pulse 2e-10:1e-10:1e-9 "
                               "--tran 1e-11:1e-9 -o {}",
                               one_s_one_r, out),
                   out, "--c-wire must be >= 0");
    const std::string write = "write --model vteam --rows 4 --cols 4 --cell-row 1 --cell-col 2 --v-write 1.4 "
                              "--width 4e-9 --state-uniform 0.8";
    expect_failure(fmt::format("{} --r-wire 5 --c-wire=-1e-13 -o {}", write, out), out, "--c-wire must be >= 0");
    expect_failure(fmt::format("{} --c-wire 1e-13 -o {}", write, out), out, "wire capacitance needs wire resistance");
}
