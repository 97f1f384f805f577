#include "netlist/spice_writer.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim::netlist;
using Catch::Matchers::ContainsSubstring;

namespace {
bool has_line(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}
}  // namespace

TEST_CASE("the writer prints every element kind in ngspice syntax with plain numbers", "[writer]") {
    Circuit circuit;
    circuit.title = "all kinds";
    circuit.add(VoltageSource{"v1", "a", "0", Pulse{0, 1, 1e-9, 1e-10, 1e-10, 5e-9, 1e-8}});
    circuit.add(VoltageSource{"v2", "b", "0", PiecewiseLinear{{{0, 0}, {1e-9, 0.5}}}});
    circuit.add(CurrentSource{"i1", "a", "0", Dc{1e-6}});
    circuit.add(Resistor{"r1", "a", "b", 1000});
    circuit.add(Capacitor{"c1", "b", "0", 1e-15, 0.0});
    circuit.add(BehavioralSource{"b1", "b", "0", BehavioralSource::Output::current, "v(b)*1e-3"});
    circuit.add(Mosfet{"m1", "a", "b", "0", "0", "nch", {{"w", 1e-6}, {"l", 1e-7}}});
    circuit.add(SubcircuitInstance{"x1", {"a", "b"}, "cell", {{"g", "1e-5"}}});
    circuit.models.push_back(ModelCard{"nch", "nmos", {{"level", "1"}, {"vto", "0.5"}}});
    circuit.subcircuits.push_back(Subcircuit{"cell", {"p", "n"}, {{"g", "1e-6"}}, {Resistor{"r1", "p", "n", 1e4}}, {}});
    circuit.analyses = {OperatingPoint{}, Transient{1e-10, 1e-8, 0, 1e-11, false}, DcSweep{"v1", 0, 1, 0.1}};
    const auto lines = write_spice_lines(circuit);
    CHECK(lines.front() == "all kinds");
    CHECK(lines.back() == ".end");
    CHECK(has_line(lines, ".options klu"));
    CHECK(has_line(lines, "v1 a 0 pulse(0 1 1e-09 1e-10 1e-10 5e-09 1e-08)"));
    CHECK(has_line(lines, "v2 b 0 pwl(0 0 1e-09 0.5)"));
    CHECK(has_line(lines, "i1 a 0 dc 1e-06"));
    CHECK(has_line(lines, "r1 a b 1000"));
    CHECK(has_line(lines, "c1 b 0 1e-15 ic=0"));
    CHECK(has_line(lines, "b1 b 0 i=v(b)*1e-3"));
    CHECK(has_line(lines, "m1 a b 0 0 nch w=1e-06 l=1e-07"));
    CHECK(has_line(lines, "x1 a b cell g=1e-5"));
    CHECK(has_line(lines, ".model nch nmos (level=1 vto=0.5)"));
    CHECK(has_line(lines, ".subckt cell p n params: g=1e-6"));
    CHECK(has_line(lines, ".ends cell"));
    CHECK(has_line(lines, ".tran 1e-10 1e-08 0 1e-11"));
    CHECK(has_line(lines, ".dc v1 0 1 0.1"));
}

TEST_CASE("user options follow klu on the options line", "[writer]") {
    Circuit circuit;
    circuit.options = {{"reltol", "1e-6"}};
    CHECK(has_line(write_spice_lines(circuit), ".options klu reltol=1e-6"));
}

TEST_CASE("declared outputs survive a write and read back", "[writer][round-trip]") {
    Circuit circuit;
    circuit.outputs = OutputTable{"col", "current", {{"0", "vsns0#branch"}, {"1", "vsns1#branch"}}};
    const auto table = read_output_table(write_spice_lines(circuit), "x.cir");
    REQUIRE(table);
    CHECK(table->key_header == "col");
    CHECK(table->value_header == "current");
    CHECK(table->rows == circuit.outputs->rows);
    CHECK_FALSE(read_output_table({"title", "r1 a 0 1", ".op", ".end"}, "y.cir"));
}

TEST_CASE("malformed output declarations name the file and line", "[writer][bad-input]") {
    CHECK_THROWS_WITH(read_output_table({"t", "*@memcosim output 0 v0#branch"}, "z.cir"),
                      ContainsSubstring("z.cir:2") && ContainsSubstring("output-table"));
    CHECK_THROWS_WITH(read_output_table({"t", "*@memcosim output-table col"}, "z.cir"), ContainsSubstring("z.cir:2"));
}

TEST_CASE("numbers print in plain SI form and read back exactly", "[writer]") {
    for (double value : {1e-6, 2.5e3, 1.0 / 7.0, 1e-15}) {
        const std::string text = spice_number(value);
        CHECK(text.find_first_of("munpfkMG") == std::string::npos);
        CHECK(std::stod(text) == value);
    }
}
