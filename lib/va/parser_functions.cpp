// Analog functions, and the types of parameters declared without one.
#include "va/constant_eval.hpp"
#include "va/parser.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::va {

// analog function real name; input a; real a; real local; statement endfunction
AnalogFunction Parser::parse_function(const Token& analog) {
    take();
    AnalogFunction function;
    function.location = analog.location;
    if (at_word("real") || at_word("integer")) {
        function.return_type = take().text == "integer" ? ValueType::integer : ValueType::real;
    }
    function.name = expect_identifier("a function name").text;
    expect_symbol(";", fmt::format("after 'analog function {}'", function.name));
    FunctionDeclarations declarations;
    while (parse_function_item(declarations)) {
    }
    function.body = parse_statement();
    if (!at_word("endfunction"))
        fail_expected(fmt::format("'endfunction' after the body of function '{}'", function.name));
    take();
    for (const Token& input : declarations.inputs) {
        const auto typed = std::find_if(declarations.typed.begin(), declarations.typed.end(),
                                        [&](const auto& entry) { return entry.first.text == input.text; });
        const ValueType type = typed == declarations.typed.end() ? ValueType::real : typed->second;
        function.inputs.push_back(FunctionArgument{input.text, type, input.location});
    }
    for (const auto& typed : declarations.typed) {
        const Token& name = typed.first;
        const bool is_input = std::any_of(declarations.inputs.begin(), declarations.inputs.end(),
                                          [&](const Token& input) { return input.text == name.text; });
        if (!is_input) function.locals.push_back(Variable{name.text, typed.second, name.location});
    }
    return function;
}

// Returns false when the body starts.
bool Parser::parse_function_item(FunctionDeclarations& declarations) {
    const auto declared_twice = [&](const Token& name, std::string_view what) {
        fail(name.location, fmt::format("'{}' is declared {} twice in this function", name.text, what));
    };
    if (at_word("input")) {
        take();
        for (const Token& name : parse_declared_names("an input name")) {
            for (const Token& other : declarations.inputs) {
                if (other.text == name.text) declared_twice(name, "an input");
            }
            declarations.inputs.push_back(name);
        }
        return true;
    }
    if (at_word("output") || at_word("inout")) {
        unsupported(peek().location, fmt::format("{} argument of an analog function", peek().text));
    }
    if (at_word("parameter") || at_word("localparam")) {
        unsupported(peek().location, "parameter inside an analog function");
    }
    if (!at_word("real") && !at_word("integer")) return false;
    const ValueType type = take().text == "integer" ? ValueType::integer : ValueType::real;
    for (const Token& name : parse_declared_names("a variable name")) {
        for (const auto& other : declarations.typed) {
            if (other.first.text == name.text) declared_twice(name, "with a type");
        }
        declarations.typed.emplace_back(name, type);
    }
    return true;
}

// `parameter x = 1;` takes the type of its default, as Verilog-A says.
void Parser::infer_parameter_types(Module& module, const ModuleState& state) {
    const auto lookup = [&](std::string_view name) -> std::optional<ValueType> {
        const Parameter* parameter = find_parameter(module, name);
        return parameter ? std::optional(parameter->type) : std::nullopt;
    };
    for (auto& parameter : module.parameters) {
        if (state.untyped_parameters.count(parameter.name) > 0) {
            parameter.type = expression_type(parameter.default_value, lookup);
        }
    }
}

}  // namespace memcosim::va
