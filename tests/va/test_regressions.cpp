// Inputs the fuzzer once broke the front end with: each must now parse, or
// fail with a clean VaError, and never crash or hang.
#include "va/printer.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace memcosim::va;

TEST_CASE("every fuzzer regression input parses or fails cleanly", "[va][regressions]") {
    const std::filesystem::path folder = std::filesystem::path(MEMCOSIM_TEST_DATA_DIR).parent_path() / "regressions";
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".va") continue;
        ++count;
        std::ifstream stream(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << stream.rdbuf();
        INFO(entry.path().filename().string());
        try {
            const ParseResult result = parse_source(text.str(), "regression.va");
            for (const auto& module : result.modules) {
                CHECK(parse_source(print_module(module), "printed.va").modules.at(0) == module);
            }
        } catch (const VaError& error) {
            CHECK_FALSE(error.diagnostics().empty());
        }
    }
    CHECK(count > 0);
}

TEST_CASE("nesting and operator chains just inside the limits parse and round-trip", "[va][regressions]") {
    std::string sum = "1";
    for (int k = 0; k < 1500; ++k) sum += " + 1";
    const std::string nested = std::string(150, '(') + "1" + std::string(150, ')');
    const std::string text =
        fmt::format("module m; parameter real a = {}; parameter real b = {}; endmodule", sum, nested);
    const Module module = memcosim::test::parse_module(text);
    CHECK(parse_source(print_module(module), "printed.va").modules.at(0) == module);
}
