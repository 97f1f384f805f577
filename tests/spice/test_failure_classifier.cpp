// The classifier on logs ngspice 46 printed (copied from real runs), so the
// phrases it relies on are documented by example.
#include "spice/callback_sink.hpp"
#include "spice/failure_classifier.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim::spice;
using namespace memcosim::spice::detail;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;

namespace {

std::vector<LogLine> log_of(std::initializer_list<const char*> raw) {
    std::vector<LogLine> lines;
    for (const char* text : raw) {
        for (auto& line : parse_send_char(text)) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

}  // namespace

TEST_CASE("SendChar strings are split into tagged lines", "[spice][classifier]") {
    const auto lines = log_of({"stdout Circuit: divider", "stderr Error: circuit not parsed.",
                               "Reference value :  1.00715e-08\r", "stdout ", "stdout a\nb"});
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].stream == LogLine::Stream::out);
    CHECK(lines[0].text == "Circuit: divider");
    CHECK(lines[1].stream == LogLine::Stream::err);
    CHECK(lines[1].text == "Error: circuit not parsed.");
    CHECK(lines[2].stream == LogLine::Stream::untagged);
    CHECK(lines[2].text == "Reference value :  1.00715e-08");
    CHECK(lines[3].text == "a");
    CHECK(lines[4].text == "b");
}

TEST_CASE("a clean load and run are not failures", "[spice][classifier]") {
    CHECK_FALSE(classify_load(log_of({"stdout Note: No compatibility mode selected!", "stdout Circuit: divider"}),
                              false, false));
    CHECK_FALSE(classify_run(log_of({"stdout Doing analysis at TEMP = 27.000000 and TNOM = 27.000000",
                                     "stdout Using KLU as Direct Linear Solver", "stdout No. of Data Rows : 1"})));
    // Gmin stepping failing but source stepping succeeding is a success.
    CHECK_FALSE(
        classify_run(log_of({"stderr Note: Starting dynamic gmin stepping",
                             "stderr Warning: Dynamic gmin stepping failed", "stderr Note: Starting source stepping",
                             "stderr Note: Source stepping completed", "stdout No. of Data Rows : 1"})));
}

TEST_CASE("load errors are parse failures quoting ngspice", "[spice][classifier]") {
    const auto failure =
        classify_load(log_of({"stdout Circuit: unknown model", "stderr Error on line 4 or its substitute:",
                              "stderr d1 out 0 nosuchmodel", "stderr could not find a valid modelname"}),
                      false, false);
    REQUIRE(failure);
    CHECK(failure->kind == FailureKind::parse);
    CHECK(failure->what ==
          "ngspice: netlist rejected: Error on line 4 or its substitute: d1 out 0 nosuchmodel; could not find a valid "
          "modelname");

    const auto exited =
        classify_load(log_of({"stderr Error: Could not find include file /x.lib",
                              "stderr Error: ngspice.dll cannot recover and awaits to be reset or detached"}),
                      true, true);
    REQUIRE(exited);
    CHECK(exited->kind == FailureKind::parse);
    CHECK(exited->what == "ngspice: netlist rejected: Error: Could not find include file /x.lib");

    const auto exit_only = classify_load({}, false, true);
    REQUIRE(exit_only);
    CHECK(exit_only->kind == FailureKind::engine_exit);
}

TEST_CASE("run failures are classified by cause", "[spice][classifier]") {
    SECTION("singular matrix comes first, even when the op then fails by timestep") {
        const auto failure = classify_run(log_of(
            {"stderr Warning: singular matrix:  check node v1#branch", "stderr Note: Starting dynamic gmin stepping",
             "stderr Warning: Dynamic gmin stepping failed", "stderr Error: Transient op failed, timestep too small",
             "stderr Error: The operating point could not be simulated successfully.",
             "stderr Any of the following steps may fail.!",
             "stderr doAnalyses: OP:  Timestep too small; cause unrecorded.", "stderr run simulation(s) aborted"}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::singular_matrix);
        CHECK_THAT(failure->what,
                   StartsWith("ngspice: singular matrix: Warning: singular matrix:  check node v1#branch; "
                              "doAnalyses: OP:  Timestep too small; cause unrecorded."));
    }
    SECTION("the transient-op fallback after a singular matrix is refused") {
        const auto failure =
            classify_run(log_of({"stderr Warning: singular matrix:  check node x",
                                 "stderr Warning: source stepping failed", "stderr Note: Transient op started",
                                 "stderr Note: Transient op finished successfully", "stdout No. of Data Rows : 1"}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::singular_matrix);
        CHECK_THAT(failure->what, ContainsSubstring("check node x"));
    }
    SECTION("operating point failure") {
        const auto failure = classify_run(
            log_of({"stderr Warning: Dynamic gmin stepping failed", "stderr Warning: source stepping failed",
                    "stderr Error: Transient op failed, timestep too small",
                    "stderr Error: The operating point could not be simulated successfully.",
                    "stderr doAnalyses: OP:  Timestep too small; trouble with node \"a\"",
                    "stderr run simulation(s) aborted"}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::no_convergence);
        CHECK_THAT(failure->what, StartsWith("ngspice: no convergence: Error: The operating point could not be "
                                             "simulated successfully.; doAnalyses: OP:"));
    }
    SECTION("timestep too small during a transient") {
        const auto failure = classify_run(log_of({"stdout No. of Data Rows : 265",
                                                  "stderr doAnalyses: TRAN:  Timestep too small; time = 1.14285e-06, "
                                                  "timestep = 7.0621e-20: trouble with node \"a\"",
                                                  "stderr run simulation(s) aborted"}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::timestep_too_small);
        CHECK(failure->what ==
              "ngspice: timestep too small: doAnalyses: TRAN:  Timestep too small; time = 1.14285e-06, "
              "timestep = 7.0621e-20: trouble with node \"a\"");
    }
    SECTION("an unparsed circuit reaching bg_run") {
        const auto failure = classify_run(log_of({"stderr Error: circuit not parsed."}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::parse);
    }
    SECTION("an unexplained abort") {
        const auto failure = classify_run(log_of({"stderr Error: something new"}));
        REQUIRE(failure);
        CHECK(failure->kind == FailureKind::other);
        CHECK(failure->what == "ngspice: run failed: Error: something new");
    }
}
