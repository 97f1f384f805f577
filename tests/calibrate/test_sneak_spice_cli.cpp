// `memcosim calibrate sneak` with SPICE as the reference, through the built
// program: small 1R and 1S1R calibrations on 8x8 and 16x16 arrays in
// parallel ngspice workers (every case recorded as SPICE, the solver beyond
// --spice-max-size), the surrogate within 5 % of SPICE on the held-out
// reads, `surrogate sneak` and `report` reading the file, and bad input.
#include "run_cli.hpp"

#include <catch2/generators/catch_generators.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>  // getpid: CTest runs test cases as parallel processes

using namespace memcosim::test;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
    const fs::path dir = fs::temp_directory_path() / fmt::format("memcosim_test_sneak_spice_cli_{}", getpid());
    fs::create_directories(dir);
    return dir;
}

nlohmann::json read_json(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("calibrate sneak against SPICE: every case from ngspice, held-out margins within 5 %", "[calibrate][cli][spice]") {
    // 1S1R arrays are B-source netlists, slower in ngspice: 8x8 only.
    const std::string cell = GENERATE(std::string("--cell 1R --sizes 8,16"),
                                      std::string("--cell 1S1R --selector-ratios 10,30 --sizes 8"));
    const fs::path cal = scratch() / "sneak_spice.json";
    fs::remove(cal);
    const auto r = run_cli(fmt::format("calibrate sneak {} --r-wire 0.5:3 --train 8 --held-out 6 "
                                       "--workers 2 --seed 3 -o {}",
                                       cell, cal.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json j = read_json(cal);
    CHECK(j.at("source") == "spice");
    CHECK(j.at("inputs").at("source") == "spice");
    const auto& cases = j.at("details").at("cases");
    REQUIRE(cases.size() == 6);
    for (const auto& k : cases) {
        CHECK(k.at("reference") == "spice");
        // The running engine check: SPICE and the exact solver on the same read.
        CHECK(k.at("spice_vs_solver").get<double>() < 1e-6);
        const double reference = k.at("reference_margin").get<double>();
        CHECK(std::abs(k.at("predicted_margin").get<double>() - reference) / reference < 0.05);
    }
    CHECK(j.at("held_out_error").at("max").get<double>() < 0.05);

    const auto report = run_cli(fmt::format("report --cal {}", cal.string()));
    INFO(report.output);
    CHECK(report.exit_code == 0);
    CHECK_THAT(report.output, Catch::Matchers::ContainsSubstring("reference: SPICE"));
    CHECK_THAT(report.output, Catch::Matchers::ContainsSubstring("| spice |"));

    const std::string selector = cell.find("1S1R") != std::string::npos ? "--cell 1S1R --selector-ratio 20" : "";
    const auto use = run_cli(fmt::format("surrogate sneak --cal {} {} --sizes 8,16 --g-on 5e-5 --g-off 1e-6 --r-wire 1",
                                         cal.string(), selector));
    INFO(use.output);
    CHECK(use.exit_code == 0);
    CHECK_THAT(use.output, Catch::Matchers::ContainsSubstring("size,on_current"));
}

TEST_CASE("calibrate sneak: sizes beyond --spice-max-size go to the exact solver", "[calibrate][cli][spice]") {
    const fs::path cal = scratch() / "sneak_mixed.json";
    fs::remove(cal);
    const auto r = run_cli(fmt::format("calibrate sneak --sizes 8,24 --spice-max-size 8 --schemes v2,float --train 6 "
                                       "--held-out 4 --workers 2 -o {}",
                                       cal.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json j = read_json(cal);
    CHECK(j.at("source") == "spice+solver");
    for (const auto& k : j.at("details").at("cases")) {
        CHECK(k.at("reference") == (k.at("rows").get<long>() <= 8 ? "spice" : "solver"));
    }
    // Reproduces from the file: the same parameters.
    const auto again = run_cli(fmt::format("calibrate sneak --reproduce {0} -o {0}.again", cal.string()));
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Matchers::ContainsSubstring("the same parameters"));
}

TEST_CASE("calibrate sneak refuses bad input", "[calibrate][cli][bad-input]") {
    const std::string out = (scratch() / "bad.json").string();
    fs::remove(out);
    expect_failure("calibrate sneak --source ltspice -o " + out, out, "--source ltspice");
    expect_failure("calibrate sneak --spice-max-size 1 -o " + out, out, "--spice-max-size");
    expect_failure("calibrate sneak --sizes 8 --r-wire 2:1 -o " + out, out, "--r-wire");
    expect_failure("calibrate sneak --sizes 8 --cell 1S1R --selector-ratios 1.5 -o " + out, out, "--selector-ratios");
    expect_failure("calibrate sneak --sizes 8 --train 1 -o " + out, out, "--train");
    expect_failure("calibrate sneak --sizes 8 --workers x -o " + out, out, "--workers", 2);
}

TEST_CASE("calibrate sneak 1S1R to selector ratio 100 with float reads: all converge and the range is the data range",
          "[calibrate][cli][spice]") {
    const fs::path cal = scratch() / "sneak_k100.json";
    fs::remove(cal);
    const auto r = run_cli(fmt::format("calibrate sneak --cell 1S1R --selector-ratios 5,10,30,100 --sizes 8 "
                                       "--schemes float,v2,v3 --r-wire 0.1:2 --train 12 --held-out 12 --workers 2 "
                                       "--seed 3 -o {}",
                                       cal.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, !Catch::Matchers::ContainsSubstring("dropped"));
    const nlohmann::json j = read_json(cal);
    CHECK(j.at("details").at("dropped").empty());
    CHECK(j.at("details").at("held_out_cases") == 12);
    // The recorded range is that of the reads: ratios 5..100, and every
    // interval inside what was asked for.
    const auto& range = j.at("range").at("intervals");
    CHECK(range.at("selector_ratio") == nlohmann::json::array({5.0, 100.0}));
    CHECK(range.at("size") == nlohmann::json::array({8.0, 8.0}));
    CHECK(range.at("r_wire").at(0).get<double>() >= 0.1);
    CHECK(range.at("r_wire").at(1).get<double>() <= 2.0);
    bool float_at_100 = false;
    for (const auto& k : j.at("details").at("cases")) {
        CHECK(k.at("reference") == "spice");
        CHECK(k.at("spice_vs_solver").get<double>() < 1e-8);
        CHECK(k.at("r_row").get<double>() >= range.at("r_wire").at(0).get<double>());
        CHECK(k.at("r_row").get<double>() <= range.at("r_wire").at(1).get<double>());
        float_at_100 = float_at_100 || (k.at("scheme") == "float" && k.at("selector_ratio") == 100.0);
    }
    CHECK(float_at_100);  // the reads that used to fail are scored (seed 3 draws two)
    CHECK(j.at("held_out_error").at("max").get<double>() < 0.01);
}

TEST_CASE("calibrate sneak fails clearly when a requested value has no read", "[calibrate][cli][bad-input]") {
    const std::string out = (scratch() / "no_data.json").string();
    fs::remove(out);
    // Three reads cannot cover four selector ratios: no file claiming all four.
    expect_failure("calibrate sneak --cell 1S1R --selector-ratios 5,10,30,100 --sizes 8 --schemes v2 --train 2 "
                   "--held-out 1 --source solver -o " + out,
                   out, "no fitted or scored read at selector ratio");
}
