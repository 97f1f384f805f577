// `memcosim partition --engine surrogate --cal irdrop.json` and
// `--delay-cal` as a user runs them: a calibration made with the exact
// solver on small arrays, the table with the calibration error beside the
// numbers and the check against the solver, and refusals (no --cal, the
// wrong kind of calibration, --strict outside the calibrated range): clear
// message, exit 1, no table left behind.
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::expect_failure;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

// Uniform random weights in [-1, 1], one matrix line per input.
std::string random_matrix_text(int rows, int cols, unsigned seed) {
    std::mt19937 generator(seed);
    std::string text;
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) text += fmt::format("{}{:.6f}", j ? "," : "", generator() / 2147483647.5 - 1.0);
        text += '\n';
    }
    return text;
}

// Header name -> the fields of the first data line.
std::string field(const std::string& path, const std::string& name) {
    std::ifstream in(path);
    std::string header, line;
    std::getline(in, header);
    std::getline(in, line);
    const auto names = memcosim::csv::split_fields(header);
    const auto fields = memcosim::csv::split_fields(line);
    const auto at = std::find(names.begin(), names.end(), name);
    REQUIRE(at != names.end());
    return fields.at(std::size_t(at - names.begin()));
}

// An IR-drop calibration from the exact solver: 32..64, 0.5..2 ohm, 1e-6..1e-4 S.
std::string make_irdrop_calibration(const TempDir& dir) {
    const auto path = dir.file("irdrop.json");
    const auto result = run_cli(fmt::format("calibrate irdrop --source solver --sizes 32,64 --r-wire 0.5:2 "
                                            "--g-range 1e-6:1e-4 --train 4 --held-out 4 --seed 3 -o {}",
                                            path));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return path;
}

const std::string devices = "--map reference --g-on 1e-4 --g-off 1e-6 --r-wire 0.8 --random-inputs 3";

}  // namespace

TEST_CASE("partition --engine surrogate shows its calibration error and its agreement with the solver",
          "[partition][cli][surrogate]") {
    TempDir dir;
    const auto cal = make_irdrop_calibration(dir);
    const auto w = dir.write("w.csv", random_matrix_text(64, 64, 5));
    const auto out = dir.file("table.csv");
    const auto result = run_cli(fmt::format("partition --matrix {} --tiles 64x32 {} --engine surrogate --cal {} "
                                            "--check-solver -o {}",
                                            w, devices, cal, out));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK(field(out, "engine") == "surrogate");
    CHECK(field(out, "check_engine") == "solver");
    CHECK(field(out, "latency_model") == "elmore 50%");
    const double stated = std::stod(field(out, "calibration_error"));
    CHECK(stated > 0.0);
    CHECK(stated < 0.05);
    // The surrogate against the solver on these very tiles, the calibration's measure.
    const double measured = std::stod(field(out, "check_column_error_max"));
    CHECK(measured > 0.0);
    CHECK(measured < 3 * stated);
    CHECK(std::stod(field(out, "check_agreement")) < 0.05);
    CHECK(std::stod(field(out, "check_seconds")) > 0.0);
    // The summary on stdout names the column and the latency model.
    CHECK_THAT(result.output, ContainsSubstring("cal. max %") && ContainsSubstring("surrogate vs solver") &&
                                  ContainsSubstring("latency: elmore 50%"));
}

TEST_CASE("partition --engine surrogate refuses missing, mismatched and out-of-range calibrations",
          "[partition][cli][surrogate][bad-input]") {
    TempDir dir;
    const auto cal = make_irdrop_calibration(dir);
    const auto w = dir.write("w.csv", random_matrix_text(64, 64, 6));
    const auto out = dir.file("table.csv");
    const std::string run = fmt::format("partition --matrix {} {} -o {}", w, devices, out);
    expect_failure(run + " --tiles 32x32 --engine surrogate", out, "--engine surrogate needs --cal");
    expect_failure(fmt::format("{} --tiles 32x32 --cal {}", run, cal), out, "--cal is the surrogate's calibration");
    expect_failure(run + " --tiles 32x32 --check-solver", out, "--check-solver is for --engine surrogate");
    // A sneak-path calibration is not an IR-drop one; an IR-drop one is not a delay one.
    const auto sneak = dir.file("sneak.json");
    const auto made = run_cli(fmt::format("calibrate sneak --sizes 8,16 --schemes v2 --train 3 --held-out 3 -o {}", sneak));
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    expect_failure(fmt::format("{} --tiles 32x32 --engine surrogate --cal {}", run, sneak), out,
                   "this is a 'sneak' calibration, not 'irdrop'");
    expect_failure(fmt::format("{} --tiles 32x32 --delay-cal {}", run, cal), out,
                   "this is a 'irdrop' calibration, not 'delay'");
    // 16x16 tiles are below the calibrated 32: refused with --strict, a warning without.
    expect_failure(fmt::format("{} --tiles 16x16 --engine surrogate --cal {} --strict", run, cal), out,
                   "rows = 16 is outside the calibrated range");
    const auto lenient = run_cli(fmt::format("{} --tiles 16x16 --engine surrogate --cal {}", run, cal));
    INFO(lenient.output);
    CHECK(lenient.exit_code == 0);
    CHECK_THAT(lenient.output, ContainsSubstring("warning: partition: surrogate tile array 16x17: rows = 16"));
    CHECK(std::filesystem::exists(out));
    // Error maps need cell voltages, which the surrogate does not have: the
    // Fouda case takes no --engine and runs the solver.
    const auto fouda = run_cli(fmt::format("partition fouda-case --size 16 --tiles 8 --vectors 1 --engine surrogate "
                                           "--out {}",
                                           dir.file("f")));
    CHECK(fouda.exit_code == 2);
    CHECK_THAT(fouda.output, ContainsSubstring("--engine"));
}
