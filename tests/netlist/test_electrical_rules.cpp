#include "netlist/electrical_rules.hpp"
#include "core/error.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace memcosim::netlist;
using Catch::Matchers::ContainsSubstring;

namespace {

Circuit divider() {
    Circuit circuit;
    circuit.add(VoltageSource{"v1", "in", "0", Dc{1.0}});
    circuit.add(Resistor{"r1", "in", "out", 1e3});
    circuit.add(Resistor{"r2", "out", "0", 1e3});
    circuit.analyses.emplace_back(OperatingPoint{});
    return circuit;
}

bool has(const std::vector<RuleViolation>& violations, RuleKind kind, const std::string& text) {
    for (const auto& v : violations) {
        if (v.kind == kind && v.message.find(text) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a sound circuit passes every rule", "[erc]") {
    CHECK(check_electrical_rules(divider()).empty());
    CHECK_NOTHROW(require_electrical_rules(divider()));
}

TEST_CASE("a node reached only through a capacitor has no DC path", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.add(Capacitor{"c1", "out", "island", 1e-12, std::nullopt});
    circuit.add(Capacitor{"c2", "island", "0", 1e-12, std::nullopt});
    CHECK(has(check_electrical_rules(circuit), RuleKind::no_dc_path, "'island'"));
}

TEST_CASE("a gate is no DC path", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.models.push_back({"nch", "nmos", {}});
    circuit.add(Mosfet{"m1", "out", "gate", "0", "0", "nch", {}});
    circuit.add(Capacitor{"cg", "gate", "0", 1e-15, std::nullopt});
    const auto violations = check_electrical_rules(circuit);
    CHECK(has(violations, RuleKind::no_dc_path, "'gate'"));
    CHECK_FALSE(has(violations, RuleKind::no_dc_path, "'out'"));
}

TEST_CASE("a node touching one terminal is floating", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.add(Resistor{"r3", "out", "dangling", 1e3});
    CHECK(has(check_electrical_rules(circuit), RuleKind::floating_node, "'dangling'"));
}

TEST_CASE("voltage sources in a loop are found", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.add(VoltageSource{"v2", "in", "0", Dc{2.0}});
    CHECK(has(check_electrical_rules(circuit), RuleKind::voltage_source_loop, "'v2'"));
    auto shorted = divider();
    shorted.add(VoltageSource{"v3", "out", "out", Dc{0.0}});
    CHECK(has(check_electrical_rules(shorted), RuleKind::voltage_source_loop, "'v3'"));
}

TEST_CASE("duplicate names are found without regard to case", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.add(Resistor{"R1", "out", "0", 2e3});
    CHECK(has(check_electrical_rules(circuit), RuleKind::duplicate_name, "'R1'"));
}

TEST_CASE("names, values and references are checked", "[erc][bad-input]") {
    auto circuit = divider();
    circuit.add(Resistor{"x9", "out", "0", 2e3});
    circuit.add(Resistor{"r4", "out", "0", -5.0});
    circuit.add(SubcircuitInstance{"x1", {"out", "0"}, "nosuch", {}});
    circuit.add(Mosfet{"m1", "out", "in", "0", "0", "nomodel", {}});
    const auto violations = check_electrical_rules(circuit);
    CHECK(has(violations, RuleKind::bad_name, "'x9'"));
    CHECK(has(violations, RuleKind::bad_value, "'r4'"));
    CHECK(has(violations, RuleKind::unknown_reference, "'nosuch'"));
    CHECK(has(violations, RuleKind::unknown_reference, "'nomodel'"));
}

TEST_CASE("a circuit without ground or analysis is refused", "[erc][bad-input]") {
    Circuit circuit;
    circuit.add(VoltageSource{"v1", "a", "b", Dc{1.0}});
    circuit.add(Resistor{"r1", "a", "b", 1e3});
    const auto violations = check_electrical_rules(circuit);
    CHECK(has(violations, RuleKind::no_ground, "node 0"));
    CHECK(has(violations, RuleKind::no_analysis, ".op"));
    CHECK_THROWS_AS(require_electrical_rules(circuit), memcosim::CircuitError);
}
