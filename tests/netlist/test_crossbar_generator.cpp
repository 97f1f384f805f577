#include "generators/crossbar_generator.hpp"
#include "core/error.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim;
using generators::CrossbarNames;

namespace {

CrossbarArray array_3x2(double c_wire = 0.0) {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(3, 2, 1e-5);
    array.conductance(2, 1) = 4e-5;
    array.inputs = Eigen::Vector3d(0.1, 0.2, 0.3);
    array.row_wire_resistance = 1.5;
    array.column_wire_resistance = 2.5;
    array.wire_capacitance = c_wire;
    return array;
}

template <class E>
std::vector<E> elements_of(const netlist::Circuit& circuit) {
    std::vector<E> out;
    for (const auto& element : circuit.elements) {
        if (const auto* e = std::get_if<E>(&element)) out.push_back(*e);
    }
    return out;
}

const netlist::Resistor& resistor(const netlist::Circuit& circuit, const std::string& name) {
    for (const auto& element : circuit.elements) {
        if (const auto* r = std::get_if<netlist::Resistor>(&element); r && r->name == name) return *r;
    }
    FAIL("no resistor " << name);
    throw;
}

}  // namespace

TEST_CASE("the crossbar follows the DESIGN convention element by element", "[generator]") {
    const auto circuit = generators::build_crossbar_circuit(array_3x2());
    CHECK(netlist::check_electrical_rules(circuit).empty());
    // R*C cells + R*C row segments + R*C column segments, R drivers + C sense sources.
    CHECK(elements_of<netlist::Resistor>(circuit).size() == 18);
    CHECK(elements_of<netlist::VoltageSource>(circuit).size() == 5);
    CHECK(elements_of<netlist::Capacitor>(circuit).empty());
    // Row 1: driver -> row(1,0) -> row(1,1).
    CHECK(resistor(circuit, "rr1_0").positive == CrossbarNames::driver_node(1));
    CHECK(resistor(circuit, "rr1_1").negative == CrossbarNames::row_node(1, 1));
    CHECK(resistor(circuit, "rr1_1").resistance == 1.5);
    // Column 1: col(2,1) is the last node and joins sense_1.
    CHECK(resistor(circuit, "rc2_1").positive == CrossbarNames::column_node(2, 1));
    CHECK(resistor(circuit, "rc2_1").negative == CrossbarNames::sense_node(1));
    CHECK(resistor(circuit, "rc0_1").negative == CrossbarNames::column_node(1, 1));
    CHECK(resistor(circuit, "rc0_1").resistance == 2.5);
    CHECK(resistor(circuit, "rg2_1").resistance == 1.0 / 4e-5);
    REQUIRE(circuit.outputs);
    CHECK(circuit.outputs->rows.size() == 2);
    CHECK(circuit.outputs->rows[1].second == "vsns1#branch");
}

TEST_CASE("wire capacitance adds one capacitor per wire node", "[generator]") {
    const auto circuit = generators::build_crossbar_circuit(array_3x2(1e-15));
    const auto capacitors = elements_of<netlist::Capacitor>(circuit);
    CHECK(capacitors.size() == 12);
    CHECK(capacitors.front().capacitance == 1e-15);
}

TEST_CASE("the generated netlist carries klu and its output declarations", "[generator]") {
    const auto lines = netlist::write_spice_lines(generators::build_crossbar_circuit(array_3x2()));
    CHECK(std::find(lines.begin(), lines.end(), ".options klu") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), ".op") != lines.end());
    const auto table = netlist::read_output_table(lines, "gen");
    REQUIRE(table);
    CHECK(table->rows.size() == 2);
}

TEST_CASE("an invalid array never becomes a netlist", "[generator][bad-input]") {
    auto array = array_3x2();
    array.conductance(0, 0) = -1e-6;
    CHECK_THROWS_AS(generators::build_crossbar_circuit(array), InputError);
}

TEST_CASE("the periphery becomes series resistors, biased sources and missing sources", "[generator][periphery]") {
    auto array = array_3x2();
    array.row_drivers = {{false, 100.0}, {true, 0.0}, {false, 0.0}};
    array.column_terminations = {{false, 1e3}, {true, 0.0}};
    array.column_bias = Eigen::Vector2d(0.05, 0.0);
    const auto circuit = generators::build_crossbar_circuit(array);
    CHECK(netlist::check_electrical_rules(circuit).empty());
    // Row 1 floats: no source, no first segment. Column 1 floats: no last
    // segment, no sense source. Row 0 and column 0 gain a resistor each.
    CHECK(elements_of<netlist::VoltageSource>(circuit).size() == 3);
    CHECK(elements_of<netlist::Resistor>(circuit).size() == 18 - 2 + 2);
    CHECK(resistor(circuit, "rdrv0").positive == CrossbarNames::driver_node(0));
    CHECK(resistor(circuit, "rdrv0").negative == CrossbarNames::driver_output_node(0));
    CHECK(resistor(circuit, "rdrv0").resistance == 100.0);
    CHECK(resistor(circuit, "rr0_0").positive == CrossbarNames::driver_output_node(0));
    CHECK(resistor(circuit, "rr2_0").positive == CrossbarNames::driver_node(2));  // 0 ohm: no resistor
    CHECK(resistor(circuit, "rc2_0").negative == CrossbarNames::column_end_node(0));
    CHECK(resistor(circuit, "rload0").negative == CrossbarNames::sense_node(0));
    CHECK(resistor(circuit, "rload0").resistance == 1e3);
    for (const auto& source : elements_of<netlist::VoltageSource>(circuit)) {
        CHECK(source.name != "vin1");
        CHECK(source.name != CrossbarNames::sense_source(1));
        if (source.name == CrossbarNames::sense_source(0)) CHECK(std::get<netlist::Dc>(source.waveform).value == 0.05);
    }
    for (const auto& r : elements_of<netlist::Resistor>(circuit)) {
        CHECK(r.name != "rr1_0");
        CHECK(r.name != "rc2_1");
    }
    // Only terminated columns are outputs.
    REQUIRE(circuit.outputs);
    REQUIRE(circuit.outputs->rows.size() == 1);
    CHECK(circuit.outputs->rows[0].second == CrossbarNames::sense_current_vector(0));
    CHECK(CrossbarNames::driver_current_vector(0) == "vin0#branch");
}

TEST_CASE("the default periphery, spelled out, gives the same netlist", "[generator][periphery]") {
    auto array = array_3x2();
    array.row_drivers.assign(3, LineTermination{});
    array.column_terminations.assign(2, LineTermination{});
    array.column_bias = Eigen::Vector2d::Zero();
    CHECK(netlist::write_spice_lines(generators::build_crossbar_circuit(array)) ==
          netlist::write_spice_lines(generators::build_crossbar_circuit(array_3x2())));
}

TEST_CASE("bad periphery and ideal wires never become a netlist", "[generator][bad-input]") {
    auto array = array_3x2();
    array.row_drivers = {{false, 0.0}, {false, -3.0}, {false, 0.0}};
    CHECK_THROWS_AS(generators::build_crossbar_circuit(array), InputError);
    array = array_3x2();
    array.row_wire_resistance = 0.0;
    array.column_wire_resistance = 0.0;  // valid for the solver, not for SPICE
    CHECK_THROWS_WITH(generators::build_crossbar_circuit(array), Catch::Matchers::ContainsSubstring("ideal"));
}
