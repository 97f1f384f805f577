// Realistic memristor models read into the syntax tree.
#include "va/constant_eval.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

using namespace memcosim::va;
using memcosim::test::hp_joglekar_model;
using memcosim::test::vteam_model;

namespace {

// The statements of the analog block, which these models write as one block.
const std::vector<Statement>& analog_statements(const Module& module) {
    return std::get<Block>(module.analog->node).statements;
}

}  // namespace

TEST_CASE("a VTEAM-like model gives ports, the state node, parameters and the analog block", "[va][models]") {
    const ParseResult result = parse_source(vteam_model, "vteam.va");
    REQUIRE(result.modules.size() == 1);
    const Module& module = result.modules[0];
    CHECK(module.name == "vteam");
    REQUIRE(module.ports.size() == 2);
    CHECK(module.ports[0].name == "p");
    CHECK(module.ports[1].name == "n");
    CHECK(module.ports[0].direction == PortDirection::inout);
    REQUIRE(module.internal_nodes.size() == 1);
    CHECK(module.internal_nodes[0].name == "x");
    CHECK(module.parameters.size() == 13);
    CHECK(module.variables.size() == 4);
    REQUIRE(module.functions.size() == 1);
    CHECK(module.functions[0].name == "window");
    REQUIRE(module.functions[0].inputs.size() == 2);
    CHECK(module.functions[0].inputs[1].type == ValueType::integer);
    CHECK(analog_statements(module).size() == 7);
}

TEST_CASE("parameter attributes, types and ranges are captured", "[va][models]") {
    const Module module = memcosim::test::parse_module(vteam_model);
    const Parameter* r_off = find_parameter(module, "R_off");
    REQUIRE(r_off != nullptr);
    CHECK(r_off->units == "Ohm");
    CHECK(r_off->description == "resistance in the off state");
    CHECK(r_off->type == ValueType::real);
    REQUIRE(r_off->ranges.size() == 2);
    CHECK(r_off->ranges[0].kind == RangeKind::from);
    const auto& interval = std::get<Interval>(r_off->ranges[0].values);
    CHECK_FALSE(interval.lower.inclusive);
    CHECK_FALSE(interval.upper.value.has_value());  // inf
    CHECK(r_off->ranges[1].kind == RangeKind::exclude);
    CHECK(range_text(*r_off) == "from (0:inf) exclude 0");
    CHECK(range_text(*find_parameter(module, "w_init")) == "from [0:w_off]");
    CHECK(find_parameter(module, "window_p")->type == ValueType::integer);
    CHECK(find_parameter(module, "alpha_on")->units.empty());
    CHECK(r_off->location.line == 17);
    CHECK(r_off->location.column == 74);
}

TEST_CASE("the state equation is a potential contribution of idt with an initial value", "[va][models]") {
    const Module module = memcosim::test::parse_module(vteam_model);
    const Statement& state = analog_statements(module)[4];
    const auto& contribution = std::get<Contribution>(state.node);
    CHECK(contribution.nature == Nature::potential);
    CHECK(contribution.positive == "x");
    CHECK(contribution.negative.empty());
    const auto& integral = std::get<TimeIntegral>(contribution.value.node);
    CHECK(std::get<Identifier>(integral.integrand->node).name == "dwdt");
    REQUIRE(integral.initial.has_value());
    CHECK(std::get<Identifier>((*integral.initial)->node).name == "w_init");
    CHECK(state.location.line == 45);
}

TEST_CASE("if / else if / else, the ternary operator and @(initial_step) keep their shape", "[va][models]") {
    const Module module = memcosim::test::parse_module(vteam_model);
    const auto& statements = analog_statements(module);
    CHECK(std::holds_alternative<InitialStep>(statements[0].node));
    const auto& clamp = std::get<Assignment>(statements[2].node);
    CHECK(std::holds_alternative<Conditional>(clamp.value.node));
    const auto& branch = std::get<IfElse>(statements[3].node);
    REQUIRE(branch.else_branch.has_value());
    const auto& inner = std::get<IfElse>((*branch.else_branch)->node);
    REQUIRE(inner.else_branch.has_value());
    const auto& last = std::get<Assignment>((*inner.else_branch)->node);
    CHECK(last.target == "dwdt");
    CHECK(std::get<Number>(last.value.node).value == 0.0);
}

TEST_CASE("ignored system tasks are kept in the tree and reported as notes", "[va][models]") {
    const ParseResult result = parse_source(hp_joglekar_model, "hp.va");
    REQUIRE(result.notes.size() == 2);
    CHECK(format_note(result.notes[0]) ==
          "hp.va:34:40: note: ignored '$bound_step' (the simulator chooses its own time step)");
    CHECK(result.notes[1].message == "ignored '$warning' (memcosim does not report model warnings)");
    const ParseResult vteam = parse_source(vteam_model, "vteam.va");
    REQUIRE(vteam.notes.size() == 1);
    CHECK(vteam.notes[0].message == "ignored '$strobe' (memcosim does not print from models)");
}

TEST_CASE("the HP model: named block, localparam from a macro, parameter values", "[va][models]") {
    const Module module = memcosim::test::parse_module(hp_joglekar_model);
    CHECK(std::get<Block>(module.analog->node).name == "hp");
    CHECK(module.internal_nodes.size() == 1);
    const Parameter* k = find_parameter(module, "k");
    REQUIRE(k != nullptr);
    CHECK(k->local);
    const ParameterValues values = evaluate_parameters(module);
    CHECK(values.at("Roff").value == 16e3);
    CHECK(values.at("D").value == 10e-9);
    CHECK(values.at("k").value == Catch::Approx(10e-15 * 100 / (10e-9 * 10e-9)).epsilon(1e-15));
    CHECK(values.at("p_window").type == ValueType::integer);
}

TEST_CASE("a file with two modules gives both, in order", "[va][models]") {
    const std::string text = "module a(p); inout p; electrical p; endmodule\n"
                             "module b(q); input q; electrical q; analog I(q) <+ 0; endmodule\n";
    const ParseResult result = parse_source(text, "two.va");
    REQUIRE(result.modules.size() == 2);
    CHECK(result.modules[0].name == "a");
    CHECK(result.modules[1].name == "b");
    CHECK_FALSE(result.modules[0].analog.has_value());
    CHECK(result.modules[1].ports[0].direction == PortDirection::input);
}

TEST_CASE("ANSI port declarations in the module header", "[va][models]") {
    const Module module = memcosim::test::parse_module(
        "module m(inout electrical a, b, output electrical c); analog I(a, b) <+ V(c); endmodule");
    REQUIRE(module.ports.size() == 3);
    CHECK(module.ports[1].direction == PortDirection::inout);
    CHECK(module.ports[2].direction == PortDirection::output);
    CHECK(module.internal_nodes.empty());
}

TEST_CASE("for_each_statement and for_each_child walk the tree for later passes", "[va][models]") {
    const Module module = memcosim::test::parse_module(vteam_model);
    int contributions = 0, integrals = 0, probes = 0;
    std::function<void(const Expression&)> expression = [&](const Expression& e) {
        integrals += std::holds_alternative<TimeIntegral>(e.node) ? 1 : 0;
        probes += std::holds_alternative<Probe>(e.node) ? 1 : 0;
        for_each_child(e, expression);
    };
    std::function<void(const Statement&)> statement = [&](const Statement& s) {
        contributions += std::holds_alternative<Contribution>(s.node) ? 1 : 0;
        for_each_expression(s, expression);
        for_each_statement(s, statement);
    };
    statement(*module.analog);
    CHECK(contributions == 2);
    CHECK(integrals == 1);
    CHECK(probes == 4);  // V(p, n) and three V(x)
}

TEST_CASE("analog functions may use parameters and environment functions", "[va][models]") {
    const Module module = memcosim::test::parse_module(memcosim::test::in_module(
        "    parameter real t0 = 300;\n    real y;\n"
        "    analog function real thermal_voltage; input scale; thermal_voltage = scale * $vt($temperature) * t0;\n"
        "    endfunction\n",
        "        y = thermal_voltage(2);"));
    CHECK(module.functions.at(0).inputs.size() == 1);
}
