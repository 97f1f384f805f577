// Statements of the analog block and of analog functions.
#include "va/builtins.hpp"
#include "va/parser.hpp"

#include <fmt/format.h>

namespace memcosim::va {

Statement Parser::parse_statement() {
    const DepthGuard guard(*this, peek().location);
    if (peek().kind == TokenKind::attribute_open) {
        const SourceLocation location = peek().location;
        (void)parse_attributes();
        note(location, "ignored attributes on a statement");
    }
    const Token& token = peek();
    if (token.kind == TokenKind::symbol && token.text == ";") {
        return Statement{Block{}, take().location};
    }
    if (token.kind == TokenKind::symbol && token.text == "@") return parse_event(take());
    if (token.kind == TokenKind::system_name) return parse_task(take());
    if (token.kind != TokenKind::identifier) fail_expected("a statement");
    if (token.text == "begin") return parse_block(take());
    if (token.text == "if") return parse_if(take());
    return parse_identifier_statement(take());
}

Statement Parser::parse_identifier_statement(const Token& name) {
    if (at_symbol("=")) {
        take();
        Expression value = parse_expression();
        expect_symbol(";", fmt::format("after the assignment to '{}'", name.text));
        return Statement{Assignment{name.text, std::move(value)}, name.location};
    }
    if ((name.text == "V" || name.text == "I") && at_symbol("(")) return parse_contribution(name);
    if (name.text == "real" || name.text == "integer" || name.text == "parameter") {
        unsupported(name.location, "declaration inside a block (declare it at module level)");
    }
    if (is_refused_keyword(name.text)) unsupported(name.location, name.text);
    if (name.text == "end" || name.text == "endmodule" || name.text == "else" || name.text == "endfunction") {
        fail(name.location, fmt::format("expected a statement, found '{}'", name.text));
    }
    if (at_symbol("(")) unsupported(name.location, fmt::format("call of '{}' as a statement", name.text));
    if (at_symbol("<+"))
        unsupported(name.location, fmt::format("contribution to '{}' (use V(...) or I(...))", name.text));
    fail_expected(fmt::format("'=' after '{}'", name.text));
}

Statement Parser::parse_block(const Token& begin) {
    Block block;
    if (accept_symbol(":")) block.name = expect_identifier("a block name after ':'").text;
    for (;;) {
        const Token& token = peek();
        if (token.kind == TokenKind::identifier && token.text == "end") break;
        if (token.kind == TokenKind::end_of_input ||
            (token.kind == TokenKind::identifier && (token.text == "endmodule" || token.text == "endfunction"))) {
            fail(token.location, fmt::format("expected 'end' to close the 'begin' at line {}, found {}",
                                             begin.location.line, describe(token)));
        }
        block.statements.push_back(parse_statement());
    }
    take();
    return Statement{std::move(block), begin.location};
}

Statement Parser::parse_if(const Token& keyword) {
    expect_symbol("(", "after 'if'");
    Expression condition = parse_expression();
    expect_symbol(")", "to close the condition of 'if'");
    IfElse branch{std::move(condition), parse_statement(), std::nullopt};
    if (at_word("else")) {
        take();
        branch.else_branch = parse_statement();
    }
    return Statement{std::move(branch), keyword.location};
}

// @(initial_step) statement; every other event is refused by name.
Statement Parser::parse_event(const Token& at) {
    if (!at_symbol("(")) unsupported(at.location, "event control without '(...)'");
    take();
    const Token event = peek();
    if (event.kind != TokenKind::identifier) fail_expected("an event such as 'initial_step'");
    take();
    if (event.text == "final_step" || event.text == "cross" || event.text == "above" || event.text == "timer") {
        unsupported(event.location, fmt::format("@({})", event.text));
    }
    if (event.text != "initial_step") unsupported(event.location, fmt::format("event '{}'", event.text));
    if (at_symbol("(")) unsupported(peek().location, "initial_step with analysis names");
    if (at_word("or")) unsupported(peek().location, "@(initial_step or ...)");
    expect_symbol(")", "to close '@(initial_step'");
    return Statement{InitialStep{parse_statement()}, at.location};
}

// $strobe(...); and friends are kept, with a note, and not run.
Statement Parser::parse_task(const Token& name) {
    const char* reason = ignored_task_reason(name.text);
    if (!reason) {
        if (name.text == "$abstime" || name.text == "$temperature" || name.text == "$vt") {
            fail(name.location, fmt::format("'{}' is a value, not a statement", name.text));
        }
        unsupported(name.location, name.text);
    }
    std::string arguments;
    if (accept_symbol("(")) {
        for (int depth = 0; depth > 0 || !at_symbol(")");) {
            const Token token = take();
            if (token.kind == TokenKind::end_of_input)
                fail(name.location, fmt::format("unterminated '{}(...'", name.text));
            if (token.kind == TokenKind::symbol && token.text == "(") ++depth;
            if (token.kind == TokenKind::symbol && token.text == ")") --depth;
            const bool closing = token.kind == TokenKind::symbol && (token.text == "," || token.text == ")");
            const bool after_open = arguments.empty() || arguments.back() == '(';
            if (!closing && !after_open) arguments += ' ';
            arguments += spelling(token);
        }
        take();
    }
    expect_symbol(";", fmt::format("after '{}'", name.text));
    note(name.location, fmt::format("ignored '{}' ({})", name.text, reason));
    return Statement{IgnoredTask{name.text, std::move(arguments)}, name.location};
}

// V(p, n) <+ value;  I(p) <+ value;
Statement Parser::parse_contribution(const Token& access) {
    take();
    Contribution contribution;
    contribution.nature = access.text == "V" ? Nature::potential : Nature::flow;
    if (at_symbol("<")) unsupported(peek().location, "port branch access (<p>)");
    contribution.positive = expect_identifier(fmt::format("a node name in {}(...)", access.text)).text;
    if (accept_symbol(",")) {
        contribution.negative = expect_identifier(fmt::format("a node name in {}(..., ...)", access.text)).text;
    }
    expect_symbol(")", fmt::format("to close {}(...)", access.text));
    if (at_symbol(":")) unsupported(peek().location, "indirect branch assignment");
    if (at_symbol("=")) fail(peek().location, fmt::format("use '<+' to contribute to {}(...), not '='", access.text));
    expect_symbol("<+", fmt::format("after {}(...)", access.text));
    contribution.value = parse_expression();
    expect_symbol(";", "after the contribution");
    return Statement{std::move(contribution), access.location};
}

}  // namespace memcosim::va
