// `memcosim neuron` and `memcosim gen neuron` through the program: a short
// opamp-neuron run whose rate is checked against the closed form, a netlist
// that `memcosim sim` runs, and bad input refused with a clear error, a
// non-zero exit and no output file.
#include "run_cli.hpp"

#include <catch2/catch_approx.hpp>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>  // getpid: CTest runs test cases as parallel processes

namespace {

using memcosim::test::expect_failure;
using memcosim::test::run_cli;

std::string output_path(const char* name) {
    return (std::filesystem::temp_directory_path() / fmt::format("{}_{}", getpid(), name)).string();
}

// Rising edges of the CSV's refractory column (column 3) at 0.5.
std::vector<double> spikes_in_trace(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<double> edges;
    double t_prev = 0.0, r_prev = 0.0;
    bool first = true;
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string cell;
        std::vector<double> values;
        while (std::getline(row, cell, ',')) values.push_back(std::stod(cell));
        if (!first && r_prev < 0.5 && values[3] >= 0.5)
            edges.push_back(t_prev + (values[0] - t_prev) * (0.5 - r_prev) / (values[3] - r_prev));
        t_prev = values[0];
        r_prev = values[3];
        first = false;
    }
    return edges;
}

}  // namespace

TEST_CASE("memcosim neuron: opamp neuron rate from its trace matches the closed form", "[cli][neuron]") {
    const auto out = output_path("memcosim_neuron_trace.csv");
    std::filesystem::remove(out);
    const auto result = run_cli("neuron --type opamp --synapses 2 --model vteam --current 2e-6 --duration 6e-6 "
                                "--max-step 2e-9 -o " + out);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Matchers::ContainsSubstring("closed form for 2e-06 A"));
    std::ifstream in(out);
    std::string header;
    std::getline(in, header);
    CHECK(header == "time,membrane,spike,refractory,integrator_output");
    const auto spikes = spikes_in_trace(out);
    REQUIRE(spikes.size() >= 3);
    const double rate = static_cast<double>(spikes.size() - 1) / (spikes.back() - spikes.front());
    const double expected = 1.0 / (1e-6 + 1e-6 * std::log(2.0 / 1.5));  // t_ref + tau ln(R I / (R I - V_th))
    CHECK(rate == Catch::Approx(expected).epsilon(0.02));
    std::filesystem::remove(out);
}

TEST_CASE("memcosim gen neuron writes a netlist that sim runs", "[cli][neuron]") {
    const auto netlist = output_path("memcosim_neuron.cir");
    const auto vectors = output_path("memcosim_neuron_vectors.csv");
    std::filesystem::remove(netlist);
    std::filesystem::remove(vectors);
    for (const char* type : {"opamp", "lif"}) {
        INFO(type);
        auto result = run_cli(fmt::format("gen neuron --type {} --synapses 3 --model vteam --rate 5e6 --current 1e-6 "
                                          "--duration 2e-6 -o {}",
                                          type, netlist));
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        result = run_cli(fmt::format("sim {} -o {}", netlist, vectors));
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        std::ifstream in(vectors);
        std::string header;
        std::getline(in, header);
        for (const char* vector : {"time", "post", "dead", "xs2.x"})
            CHECK_THAT(header, Catch::Matchers::ContainsSubstring(vector));
    }
    std::filesystem::remove(netlist);
    std::filesystem::remove(vectors);
}

TEST_CASE("memcosim neuron and gen neuron refuse bad input", "[cli][neuron]") {
    const auto out = output_path("memcosim_neuron_bad.csv");
    std::filesystem::remove(out);
    for (const char* command : {"neuron", "gen neuron"}) {
        const std::string base = fmt::format("{} --model vteam --duration 1e-6 -o {}", command, out);
        expect_failure(base + " --synapses 0", out, "--synapses must be at least 1");
        expect_failure(base + " --type hodgkin", out, "unknown neuron type 'hodgkin'");
        expect_failure(fmt::format("{} --model nosuchmodel -o {}", command, out), out, "nosuchmodel");
        expect_failure(base + " --c-int=-1e-12", out, "c_int must be a finite number > 0");
        expect_failure(base + " --t-ref 10e-9", out, "longer than t_refractory");
        expect_failure(base + " --swing=-0.2:2.5", out, "must be below -v_threshold");
        expect_failure(base + " --swing 2.5", out, "expected LO:HI");
        expect_failure(base + " --state 1.5", out, "outside [0, 1]");
        expect_failure(base + " --rate=-5", out, "--rate must be");
        expect_failure(base + " --post triangle", out, "unknown shape 'triangle'");
        expect_failure(fmt::format("{} --model vteam --duration 0 -o {}", command, out), out, "duration must be");
    }
}
