// `gen crossbar --model M --pulse ...` writes the circuit `solve --tran`
// integrates: every cell the model's DYNAMIC subcircuit (its states move
// during the pulse), not the static I-V at the initial states. Through the
// program: gen + sim --tran against solve --tran on the same options (a
// 4x4 VTEAM array, a SET pulse that moves the states), within 1 % of the
// peak; the states do move (the plateau current grows, unlike the frozen
// netlist's, which `--frozen-states` still writes); bad input.
#include "core/csv.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

using Catch::Matchers::ContainsSubstring;
using memcosim::test::expect_failure;
using memcosim::test::run_cli;
using memcosim::test::TempDir;

namespace {

// 4x4 VTEAM cells at x = 0.8 (x = 0 is ON), rows at 1.1..1.3 V: above the
// 0.5 V SET threshold, so x falls several tenths during the 10 ns pulse.
const std::string array = "--rows 4 --cols 4 --model vteam --state-uniform 0.8 --v-random 1.1:1.3 --seed 5 "
                          "--r-wire 10 --c-wire 1e-14";
const std::string pulse = "--pulse 1e-9:5e-10:1e-8:5e-10";
const std::string tran = "--tran 5e-11:1.4e-8";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The value of column `k` (1 = I0) at the output time nearest `t`.
double at(const memcosim::csv::Table& table, double t, std::size_t k) {
    const auto row = std::min_element(table.rows.begin(), table.rows.end(), [t](const auto& a, const auto& b) {
        return std::abs(a[0] - t) < std::abs(b[0] - t);
    });
    return (*row)[k];
}

}  // namespace

TEST_CASE("gen crossbar --model --pulse writes dynamic cells: gen + sim --tran equals solve --tran",
          "[cli][transient][cells][spice]") {
    TempDir dir;
    const std::string netlist = dir.file("x.cir"), spice = dir.file("spice.csv"), solver = dir.file("solver.csv");
    auto r = run_cli(fmt::format("gen crossbar {} {} -o {}", array, pulse, netlist));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const std::string text = read_text(netlist);
    CHECK_THAT(text, ContainsSubstring("time > 0"));  // the dynamic state source of every cell
    CHECK_THAT(text, ContainsSubstring("pulse("));
    r = run_cli(fmt::format("sim {} {} -o {}", netlist, tran, spice));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = run_cli(fmt::format("solve crossbar {} {} {} -o {}", array, pulse, tran, solver));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);

    const auto a = memcosim::csv::read_table(spice);
    const auto b = memcosim::csv::read_table(solver);
    REQUIRE(a.header == b.header);
    REQUIRE(a.header.size() == 5);  // time, I0..I3
    REQUIRE(a.rows.size() == b.rows.size());
    double peak = 0.0, largest = 0.0;
    for (std::size_t n = 0; n < a.rows.size(); ++n) {
        CHECK(a.rows[n][0] == b.rows[n][0]);
        for (std::size_t k = 1; k < a.header.size(); ++k) {
            peak = std::max(peak, std::abs(a.rows[n][k]));
            largest = std::max(largest, std::abs(a.rows[n][k] - b.rows[n][k]));
        }
    }
    INFO(fmt::format("largest difference {:.3e} A of peak {:.3e} A", largest, peak));
    CHECK(peak > 1e-5);
    CHECK(largest <= 0.01 * peak);

    // The states move: on the plateau (wires long settled) the current of
    // every column keeps growing as the cells SET, in both engines.
    for (std::size_t k = 1; k < a.header.size(); ++k) {
        const double early = at(a, 3e-9, k), late = at(a, 1.1e-8, k);
        INFO(fmt::format("I{}: {:.4e} A at 3 ns, {:.4e} A at 11 ns", k - 1, early, late));
        CHECK(late > 1.5 * early);
        CHECK(at(b, 1.1e-8, k) > 1.5 * at(b, 3e-9, k));
    }

    // --frozen-states: the static I-V at x = 0.8, a flat plateau and far
    // below the dynamic run at its end.
    const std::string frozen = dir.file("frozen.cir"), frozen_csv = dir.file("frozen.csv");
    r = run_cli(fmt::format("gen crossbar {} {} --frozen-states -o {}", array, pulse, frozen));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(read_text(frozen), !ContainsSubstring("time > 0"));
    r = run_cli(fmt::format("sim {} {} -o {}", frozen, tran, frozen_csv));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto f = memcosim::csv::read_table(frozen_csv);
    for (std::size_t k = 1; k < f.header.size(); ++k) {
        CHECK(std::abs(at(f, 1.1e-8, k) - at(f, 3e-9, k)) < 1e-3 * at(f, 3e-9, k));
        CHECK(at(a, 1.1e-8, k) > 1.5 * at(f, 1.1e-8, k));
    }
}

TEST_CASE("gen crossbar --frozen-states refuses what it cannot apply to", "[cli][bad-input]") {
    TempDir dir;
    const std::string out = dir.file("x.cir");
    // Without a pulse the model cells are a DC read (frozen anyway).
    expect_failure(fmt::format("gen crossbar {} --frozen-states -o {}", array, out), out, "--frozen-states");
    // Without a model there are no states.
    expect_failure(fmt::format("gen crossbar --rows 4 --cols 4 --g-uniform 1e-5 --v-uniform 0.2 --r-wire 1 {} "
                               "--frozen-states -o {}",
                               pulse, out),
                   out, "--frozen-states");
    // A pulse of the wrong shape is still named.
    expect_failure(fmt::format("gen crossbar {} --pulse 1e-9:1e-9 -o {}", array, out), out, "--pulse");
    const auto help = run_cli("gen crossbar --help");
    CHECK_THAT(help.output, ContainsSubstring("--frozen-states"));
    CHECK_THAT(help.output, ContainsSubstring("dynamic subcircuit"));
}
