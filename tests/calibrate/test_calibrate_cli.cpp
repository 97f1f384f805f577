// `memcosim calibrate`, `surrogate` and `report` through the built program:
// a small calibration from the exact solver and from ngspice (parallel
// workers), its use in range (checked against `solve`), out of range (warns;
// --strict refuses), reproduction from the file, and bad input (malformed or
// mismatched files, empty ranges): clear errors, exit 1, no output left.
#include "run_cli.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>  // getpid: CTest runs test cases as parallel processes

using namespace memcosim::test;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
    const fs::path dir = fs::temp_directory_path() / fmt::format("memcosim_test_calibrate_cli_{}", getpid());
    fs::create_directories(dir);
    return dir;
}

// Column currents of a `col,current` file.
std::vector<double> currents(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<double> values;
    while (std::getline(in, line)) values.push_back(std::stod(line.substr(line.find(',') + 1)));
    return values;
}

const fs::path& solver_calibration() {
    static const fs::path path = [] {
        const fs::path p = scratch() / "irdrop_solver.json";
        fs::remove(p);
        const auto r = run_cli(fmt::format("calibrate irdrop --source solver --sizes 24,40 --r-wire 0.5:2 "
                                           "--g-range 1e-7:1e-6 --train 3 --held-out 3 --seed 5 -o {}",
                                           p.string()));
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        return p;
    }();
    return path;
}

}  // namespace

TEST_CASE("calibrate irdrop from the solver, then use it in range", "[calibrate][cli]") {
    const fs::path& cal = solver_calibration();
    std::ifstream in(cal);
    const nlohmann::json j = nlohmann::json::parse(in);
    CHECK(j.at("surrogate") == "irdrop");
    CHECK(j.at("source") == "solver");
    CHECK(j.at("range").at("intervals").at("rows") == nlohmann::json::array({24.0, 40.0}));
    CHECK(j.at("held_out_error").at("count").get<int>() > 0);

    const fs::path out = scratch() / "surrogate.csv", exact = scratch() / "exact.csv";
    const std::string array = "--rows 32 --cols 32 --g-random 2e-7:8e-7 --seed 9 --v-uniform 0.1 --r-wire 1";
    auto r = run_cli(fmt::format("surrogate irdrop --cal {} {} -o {}", cal.string(), array, out.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = run_cli(fmt::format("solve crossbar {} -o {}", array, exact.string()));
    REQUIRE(r.exit_code == 0);
    const auto predicted = currents(out), reference = currents(exact);
    REQUIRE(predicted.size() == 32);
    REQUIRE(reference.size() == 32);
    for (std::size_t j2 = 0; j2 < predicted.size(); ++j2) {
        CHECK(std::abs(predicted[j2] - reference[j2]) < 0.01 * std::abs(reference[j2]));
    }

    r = run_cli(fmt::format("report --cal {}", cal.string()));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("ours: attenuation"));
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("(a) cumulative wire"));

    r = run_cli(fmt::format("calibrate irdrop --reproduce {} -o {}", cal.string(), (scratch() / "again.json").string()));
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("the same parameters"));
}

TEST_CASE("a surrogate outside its calibrated range warns, and refuses with --strict", "[calibrate][cli]") {
    const fs::path& cal = solver_calibration();
    const fs::path out = scratch() / "outside.csv";
    fs::remove(out);
    const std::string array = "--rows 64 --cols 64 --g-uniform 5e-7 --v-uniform 0.1 --r-wire 1";
    expect_failure(fmt::format("surrogate irdrop --strict --cal {} {} -o {}", cal.string(), array, out.string()),
                   out.string(), "outside the calibrated range");
    const auto r = run_cli(fmt::format("surrogate irdrop --cal {} {} -o {}", cal.string(), array, out.string()));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("warning"));
    CHECK(fs::exists(out));
}

TEST_CASE("bad calibration input: clear errors, exit 1, no output", "[calibrate][cli]") {
    const fs::path out = scratch() / "never.json";
    fs::remove(out);
    expect_failure(fmt::format("calibrate irdrop --source solver --g-range 1e-6:1e-8 -o {}", out.string()),
                   out.string(), "--g-range");
    // 1T1R is calibrated for one access transistor: the card must be named.
    expect_failure(fmt::format("calibrate irdrop --source solver --cell 1T1R -o {}", out.string()), out.string(),
                   "--cell 1T1R needs --transistor");
    expect_failure(fmt::format("calibrate irdrop --source solver --cell 1S1R -o {}", out.string()), out.string(),
                   "expected 1R (linear cells) or 1T1R");
    expect_failure(fmt::format("calibrate irdrop --source solver --transistor level1 -o {}", out.string()),
                   out.string(), "apply to --cell 1T1R only");
    expect_failure(fmt::format("calibrate sneak --sizes 8 --schemes v4 -o {}", out.string()), out.string(), "v4");

    const fs::path malformed = scratch() / "malformed.json";
    std::ofstream(malformed) << "{\"memcosim_calibration\": 1, \"surrogate\": \"irdrop\"";
    const fs::path csv = scratch() / "never.csv";
    fs::remove(csv);
    const std::string array = "--rows 32 --cols 32 --g-uniform 5e-7 --v-uniform 0.1 --r-wire 1";
    expect_failure(fmt::format("surrogate irdrop --cal {} {} -o {}", malformed.string(), array, csv.string()),
                   csv.string(), "malformed JSON");

    const fs::path missing = scratch() / "missing.json";
    std::ofstream(missing) << R"({"memcosim_calibration": 1, "surrogate": "irdrop", "model": "attenuation"})";
    expect_failure(fmt::format("surrogate irdrop --cal {} {} -o {}", missing.string(), array, csv.string()),
                   csv.string(), "missing field 'parameters'");

    // A sneak calibration handed to the IR-drop surrogate.
    const fs::path sneak = scratch() / "sneak.json";
    auto r = run_cli(fmt::format("calibrate sneak --sizes 4,8 --schemes v2 --train 3 --held-out 2 -o {}",
                                 sneak.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    expect_failure(fmt::format("surrogate irdrop --cal {} {} -o {}", sneak.string(), array, csv.string()), csv.string(),
                   "'sneak' calibration, not 'irdrop'");
    r = run_cli(fmt::format("surrogate sneak --cal {} --sizes 4,8 --g-on 5e-5 --g-off 1e-6 --r-wire 1", sneak.string()));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("size,on_current,off_current,read_margin"));
}

TEST_CASE("calibrate irdrop from ngspice in parallel worker processes", "[calibrate][cli][spice]") {
    const fs::path cal = scratch() / "irdrop_spice.json";
    fs::remove(cal);
    const auto r = run_cli(fmt::format("calibrate irdrop --source spice --sizes 6,10 --r-wire 0.5:2 "
                                       "--g-range 1e-6:1e-5 --train 3 --held-out 2 --workers 2 -o {}",
                                       cal.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("in ngspice"));
    std::ifstream in(cal);
    const nlohmann::json j = nlohmann::json::parse(in);
    CHECK(j.at("source") == "spice");
    for (const auto& c : j.at("details").at("cases")) CHECK(c.at("reference") == "spice");
    CHECK(j.at("held_out_error").at("median").get<double>() < 0.01);
}

TEST_CASE("calibrate irdrop for 1T1R arrays (ngspice and the solver), use it, refuse mismatches",
          "[calibrate][cli][spice][1t1r]") {
    const fs::path cal = scratch() / "irdrop_1t1r.json";
    fs::remove(cal);
    auto r = run_cli(fmt::format("calibrate irdrop --cell 1T1R --transistor level1 --source spice --spice-max-size 16 "
                                 "--sizes 16,24 --r-wire 1:5 --g-range 1e-6:1e-4 --v-range 0.1:0.3 --train 4 "
                                 "--held-out 3 --workers 2 -o {}",
                                 cal.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("in ngspice"));
    nlohmann::json j;
    {
        std::ifstream in(cal);
        j = nlohmann::json::parse(in);
    }
    CHECK(j.at("range").at("choices").at("cell") == nlohmann::json::array({"1T1R"}));
    CHECK(j.at("details").at("transistor").at("card").at("label") == "level1");
    CHECK(j.at("held_out_error").at("p95").get<double>() < 0.03);

    // In range: the surrogate against the exact 1T1R solver on a new array.
    const fs::path out = scratch() / "surrogate_1t1r.csv", exact = scratch() / "exact_1t1r.csv";
    const std::string array = "--rows 20 --cols 20 --g-random 1e-6:1e-4 --seed 4 --v-random 0.1:0.3 --r-wire 2";
    r = run_cli(fmt::format("surrogate irdrop --cell 1T1R --transistor level1 --cal {} {} -o {}", cal.string(), array,
                            out.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = run_cli(fmt::format("solve crossbar --cell 1T1R --transistor level1 {} -o {}", array, exact.string()));
    REQUIRE(r.exit_code == 0);
    const auto predicted = currents(out), reference = currents(exact);
    REQUIRE(predicted.size() == 20);
    REQUIRE(reference.size() == 20);
    for (std::size_t k = 0; k < predicted.size(); ++k) {
        CHECK(std::abs(predicted[k] - reference[k]) < 0.03 * std::abs(reference[k]));
    }

    r = run_cli(fmt::format("report --cal {}", cal.string()));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("Cells 1T1R"));
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("Exact 1T1R solver vs ngspice"));
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("(n) ignore the transistor"));

    r = run_cli(fmt::format("calibrate irdrop --reproduce {} --workers 2 -o {}", cal.string(),
                            (scratch() / "again_1t1r.json").string()));
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::ContainsSubstring("the same parameters"));

    // Mismatches: clear errors, exit 1, no output.
    const fs::path never = scratch() / "never_1t1r.csv";
    fs::remove(never);
    const std::string use = fmt::format("surrogate irdrop --cal {} {} -o {}", cal.string(), array, never.string());
    expect_failure(use, never.string(), "calibrated for 1T1R cells, but the array is --cell 1R");
    expect_failure(use + " --cell 1T1R", never.string(), "--cell 1T1R needs --transistor");
    expect_failure(use + " --cell 1T1R --transistor bsim4", never.string(), "not --transistor bsim4");
    expect_failure(use + " --cell 1T1R --transistor level1 --v-gate 1.0", never.string(), "not --v-gate 1 V");
    expect_failure(fmt::format("surrogate irdrop --cal {} --cell 1T1R --transistor level1 {} -o {}",
                               solver_calibration().string(), array, never.string()),
                   never.string(), "calibrated for 1R cells");
    j.at("details").erase("transistor");
    const fs::path no_card = scratch() / "no_card.json";
    std::ofstream(no_card) << j.dump();
    expect_failure(fmt::format("surrogate irdrop --cal {} --cell 1T1R --transistor level1 {} -o {}", no_card.string(),
                               array, never.string()),
                   never.string(), "without its transistor card");
}
