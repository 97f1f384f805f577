// --cell through the program: compare crossbar for every composite cell
// type, gen + sim against solve (the same col,current table), the
// transistor fit report, and bad input (unknown cell, a card ngspice
// rejects, a bias point Newton cannot reach): clear error, non-zero exit,
// no output file.
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

const std::string array = " --rows 8 --cols 8 --g-random 1e-5:1e-4 --v-random 0.1:0.3 --r-wire 1 --seed 3";

}  // namespace

TEST_CASE("compare crossbar --cell: ngspice and the fast path agree for each cell type", "[cli][cells]") {
    for (const std::string cell : {"--cell 1S1R --v-random 0.8:1.2", "--cell 1T1R", "--cell 1T1R --transistor bsim4",
                                   "--cell 2T2R"}) {
        const std::string arguments = cell.find("v-random") != std::string::npos
                                          ? " --rows 8 --cols 8 --g-random 1e-5:1e-4 --r-wire 1 --seed 3 " + cell
                                          : array + " " + cell;
        const auto result = run_cli("compare crossbar --tolerance 1e-4" + arguments);
        INFO(arguments << "\n" << result.output);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.output, ContainsSubstring("of the largest column current"));
    }
}

TEST_CASE("gen --cell 2T2R + sim writes the pair currents solve writes", "[cli][cells]") {
    TempDir dir;
    const std::string netlist = dir.file("pairs.cir"), simulated = dir.file("sim.csv"), solved = dir.file("solve.csv");
    const std::string arguments = array + " --cell 2T2R --transistor bsim4";
    REQUIRE(run_cli(fmt::format("gen crossbar{} -o {}", arguments, netlist)).exit_code == 0);
    const auto sim = run_cli(fmt::format("sim {} -o {}", netlist, simulated));
    INFO(sim.output);
    REQUIRE(sim.exit_code == 0);
    const auto solve = run_cli(fmt::format("solve crossbar{} -o {}", arguments, solved));
    INFO(solve.output);
    REQUIRE(solve.exit_code == 0);
    CHECK_THAT(solve.output, ContainsSubstring("RMS relative error"));  // the fit report on stderr
    const auto a = memcosim::csv::read_table(simulated), b = memcosim::csv::read_table(solved);
    REQUIRE(a.rows.size() == 4);  // 8 physical columns = 4 pairs
    REQUIRE(b.rows.size() == 4);
    double largest = 0.0, difference = 0.0;
    for (std::size_t k = 0; k < a.rows.size(); ++k) {
        largest = std::max(largest, std::abs(a.rows[k][a.column("current")]));
        difference = std::max(difference, std::abs(a.rows[k][a.column("current")] - b.rows[k][b.column("current")]));
    }
    CHECK(largest > 0.0);
    CHECK(difference <= 1e-4 * largest);
}

TEST_CASE("transistor fit reports the fit error", "[cli][cells]") {
    const auto result = run_cli("transistor fit --transistor level1");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, ContainsSubstring("RMS relative"));
    CHECK_THAT(result.output, ContainsSubstring("vt0="));
}

TEST_CASE("the cell flags refuse bad input", "[cli][cells][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("never.csv");
    expect_failure("solve crossbar" + array + " --cell 3T1R -o " + out, out, "unknown cell type '3T1R'", 1);
    expect_failure("gen crossbar --rows 8 --cols 7 --g-uniform 1e-5 --v-uniform 0.2 --r-wire 1 --cell 2T2R -o " + out,
                   out, "even number of columns", 1);
    expect_failure("solve crossbar" + array + " --selector selector_sinh -o " + out, out, "1S1R only", 1);
    expect_failure("solve crossbar" + array + " --cell 1S1R --selector vteam -o " + out, out, "stateless", 1);
    expect_failure("solve crossbar" + array + " --cell 1T1R --transistor nowhere.mod -o " + out, out,
                   "neither level1, bsim4 nor a model card file", 1);

    // A card ngspice itself rejects (an unknown model level): its message comes through.
    const std::string card = dir.file("bad.mod");
    std::ofstream(card) << "* not a real transistor\n.model broken nmos (level=99 vto=0.5)\n";
    expect_failure("solve crossbar" + array + " --cell 1T1R --transistor " + card + " -o " + out, out, "ngspice", 1);
    expect_failure("compare crossbar" + array + " --cell 1T1R --transistor " + card + " -o " + out, out, "ngspice", 1);

    // A bias point Newton cannot reach in the allowed iterations.
    expect_failure("solve crossbar" + array + " --cell 1T1R --max-newton 1 -o " + out, out,
                   "Newton did not converge", 1);
}

TEST_CASE("sneak --cell 1S1R --selector: the va_models selector raises the v2 read margin", "[cli][cells][sneak]") {
    TempDir dir;
    const std::string with = dir.file("selector.csv"), without = dir.file("linear.csv");
    const std::string common = " --scheme v2 --sizes 8,32 --g-on 1e-4 --g-off 1e-6 --v-read 1.0";
    const auto a = run_cli(fmt::format("sneak --cell 1S1R --selector selector_sinh{} -o {}", common, with));
    INFO(a.output);
    REQUIRE(a.exit_code == 0);
    REQUIRE(run_cli(fmt::format("sneak --cell 1R{} -o {}", common, without)).exit_code == 0);
    const auto s = memcosim::csv::read_table(with), l = memcosim::csv::read_table(without);
    REQUIRE(s.rows.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        const double n = l.rows[k][l.column("size")];
        // 1R closed form (ideal wires): (1 - G_off/G_on) / (1 + (N - 1)/2).
        CHECK(std::abs(l.rows[k][l.column("read_margin")] - 0.99 / (1.0 + (n - 1.0) / 2.0)) <= 1e-12);
        // Half-selected cells see 0.5 V, where the selector passes ~1e3 times less than at 1 V:
        // their sneak current all but vanishes and the margin approaches 1 - I_off/I_on of the cell pair.
        CHECK(s.rows[k][s.column("read_margin")] > l.rows[k][l.column("read_margin")]);
        CHECK(s.rows[k][s.column("sneak_current")] < 1e-2 * l.rows[k][l.column("sneak_current")]);
    }
}
