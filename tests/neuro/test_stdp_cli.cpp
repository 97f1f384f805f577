// `memcosim stdp`, `calibrate stdp` and `snn` through the program: a small
// SPICE window end to end, and bad input refused with a clear error, a
// non-zero exit and no output file.
#include "run_cli.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <vector>
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

namespace {

const std::string gate_pre = "rectangular:width=10e-9,edge=1e-9";
const std::string gate_post = "bipolar:t_plus=200e-9,tau_minus=200e-9,edge=1e-9";
const std::string vteam_spike = "bipolar:t_plus=20e-9,tau_minus=100e-9";

std::vector<std::string> csv_rows(const std::string& path, std::string& header) {
    std::ifstream in(path);
    std::getline(in, header);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    return rows;
}

}  // namespace

TEST_CASE("memcosim stdp --scheme gate and differential write SPICE windows", "[cli][stdp]") {
    const auto out = output_path("memcosim_stdp_schemes.csv");
    std::filesystem::remove(out);
    auto result = run_cli("stdp --model vteam --scheme gate --transistor level1 --pre " + gate_pre + " --post " +
                          gate_post + " --dt-min -100e-9 --dt-max 100e-9 --points 5 --engine spice -o " + out);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    std::string header;
    auto rows = csv_rows(out, header);
    CHECK(header == "dt,g_before,g_after,delta_g,state_before,state_after");
    CHECK(rows.size() == 5);
    std::filesystem::remove(out);
    result = run_cli("stdp --model vteam --scheme differential --pre " + vteam_spike + " --post " + vteam_spike +
                     " --dt-min -100e-9 --dt-max 100e-9 --points 5 --engine spice -o " + out);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    rows = csv_rows(out, header);
    CHECK(header == "dt,w_before,w_after,delta_w,g_plus_before,g_plus_after,g_minus_before,g_minus_after,"
                    "state_plus_after,state_minus_after");
    CHECK(rows.size() == 5);
    std::filesystem::remove(out);
}

TEST_CASE("memcosim stdp refuses bad input for the gate and differential schemes", "[cli][stdp]") {
    const auto out = output_path("memcosim_stdp_schemes_bad.csv");
    std::filesystem::remove(out);
    const std::string range = " --dt-min -1e-7 --dt-max 1e-7 --points 5 -o " + out;
    const std::string gate = "stdp --model vteam --scheme gate --pre " + gate_pre + " --post " + gate_post;
    expect_failure("stdp --model vteam --scheme gatt --pre " + gate_pre + " --post " + gate_post + range, out,
                   "unknown STDP scheme 'gatt'");
    expect_failure(gate + " --transistor nmos9" + range, out, "nmos9");
    expect_failure(gate + " --dt-min 1e-7 --dt-max -1e-7 -o " + out, out, "empty or reversed");
    expect_failure(gate + " --dt-min 1e-7 --dt-max 1e-7 -o " + out, out, "empty or reversed");
    expect_failure("stdp --model vteam --scheme gate --pre bipolar --post " + gate_post + range, out, "gate pulse");
    expect_failure("stdp --model vteam --scheme gate --pre rectangular:amplitude=0.3 --post " + gate_post + range, out,
                   "does not open transistor");
    expect_failure("stdp --model hp_linear_drift --scheme gate --pre " + gate_pre + " --post " + gate_post + range,
                   out, "has no SET threshold");
    // Yakopcic (a few hundred ohms) behind the small level-1 transistor: ngspice finds it cannot be programmed.
    expect_failure("stdp --model yakopcic --scheme gate --pre rectangular:width=20e-6,edge=1e-6 --post "
                   "bipolar:a_plus=0.4,t_plus=1e-3,a_minus=0.4,tau_minus=1e-3,edge=1e-6 --dt-min -1e-3 --dt-max "
                   "1e-3 --points 5 -o " + out,
                   out, "cannot pass enough current");
    const std::string differential = "stdp --model vteam --scheme differential";
    expect_failure(differential + " --pre bipolar:a_plus=0.1,a_minus=0.1 --post bipolar:a_plus=0.1,a_minus=0.1" + range,
                   out, "cannot potentiate G+");
    expect_failure(differential + " --pre " + vteam_spike + " --post " + vteam_spike + " --dt-min 2e-7 --dt-max 1e-7 -o " +
                       out,
                   out, "empty or reversed");
    expect_failure("calibrate stdp --model vteam --scheme gate --pre " + gate_pre + " --post " + gate_post +
                       " --dt-min 1e-8 --dt-max 1e-7 -o " + out,
                   out, "must include both signs");
}
