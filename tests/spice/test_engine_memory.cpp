// Memory stays flat over many runs: every run ends with `destroy all` and
// `remcirc`, without which ngspice keeps each run's circuit and plot.
#include "shared_engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace memcosim::spice;

namespace {

double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    long total_pages = 0, resident_pages = 0;
    statm >> total_pages >> resident_pages;
    REQUIRE(statm);
    return static_cast<double>(resident_pages) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// A 4x4 grid of 1k resistors (24 of them), 1 V across opposite corners.
std::vector<std::string> grid_netlist() {
    std::vector<std::string> lines = {"grid 4x4", "V1 n0_0 0 1", "Rgnd n3_3 0 1m"};
    int count = 0;
    for (int row = 0; row < 4; ++row) {
        for (int col = 0; col < 4; ++col) {
            if (col + 1 < 4) {
                lines.push_back(fmt::format("R{} n{}_{} n{}_{} 1k", count++, row, col, row, col + 1));
            }
            if (row + 1 < 4) {
                lines.push_back(fmt::format("R{} n{}_{} n{}_{} 1k", count++, row, col, row + 1, col));
            }
        }
    }
    lines.emplace_back(".options klu");
    lines.emplace_back(".op");
    return lines;
}

}  // namespace

TEST_CASE("1000 runs keep resident memory flat", "[spice][memory]") {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's quarantine holds freed memory (256 MB by default),
    // so resident size says nothing about leaks there.
    SKIP("resident memory is not meaningful under AddressSanitizer");
#endif
    auto& engine = test::shared_engine();
    const auto netlist = grid_netlist();
    // By symmetry of the grid the centre nodes n1_2 and n2_1 sit at half
    // the voltage across the grid; Rgnd (1 mOhm) takes a tiny share.
    const auto check = [](const RunResult& result) {
        CHECK_THAT(result.vector("n1_2").real.at(0),
                   Catch::Matchers::WithinAbs(result.vector("n2_1").real.at(0), 1e-12));
        CHECK_THAT(result.vector("n1_2").real.at(0), Catch::Matchers::WithinAbs(0.5, 1e-5));
    };
    for (int i = 0; i < 20; ++i) {
        check(engine.run(netlist));
    }
    const double before = resident_mib();
    const auto start = std::chrono::steady_clock::now();
    constexpr int runs = 1000;
    for (int i = 0; i < runs; ++i) {
        const auto result = engine.run(netlist);
        if (i % 100 == 0) {
            check(result);
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double after = resident_mib();
    WARN(fmt::format("{} runs: {:.2f} s ({:.2f} ms each), RSS {:.1f} -> {:.1f} MiB", runs, seconds,
                     1e3 * seconds / runs, before, after));
    CHECK(after - before < 20.0);
}
