// Parameter values: constant evaluation of defaults, overrides, range checks.
#include "va/constant_eval.hpp"
#include "va_test_models.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

using namespace memcosim::va;
using Catch::Matchers::WithinRel;
using memcosim::test::parse_module;

TEST_CASE("defaults may use numbers, earlier parameters, constants and math functions", "[va][parameters]") {
    const Module module = parse_module(R"(`include "constants.vams"
        module m;
            parameter real a = 2;
            parameter real b = a ** 3 + sqrt(16) - max(1, a);
            parameter real c = a > 1 ? ln(`M_E) : -1;
            parameter real d = `P_K * 300 / `P_Q;
            parameter real e = hypot(3, 4) + atan2(0, 1) + floor(2.7) + ceil(2.2) + abs(-1.5) + log(100);
        endmodule)");
    const ParameterValues values = evaluate_parameters(module);
    CHECK(values.at("b").value == 8.0 + 4.0 - 2.0);
    CHECK(values.at("c").value == 1.0);
    CHECK_THAT(values.at("d").value, WithinRel(1.3806226e-23 * 300 / 1.6021918e-19, 1e-15));
    CHECK(values.at("e").value == 5.0 + 0.0 + 2.0 + 3.0 + 1.5 + 2.0);
}

TEST_CASE("integer arithmetic follows Verilog-A: integer division truncates", "[va][parameters]") {
    const Module module = parse_module(R"(module m;
        parameter integer n = 7;
        parameter real half = 1 / 2;
        parameter real real_half = 1.0 / 2;
        parameter real third = n / 3;
        parameter real negative = -7 / 2;
        parameter integer rounded = 2.5;
        parameter untyped_integer = n * 2;
        parameter untyped_real = n * 0.5;
    endmodule)");
    const ParameterValues values = evaluate_parameters(module);
    CHECK(values.at("half").value == 0.0);
    CHECK(values.at("real_half").value == 0.5);
    CHECK(values.at("third").value == 2.0);
    CHECK(values.at("negative").value == -3.0);
    CHECK(values.at("rounded").value == 3.0);
    CHECK(find_parameter(module, "untyped_integer")->type == ValueType::integer);
    CHECK(find_parameter(module, "untyped_real")->type == ValueType::real);
    CHECK(values.at("untyped_integer").value == 14.0);
}

TEST_CASE("check_parameter_value names the parameter and its range", "[va][parameters]") {
    const Module module = parse_module(R"(module m;
        parameter real r = 1 from (0:inf);
        parameter integer n = 2 from [1:10] exclude 5 exclude [7:8];
        parameter real g = 0.5 from [0:1) from [2:3];
        parameter real s = 1 from [0:r];
    endmodule)");
    const Parameter& r = *find_parameter(module, "r");
    const Parameter& n = *find_parameter(module, "n");
    const Parameter& g = *find_parameter(module, "g");
    CHECK_FALSE(check_parameter_value(r, 1e-12).has_value());
    CHECK(check_parameter_value(r, 0.0) == "parameter 'r' = 0 is outside its range from (0:inf)");
    CHECK(check_parameter_value(n, 5) ==
          "parameter 'n' = 5 is excluded by its range from [1:10] exclude 5 exclude [7:8]");
    CHECK(check_parameter_value(n, 7.0).has_value());
    CHECK_FALSE(check_parameter_value(n, 6.0).has_value());
    CHECK(check_parameter_value(n, 2.5) == "parameter 'n' is an integer; 2.5 is not");
    CHECK_FALSE(check_parameter_value(g, 2.5).has_value());  // several 'from' ranges: any of them
    CHECK(check_parameter_value(g, 1.0).has_value());
    CHECK(check_parameter_value(r, std::nan("")) == "parameter 'r' = nan is not a finite number");
    const ParameterValues values = evaluate_parameters(module);
    CHECK(check_parameter_value(*find_parameter(module, "s"), 2.0, values) ==
          "parameter 's' = 2 is outside its range from [0:r]");
}

TEST_CASE("overrides replace defaults, feed later defaults and are checked", "[va][parameters]") {
    const Module module = parse_module(R"(module m;
        parameter real r = 1 from (0:inf);
        parameter real twice = 2 * r;
        localparam real fixed = 3;
    endmodule)");
    const ParameterValues values = evaluate_parameters(module, {{"r", 5.0}});
    CHECK(values.at("twice").value == 10.0);
    CHECK_THROWS_WITH(evaluate_parameters(module, {{"r", -1.0}}),
                      "model 'm': parameter 'r' = -1 is outside its range from (0:inf)");
    CHECK_THROWS_WITH(evaluate_parameters(module, {{"q", 1.0}}), "model 'm' has no parameter 'q'");
    CHECK_THROWS_WITH(evaluate_parameters(module, {{"fixed", 1.0}}),
                      "parameter 'fixed' of model 'm' is a localparam and cannot be set");
}

TEST_CASE("expression_type tells integer from real expressions", "[va][parameters]") {
    const Module module = parse_module(R"(module m(p); inout p; electrical p;
        integer i; real x;
        analog begin
            i = 1; x = 1;
        end
    endmodule)");
    const TypeLookup lookup = [&](std::string_view name) -> std::optional<ValueType> {
        if (const Variable* variable = find_variable(module, name)) return variable->type;
        return std::nullopt;
    };
    const auto type_of = [&](const std::string& text) {
        const Module with = parse_module(fmt::format("module t; parameter real v = {}; endmodule", text));
        return expression_type(with.parameters[0].default_value, lookup);
    };
    CHECK(type_of("1 + 2 * 3") == ValueType::integer);
    CHECK(type_of("1 + 2.0") == ValueType::real);
    CHECK(type_of("abs(-2)") == ValueType::integer);
    CHECK(type_of("abs(-2.0)") == ValueType::real);
    CHECK(type_of("1.5 < 2.5") == ValueType::integer);
    CHECK(type_of("1 ? 2 : 3.0") == ValueType::real);
    CHECK(type_of("floor(2)") == ValueType::real);
    CHECK(expression_type(make_identifier("i"), lookup) == ValueType::integer);
    CHECK(expression_type(make_binary(BinaryOperator::divide, make_identifier("i"), make_number(2, true)), lookup) ==
          ValueType::integer);
    CHECK(expression_type(make_identifier("x"), lookup) == ValueType::real);
}
