#include "core/crossbar_array.hpp"
#include "core/error.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using Catch::Matchers::ContainsSubstring;
using memcosim::CrossbarArray;

namespace {
CrossbarArray small_array() {
    CrossbarArray array;
    array.conductance = memcosim::RowMajorMatrix::Constant(2, 3, 1e-5);
    array.inputs = Eigen::Vector2d(0.1, 0.2);
    array.row_wire_resistance = 1.0;
    array.column_wire_resistance = 2.0;
    return array;
}
}  // namespace

TEST_CASE("the ideal read is G transposed times V", "[crossbar]") {
    auto array = small_array();
    array.conductance(1, 2) = 3e-5;
    const auto ideal = array.ideal_column_currents();
    REQUIRE(ideal.size() == 3);
    CHECK(ideal(0) == 1e-5 * 0.1 + 1e-5 * 0.2);
    CHECK(ideal(2) == 1e-5 * 0.1 + 3e-5 * 0.2);
}

TEST_CASE("invalid arrays are refused naming the parameter", "[crossbar][bad-input]") {
    auto array = small_array();
    CHECK_NOTHROW(array.validate());
    array.conductance(1, 2) = -1e-6;
    CHECK_THROWS_WITH(array.validate(), ContainsSubstring("row 1, column 2") && ContainsSubstring("> 0 S"));
    array = small_array();
    array.conductance(0, 0) = 0.0;
    CHECK_THROWS_AS(array.validate(), memcosim::InputError);
    array = small_array();
    array.row_wire_resistance = 0.0;
    CHECK_THROWS_WITH(array.validate(), ContainsSubstring("--r-row"));
    array = small_array();
    array.column_wire_resistance = -2.0;
    CHECK_THROWS_WITH(array.validate(), ContainsSubstring("--r-col"));
    array = small_array();
    array.inputs = Eigen::Vector3d(1, 2, 3);
    CHECK_THROWS_WITH(array.validate(), ContainsSubstring("3 input voltages for 2 rows"));
}
