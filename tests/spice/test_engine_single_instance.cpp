// ngspice's state is global: a second Engine in the process must be refused.
#include "core/error.hpp"
#include "shared_engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim::spice;

TEST_CASE("a second Engine in the same process throws EngineError", "[spice]") {
    auto& first = test::shared_engine();
    CHECK_THROWS_AS(Engine(), memcosim::EngineError);
    CHECK_THROWS_WITH(Engine(), Catch::Matchers::ContainsSubstring("only one Engine"));
    // The refused construction must not disturb the first one.
    const auto result = first.run(test::divider_netlist());
    CHECK(result.has_vector("out"));
}
