#include "core/csv.hpp"
#include "core/error.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using Catch::Matchers::ContainsSubstring;
using memcosim::InputError;
using memcosim::test::TempDir;
namespace csv = memcosim::csv;

TEST_CASE("a conductance map reads as R lines of C values", "[csv]") {
    TempDir dir;
    const auto path = dir.write("g.csv", "# map\n1e-6, 2e-6,3e-6\r\n\n4e-6,5E-6,+6e-6\n");
    const auto g = csv::read_matrix(path);
    REQUIRE(g.rows() == 2);
    REQUIRE(g.cols() == 3);
    CHECK(g(0, 1) == 2e-6);
    CHECK(g(1, 2) == 6e-6);
}

TEST_CASE("an input vector reads from a column or from a single row", "[csv]") {
    TempDir dir;
    CHECK(csv::read_vector(dir.write("col.csv", "0.1\n0.2\n0.3\n")).size() == 3);
    const auto row = csv::read_vector(dir.write("row.csv", "0.1,0.2\n"));
    REQUIRE(row.size() == 2);
    CHECK(row(1) == 0.2);
    CHECK_THROWS_WITH(csv::read_vector(dir.write("m.csv", "1,2\n3,4\n")), ContainsSubstring("one value per line"));
}

TEST_CASE("malformed CSV names the file and line", "[csv][bad-input]") {
    TempDir dir;
    const auto ragged = dir.write("ragged.csv", "1,2,3\n4,5\n");
    CHECK_THROWS_WITH(csv::read_matrix(ragged), ContainsSubstring("ragged.csv:2") && ContainsSubstring("ragged"));
    const auto text = dir.write("text.csv", "1,2\n3,abc\n");
    CHECK_THROWS_WITH(csv::read_matrix(text), ContainsSubstring("text.csv:2") && ContainsSubstring("'abc'"));
    const auto units = dir.write("units.csv", "1u\n");
    CHECK_THROWS_WITH(csv::read_matrix(units), ContainsSubstring("units.csv:1") && ContainsSubstring("plain SI"));
    const auto empty_field = dir.write("field.csv", "1,,3\n");
    CHECK_THROWS_WITH(csv::read_matrix(empty_field), ContainsSubstring("field.csv:1"));
    CHECK_THROWS_WITH(csv::read_matrix(dir.write("empty.csv", "# nothing\n")), ContainsSubstring("no data"));
    CHECK_THROWS_WITH(csv::read_matrix(dir.file("missing.csv")), ContainsSubstring("cannot open"));
    CHECK_THROWS_AS(csv::read_matrix(dir.write("nan.csv", "nan\n")), InputError);
}

TEST_CASE("numbers are written so that they read back exactly", "[csv]") {
    for (double value : {1e-6, 0.1, 1.0 / 3.0, -2.5e-12, 123456789.125}) {
        CHECK(csv::parse_number(csv::format_number(value), "x", 1) == value);
    }
}
