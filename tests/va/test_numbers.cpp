// Number literals: integers, reals, exponents and Verilog-A scale suffixes.
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace memcosim::va;
using memcosim::test::error_message;

namespace {

// The literal `text` as the parser reads it.
Number literal(const std::string& text) {
    const Module module = memcosim::test::parse_module(
        fmt::format("module m; parameter real a = {}; endmodule", text));
    return std::get<Number>(module.parameters.at(0).default_value.node);
}

}  // namespace

TEST_CASE("scale suffixes multiply by their power of ten, exactly as the exponent form", "[va][numbers]") {
    const std::pair<const char*, const char*> pairs[] = {
        {"1T", "1e12"}, {"2G", "2e9"}, {"3M", "3e6"}, {"4K", "4e3"},   {"4k", "4e3"},   {"5m", "5e-3"},
        {"2.5u", "2.5e-6"}, {"10n", "10e-9"}, {"7p", "7e-12"}, {"1f", "1e-15"}, {"3a", "3e-18"}, {"1.5k", "1500.0"}};
    for (const auto& [suffixed, plain] : pairs) {
        INFO(suffixed);
        CHECK(literal(suffixed).value == literal(plain).value);
        CHECK_FALSE(literal(suffixed).integer);
    }
}

TEST_CASE("integers, reals and exponents", "[va][numbers]") {
    CHECK(literal("42").integer);
    CHECK(literal("42").value == 42.0);
    CHECK_FALSE(literal("42.0").integer);
    CHECK_FALSE(literal("1e3").integer);
    CHECK(literal("1E-9").value == 1e-9);
    CHECK(literal("1e+3").value == 1000.0);
    CHECK(literal("0.5").value == 0.5);
    CHECK(literal("1_000").value == 1000.0);
    CHECK(literal("1_000").integer);
    CHECK_FALSE(literal("3000000000").integer);  // beyond a 32-bit integer: kept as a real
    CHECK(literal("3000000000").value == 3e9);
}

TEST_CASE("malformed numbers are errors that name the number", "[va][numbers]") {
    CHECK(error_message("module m; parameter real a = 1meg; endmodule") == "malformed number '1meg'");
    CHECK(error_message("module m; parameter real a = 1e; endmodule") ==
          "malformed number: digits must follow the exponent 'e'");
    CHECK(error_message("module m; parameter real a = 1.; endmodule") == "malformed number: a digit must follow '.'");
    CHECK(error_message("module m; parameter real a = 2kx; endmodule") == "malformed number '2kx'");
    CHECK(error_message("module m; parameter real a = 1e999; endmodule") == "number '1e999' is out of range");
}
