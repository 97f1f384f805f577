#include "core/crossbar_array.hpp"
#include "core/error.hpp"
#include "core/positive_finite_scan.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fmt/format.h>

#include <limits>
#include <vector>

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

TEST_CASE("every bad conductance is caught wherever it sits, and extreme good ones pass", "[crossbar][bad-input]") {
    // 3 x 7: 21 entries, so the fast scan's four-wide loop and its tail both hold some.
    CrossbarArray array;
    array.conductance = memcosim::RowMajorMatrix::Constant(3, 7, 1e-6);
    array.inputs = Eigen::Vector3d(0.1, 0.2, 0.3);
    array.row_wire_resistance = array.column_wire_resistance = 1.0;
    const double bad_values[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(), 0.0, -0.0, -1e-6};
    for (Eigen::Index i = 0; i < 3; ++i) {
        for (Eigen::Index j = 0; j < 7; ++j) {
            for (const double bad : bad_values) {
                CrossbarArray broken = array;
                broken.conductance(i, j) = bad;
                INFO("entry " << i << ", " << j << " = " << bad);
                CHECK_THROWS_WITH(broken.validate(), ContainsSubstring(fmt::format("row {}, column {}", i, j)));
            }
        }
    }
    // Positive and finite, however extreme: a subnormal, and values whose
    // sum overflows (the fast scan's false alarm, settled entry by entry).
    array.conductance(1, 3) = std::numeric_limits<double>::denorm_min();
    CHECK_NOTHROW(array.validate());
    array.conductance.setConstant(std::numeric_limits<double>::max());
    CHECK_NOTHROW(array.validate());
}

TEST_CASE("the fast positive-finite scan: every variant catches every bad value at every position",
          "[crossbar][bad-input]") {
    for (const std::size_t count : {std::size_t{1}, std::size_t{7}, std::size_t{16}, std::size_t{37}}) {
        std::vector<double> values(count, 1e-6);
        for (const auto scan : {&memcosim::all_positive_finite, &memcosim::detail::all_positive_finite_baseline}) {
            CHECK(scan(values.data(), count));
            for (std::size_t k = 0; k < count; ++k) {
                for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                                         -std::numeric_limits<double>::infinity(), 0.0, -0.0, -1e-6}) {
                    values[k] = bad;
                    INFO("count " << count << ", entry " << k << " = " << bad);
                    CHECK_FALSE(scan(values.data(), count));
                    values[k] = 1e-6;
                }
            }
        }
    }
}
