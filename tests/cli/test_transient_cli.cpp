// Transients through the program: `gen --pulse` + `sim --tran` (ngspice) and
// `solve crossbar --tran` (solver) write the same columns at the same times
// and agree within 1% of the peak; `compare crossbar --tran` reports both;
// bad input is a clear error, a non-zero exit and no output file.
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

const std::string array = "--rows 8 --cols 6 --g-random 1e-5:1e-4 --v-random 0.1:0.3 --seed 4 --r-wire 20 --c-wire 2e-13";
const std::string pulse = "--pulse 1e-10:2e-10:2e-9:1e-10";
const std::string tran = "--tran 2e-11:4e-9";

}  // namespace

TEST_CASE("sim --tran and solve crossbar --tran write the same waveforms", "[cli][transient]") {
    TempDir dir;
    const std::string netlist = dir.file("x.cir"), spice = dir.file("spice.csv"), solver = dir.file("solver.csv");
    const std::string spice_delays = dir.file("spice_delays.csv"), solver_delays = dir.file("solver_delays.csv");
    auto result = run_cli(fmt::format("gen crossbar {} {} -o {}", array, pulse, netlist));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    result = run_cli(fmt::format("sim {} {} -o {} --delays {}", netlist, tran, spice, spice_delays));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("settling delay (1%) I5"));
    result = run_cli(fmt::format("solve crossbar {} {} {} -o {} --delays {}", array, pulse, tran, solver, solver_delays));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);

    const auto a = memcosim::csv::read_table(spice);
    const auto b = memcosim::csv::read_table(solver);
    const std::vector<std::string> header{"time", "I0", "I1", "I2", "I3", "I4", "I5"};
    CHECK(a.header == header);
    CHECK(b.header == header);
    REQUIRE(a.rows.size() == 201);  // 0, 2e-11, ..., 4e-9
    REQUIRE(b.rows.size() == a.rows.size());
    double peak = 0.0, largest = 0.0;
    for (std::size_t n = 0; n < a.rows.size(); ++n) {
        CHECK(std::abs(a.rows[n][0] - 2e-11 * double(n)) < 1e-20);
        CHECK(b.rows[n][0] == a.rows[n][0]);
        for (std::size_t k = 1; k < header.size(); ++k) {
            peak = std::max(peak, std::abs(a.rows[n][k]));
            largest = std::max(largest, std::abs(a.rows[n][k] - b.rows[n][k]));
        }
    }
    CHECK(peak > 1e-5);  // 8 rows of ~0.2 V into ~5e-5 S cells
    CHECK(largest < 0.01 * peak);

    const auto da = memcosim::csv::read_table(spice_delays);
    const auto db = memcosim::csv::read_table(solver_delays);
    REQUIRE(da.rows.size() == 6);
    REQUIRE(db.rows.size() == 6);
    for (std::size_t k = 0; k < 6; ++k) {
        CHECK(da.rows[k][da.column("col")] == double(k));
        const double d = da.rows[k][da.column("delay")];
        CHECK(d > 1e-10);
        CHECK(std::abs(db.rows[k][db.column("delay")] - d) < 0.02 * d);
    }
}

TEST_CASE("compare crossbar --tran reports the difference and both delays", "[cli][transient]") {
    TempDir dir;
    const std::string table = dir.file("both.csv");
    const auto result = run_cli(fmt::format("compare crossbar {} {} {} -o {}", array, pulse, tran, table));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("of the peak current"));
    CHECK_THAT(result.output, ContainsSubstring("settling delay (1%), ngspice"));
    const auto t = memcosim::csv::read_table(table);
    CHECK(t.header.size() == 13);
    CHECK(t.header[1] == "spice_I0");
    CHECK(t.header[2] == "solver_I0");
    CHECK(t.rows.size() == 201);
}

TEST_CASE("bad transient input is refused", "[cli][transient]") {
    TempDir dir;
    const std::string out = dir.file("out.csv"), delays = dir.file("delays.csv");
    const std::string solve = fmt::format("solve crossbar {} {} -o {} --delays {}", array, pulse, out, delays);
    expect_failure(solve + " --tran 1e-11", out, "--tran expects STEP:STOP");
    expect_failure(solve + " --tran 1e-11:2e-9:3", out, "--tran expects STEP:STOP");
    expect_failure(solve + " --tran abc:2e-9", out, "--tran STEP");
    expect_failure(solve + " --tran 0:2e-9", out, "STEP must be > 0");
    expect_failure(solve + " --tran=-1e-11:2e-9", out, "STEP must be > 0");
    expect_failure(solve + " --tran 2e-9:2e-9", out, "STOP must be larger than STEP");
    expect_failure(solve + " --tran 2e-9:1e-9", out, "STOP must be larger than STEP");
    expect_failure(fmt::format("solve crossbar --rows 4 --cols 4 --g-uniform 1e-5 --v-uniform 0.2 --r-wire 1 "
                               "--c-wire -1e-15 {} --tran 1e-11:2e-9 -o {} --delays {}",
                               pulse, out, delays),
                   out, "--c-wire must be >= 0");
    CHECK_FALSE(std::filesystem::exists(delays));

    const std::string plain = fmt::format("solve crossbar {} -o {} --tran 1e-11:2e-9", array, out);
    expect_failure(plain + " --pulse 1e-10:2e-10", out, "DELAY:RISE:WIDTH");
    expect_failure(plain + " --pulse 1e-10:2e-10:0", out, "WIDTH must be > 0");
    expect_failure(plain + " --pulse 1e-10:-2e-10:1e-9", out, "must be >= 0");
    expect_failure(fmt::format("solve crossbar {} {} -o {}", array, pulse, out), out, "--pulse needs --tran");
    expect_failure(fmt::format("solve crossbar {} -o {} --delays {}", array, out, delays), out,
                   "--delays needs --tran");

    // sim: only a generated crossbar netlist declares the column outputs.
    const std::string rc = dir.write("rc.cir", "rc\nv1 a 0 dc 1\nr1 a b 1k\nc1 b 0 1p\n.op\n.end\n");
    expect_failure(fmt::format("sim {} --tran 1e-11:2e-9 -o {}", rc, out), out, "--tran needs a crossbar netlist");
    const std::string netlist = dir.file("x.cir");
    REQUIRE(run_cli(fmt::format("gen crossbar {} {} -o {}", array, pulse, netlist)).exit_code == 0);
    expect_failure(fmt::format("sim {} --tran 1e-11 -o {} --delays {}", netlist, out, delays), out,
                   "--tran expects STEP:STOP");
    expect_failure(fmt::format("sim {} -o {} --delays {}", netlist, out, delays), out, "--delays needs --tran");
    CHECK_FALSE(std::filesystem::exists(delays));
}
