// `memcosim stdp`, `calibrate stdp` and `snn` through the program: a small
// SPICE window end to end, and bad input refused with a clear error, a
// non-zero exit and no output file.
#include "run_cli.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <unistd.h>  // getpid: CTest runs test cases as parallel processes

namespace {

using memcosim::test::expect_failure;
using memcosim::test::run_cli;

const std::string spike = "bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6";

std::string output_path(const char* name) {
    return (std::filesystem::temp_directory_path() / fmt::format("{}_{}", getpid(), name)).string();
}

}  // namespace

TEST_CASE("memcosim stdp writes a SPICE window", "[cli][stdp]") {
    const auto out = output_path("memcosim_stdp_window.csv");
    std::filesystem::remove(out);
    const auto result = run_cli("stdp --model yakopcic --scheme overlap --pre " + spike + " --post " + spike +
                                " --dt-min -1e-3 --dt-max 1e-3 --points 5 --engine spice -o " + out);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::ifstream in(out);
    std::string header, line;
    std::getline(in, header);
    CHECK(header == "dt,g_before,g_after,delta_g,state_before,state_after");
    int rows = 0;
    while (std::getline(in, line)) ++rows;
    CHECK(rows == 5);
    std::filesystem::remove(out);
}

TEST_CASE("memcosim stdp refuses bad input", "[cli][stdp]") {
    const auto out = output_path("memcosim_stdp_bad.csv");
    std::filesystem::remove(out);
    const std::string base = "stdp --model yakopcic --dt-min -1e-3 --dt-max 1e-3 --points 5 -o " + out;
    expect_failure(base + " --pre triangle --post bipolar", out, "unknown shape 'triangle'");
    expect_failure(base + " --pre bipolar:width=1 --post bipolar", out, "unknown parameter 'width'");
    expect_failure("stdp --model yakopcic --pre bipolar --post bipolar --dt-min 1e-3 --dt-max -1e-3 -o " + out, out,
                   "empty or reversed");
    expect_failure("stdp --model hp_linear_drift --pre bipolar --post bipolar --dt-min -1 --dt-max 1 -o " + out, out,
                   "has no SET threshold");
    expect_failure(base + " --pre bipolar:a_plus=0.2 --post bipolar", out, "at or above the model's");
    expect_failure(base + " --pre bipolar --post bipolar --scheme crossbar", out, "unknown STDP scheme");
    expect_failure(base + " --engine surrogate", out, "needs --cal");
    expect_failure(base + " --engine surrogate --cal /nonexistent/stdp.json", out, "cannot open");
}

TEST_CASE("memcosim calibrate stdp and snn refuse bad input", "[cli][stdp]") {
    const auto out = output_path("memcosim_stdp_bad.json");
    std::filesystem::remove(out);
    expect_failure("calibrate stdp --model yakopcic --pre " + spike + " --post " + spike +
                       " --dt-min 1e-4 --dt-max 1e-3 -o " + out,
                   out, "must include both signs");
    expect_failure("calibrate stdp --model vteam --pre bipolar --post bipolar --dt-min -1 --dt-max 1 --state-min 0.9 "
                   "--state-max 0.1 -o " + out,
                   out, "--state-min");
    expect_failure("snn --cal /nonexistent/stdp.json --inputs 8 --neurons 2 -o " + out, out, "cannot open");
}
