// Declarations: attributes, parameters with ranges, variables, analog functions.
#include "va/builtins.hpp"
#include "va/constant_eval.hpp"
#include "va/parser.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::va {

// (* desc="...", units="..." *)
std::vector<Attribute> Parser::parse_attributes() {
    take();
    std::vector<Attribute> attributes;
    do {
        Attribute attribute{expect_identifier("an attribute name").text, std::nullopt};
        if (accept_symbol("=")) {
            if (peek().kind != TokenKind::string) fail_expected(fmt::format("a string value for '{}'", attribute.name));
            attribute.value = take().text;
        }
        attributes.push_back(std::move(attribute));
    } while (accept_symbol(","));
    if (peek().kind != TokenKind::attribute_close) fail_expected("'*)' to close the attributes");
    take();
    return attributes;
}

void Parser::parse_parameters(Module& module, ModuleState& state, const std::vector<Attribute>& attributes) {
    const bool local = take().text == "localparam";
    ValueType type = ValueType::real;
    bool typed = false;
    if (at_word("real") || at_word("integer")) {
        type = take().text == "integer" ? ValueType::integer : ValueType::real;
        typed = true;
    } else if (at_word("string")) {
        unsupported(peek().location, "string parameter");
    } else if (at_symbol("[")) {
        unsupported(peek().location, "vector parameter");
    }
    do {
        Parameter parameter = parse_parameter(type, local, attributes);
        if (!typed) state.untyped_parameters.insert(parameter.name);
        module.parameters.push_back(std::move(parameter));
    } while (accept_symbol(","));
    expect_symbol(";", "after the parameter declaration");
}

Parameter Parser::parse_parameter(ValueType type, bool local, const std::vector<Attribute>& attributes) {
    Parameter parameter;
    const Token name = expect_identifier("a parameter name");
    parameter.name = name.text;
    parameter.location = name.location;
    parameter.type = type;
    parameter.local = local;
    if (at_symbol("[")) unsupported(peek().location, "parameter array");
    expect_symbol("=", fmt::format("and a default value after parameter '{}'", name.text));
    parameter.default_value = parse_expression();
    while (at_word("from") || at_word("exclude")) parameter.ranges.push_back(parse_range());
    for (const auto& attribute : attributes) {
        if (attribute.name == "units" && attribute.value) {
            parameter.units = *attribute.value;
        } else if (attribute.name == "desc" && attribute.value) {
            parameter.description = *attribute.value;
        } else {
            parameter.other_attributes.push_back(attribute);
        }
    }
    return parameter;
}

// from [a:b]  from (0:inf)  exclude 0  exclude (a:b)
RangeClause Parser::parse_range() {
    const Token keyword = take();
    RangeClause clause;
    clause.kind = keyword.text == "from" ? RangeKind::from : RangeKind::exclude;
    clause.location = keyword.location;
    if (at_symbol("[") || at_symbol("(")) {
        const Token open = take();
        if (clause.kind == RangeKind::exclude && open.text == "(" && !at_word("inf") &&
            !(at_symbol("-") && at_word("inf", 1))) {
            // exclude (a:b) or exclude (value): decide after the first expression.
            Expression first = parse_expression();
            if (accept_symbol(")")) {
                clause.values = std::move(first);
                return clause;
            }
            Interval interval;
            interval.lower = Bound{std::move(first), false};
            expect_symbol(":", "between the bounds of the range");
            interval.upper = parse_bound(false);
            clause.values = std::move(interval);
            return clause;
        }
        clause.values = parse_interval_rest(open);
        return clause;
    }
    if (clause.kind == RangeKind::from) {
        if (at_symbol("'")) unsupported(peek().location, "value set from '{...}");
        fail_expected("'[' or '(' after 'from'");
    }
    clause.values = parse_expression();
    return clause;
}

Interval Parser::parse_interval_rest(const Token& open) {
    Interval interval;
    interval.lower = parse_bound(true);
    interval.lower.inclusive = open.text == "[";
    expect_symbol(":", "between the bounds of the range");
    interval.upper = parse_bound(false);
    return interval;
}

// A bound and, for the upper one, the closing bracket. inf has no value.
Bound Parser::parse_bound(bool lower) {
    Bound bound;
    const bool negative = at_symbol("-") && at_word("inf", 1);
    if (negative || at_word("inf")) {
        const Token first = take();
        if (negative) take();
        if (negative != lower)
            fail(first.location, lower ? "a lower bound cannot be inf" : "an upper bound cannot be -inf");
    } else {
        bound.value = parse_expression();
    }
    if (!lower) {
        if (!at_symbol("]") && !at_symbol(")")) fail_expected("']' or ')' to close the range");
        bound.inclusive = take().text == "]";
    }
    return bound;
}

std::vector<Token> Parser::parse_declared_names(std::string_view what) {
    std::vector<Token> names;
    do {
        names.push_back(expect_identifier(what));
        if (at_symbol("[")) unsupported(peek().location, "array");
        if (at_symbol("=")) unsupported(peek().location, "initializer in a declaration (assign in the analog block)");
    } while (accept_symbol(","));
    expect_symbol(";", "after the declaration");
    return names;
}

void Parser::parse_variables(Module& module) {
    const ValueType type = take().text == "integer" ? ValueType::integer : ValueType::real;
    for (const Token& name : parse_declared_names("a variable name")) {
        module.variables.push_back(Variable{name.text, type, name.location});
    }
}

}  // namespace memcosim::va
