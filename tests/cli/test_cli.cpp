// The memcosim program end to end: help, the gen -> sim path against solve,
// and bad input (clear message, non-zero exit, no output file left behind).
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::expect_failure;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

// Reads a col,current file back (header skipped).
Eigen::VectorXd currents(const std::string& path) {
    const auto table = memcosim::csv::read_matrix_with_header(path);
    return table.col(1);
}


}  // namespace

TEST_CASE("every subcommand explains itself", "[cli]") {
    for (const char* command : {"", "gen", "gen crossbar", "sim", "solve crossbar", "compare crossbar", "demo"}) {
        INFO(command);
        const auto result = run_cli(std::string(command) + " --help");
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.output, ContainsSubstring("Usage"));
    }
    CHECK_THAT(run_cli("gen crossbar --help").output, ContainsSubstring("--r-row") && ContainsSubstring("--c-wire"));
}

TEST_CASE("gen + sim and solve give the same column currents", "[cli][spice]") {
    TempDir dir;
    const std::string array = "--rows 12 --cols 9 --g-random 1e-6:1e-4 --seed 3 --v-random 0:0.3 --r-row 2 --r-col 0.7";
    REQUIRE(run_cli("gen crossbar " + array + " -o " + dir.file("x.cir")).exit_code == 0);
    const auto sim = run_cli("sim " + dir.file("x.cir") + " -o " + dir.file("spice.csv"));
    INFO(sim.output);
    REQUIRE(sim.exit_code == 0);
    REQUIRE(run_cli("solve crossbar " + array + " -o " + dir.file("solver.csv")).exit_code == 0);
    const auto a = currents(dir.file("spice.csv"));
    const auto b = currents(dir.file("solver.csv"));
    REQUIRE(a.size() == 9);
    REQUIRE(b.size() == 9);
    CHECK((a - b).cwiseAbs().maxCoeff() <= 1e-6 * a.cwiseAbs().maxCoeff());
    CHECK(a.minCoeff() > 0.0);
}

TEST_CASE("compare prints both times and passes its tolerance", "[cli][spice]") {
    const auto result = run_cli("compare crossbar --rows 8 --cols 8 --g-uniform 1e-5 --v-uniform 0.2 --r-wire 1");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("ngspice (KLU)") && ContainsSubstring("largest |I_spice - I_solver|"));
}

TEST_CASE("malformed CSV inputs are refused with file and line", "[cli][bad-input]") {
    TempDir dir;
    const auto out = dir.file("out.csv");
    const auto v = dir.write("v.csv", "0.1\n0.2\n");
    const std::string wires = " --r-row 1 --r-col 1 -o " + out;
    expect_failure("solve crossbar --conductances " + dir.write("r.csv", "1e-5,1e-5\n1e-5\n") + " --inputs " + v + wires,
                   out, "r.csv:2");
    expect_failure("solve crossbar --conductances " + dir.write("t.csv", "1e-5,abc\n1e-5,1e-5\n") + " --inputs " + v +
                       wires,
                   out, "t.csv:1");
    const auto g = dir.write("g.csv", "1e-5,1e-5\n1e-5,1e-5\n");
    expect_failure("solve crossbar --conductances " + g + " --inputs " + dir.write("v3.csv", "1\n2\n3\n") + wires, out,
                   "has 3 values but the array has 2 rows");
    expect_failure("solve crossbar --rows 3 --conductances " + g + " --inputs " + v + wires, out, "--rows says 3");
    expect_failure("solve crossbar --conductances " + dir.write("n.csv", "1e-5,-1e-5\n1e-5,1e-5\n") + " --inputs " + v +
                       wires,
                   out, "row 0, column 1");
    expect_failure("solve crossbar --conductances " + dir.file("missing.csv") + " --inputs " + v + wires, out,
                   "missing.csv", 2);
}

TEST_CASE("bad values and flags are refused", "[cli][bad-input]") {
    TempDir dir;
    const auto out = dir.file("out.csv");
    const std::string array = "--rows 4 --cols 4 --g-uniform 1e-5 --v-uniform 0.1 ";
    expect_failure("solve crossbar " + array + "--r-row 0 --r-col 1 -o " + out, out, "--r-row");
    expect_failure("solve crossbar " + array + "--r-row 1 --r-col -3 -o " + out, out, "--r-col");
    expect_failure("solve crossbar --rows 4 --cols 4 --g-uniform 0 --v-uniform 0.1 --r-wire 1 -o " + out, out,
                   "> 0 S");
    expect_failure("solve crossbar " + array + "-o " + out, out, "wire resistance missing");
    expect_failure("solve crossbar " + array + "--r-wire 1 --frobnicate 3 -o " + out, out, "frobnicate", 2);
    expect_failure("gen crossbar --cols 4 --g-uniform 1e-5 --v-uniform 0.1 --r-wire 1 -o " + out, out, "--rows");
}

TEST_CASE("a netlist ngspice rejects shows ngspice's message", "[cli][bad-input][spice]") {
    TempDir dir;
    const auto out = dir.file("out.csv");
    const auto bad = dir.write("bad.cir", "bad\nv1 a 0 dc 1\nr1 a 0 1k\nq1 a b\n.op\n.end\n");
    const auto result = run_cli("sim " + bad + " -o " + out);
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, ContainsSubstring("ngspice"));
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("a singular circuit fails with ngspice's reason", "[cli][bad-input][spice]") {
    TempDir dir;
    const auto out = dir.file("out.csv");
    const auto singular = dir.write("singular.cir", "singular\n.options klu\nv1 a 0 dc 1\nr1 a 0 1k\n"
                                                    "c1 a b 1p\nc2 b 0 1p\ni1 b 0 dc 1u\n.op\n.end\n");
    const auto result = run_cli("sim " + singular + " -o " + out);
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, ContainsSubstring("singular"));
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("sim writes every vector of a netlist that declares no outputs", "[cli][spice]") {
    TempDir dir;
    const auto divider = dir.write("div.cir", "divider\n.options klu\nv1 in 0 dc 3\nr1 in out 1k\nr2 out 0 2k\n.op\n.end\n");
    const auto result = run_cli("sim " + divider + " -o " + dir.file("out.csv"));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto table = memcosim::csv::read_table(dir.file("out.csv"));
    REQUIRE(table.rows.size() == 1);
    bool found = false;
    for (std::size_t k = 0; k < table.header.size(); ++k) {
        if (table.header[k] == "out") {
            CHECK(std::abs(table.rows[0][k] - 2.0) < 1e-9);
            found = true;
        }
    }
    CHECK(found);
}

TEST_CASE("the demo runs end to end on a small array and writes its files", "[cli][spice][demo]") {
    TempDir dir;
    const auto result = run_cli("demo --size 16 --out " + dir.file("demo"));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("IR-drop error") && ContainsSubstring("largest difference"));
    for (const char* name : {"crossbar.cir", "columns.csv", "irdrop_heatmap.png"}) {
        CHECK(std::filesystem::file_size(dir.file(std::string("demo/") + name)) > 100);
    }
    // The CSV carries both engines; they agree and fall short of the ideal.
    const auto table = memcosim::csv::read_table(dir.file("demo/columns.csv"));
    REQUIRE(table.rows.size() == 16);
    for (const auto& row : table.rows) {
        const double ideal = row[table.column("ideal")], spice = row[table.column("spice")];
        CHECK(std::abs(spice - row[table.column("solver")]) <= 1e-6 * spice);
        CHECK(spice < ideal);
    }
}

TEST_CASE("device-model commands refuse bad models and parameters clearly", "[cli][bad-input][models]") {
    TempDir dir;
    const auto out = dir.file("iv.csv");
    expect_failure("iv --model nosuchmodel -o " + out, out, "nosuchmodel");
    expect_failure("iv --model vteam --param R_on=-5 -o " + out, out, "R_on");
    expect_failure("iv --model vteam --param frobnicate=1 -o " + out, out, "frobnicate");
    expect_failure("iv --model vteam --wave square -o " + out, out, "square");
    const auto broken = dir.write("broken.va", "`include \"disciplines.vams\"\nmodule m(p, n);\n  inout p, n;\n"
                                               "  electrical p, n;\n  analog I(p, n) <+ V(p, n) / ;\nendmodule\n");
    expect_failure("iv --model " + broken + " -o " + out, out, "broken.va:5:");
    const auto unknown = dir.write("unknown.va", "`include \"disciplines.vams\"\nmodule m(p, n);\n  inout p, n;\n"
                                                 "  electrical p, n;\n  analog I(p, n) <+ frob(V(p, n));\nendmodule\n");
    expect_failure("iv --model " + unknown + " -o " + out, out, "frob");
}

TEST_CASE("iv writes time,voltage,current,state and the engines agree", "[cli][models][spice]") {
    TempDir dir;
    const std::string drive = "iv --model vteam --wave sine --amplitude 1 --frequency 1e6 --periods 1 ";
    REQUIRE(run_cli(drive + "--engine spice -o " + dir.file("s.csv")).exit_code == 0);
    REQUIRE(run_cli(drive + "--engine behavioral -o " + dir.file("b.csv")).exit_code == 0);
    const auto spice = memcosim::csv::read_table(dir.file("s.csv"));
    const auto behavioral = memcosim::csv::read_table(dir.file("b.csv"));
    CHECK(spice.header == std::vector<std::string>{"time", "voltage", "current", "state"});
    CHECK(behavioral.header == spice.header);
    double peak_spice = 0.0, peak_behavioral = 0.0;
    for (const auto& row : spice.rows) peak_spice = std::max(peak_spice, std::abs(row[2]));
    for (const auto& row : behavioral.rows) peak_behavioral = std::max(peak_behavioral, std::abs(row[2]));
    CHECK(std::abs(peak_spice - peak_behavioral) <= 0.01 * peak_spice);
}
