#include "va/parser.hpp"

#include "va/builtins.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

PortDirection port_direction(std::string_view keyword) {
    if (keyword == "input") return PortDirection::input;
    if (keyword == "output") return PortDirection::output;
    return PortDirection::inout;
}

}  // namespace

// ---- tokens ------------------------------------------------------------------

Parser::DepthGuard::DepthGuard(Parser& parser, const SourceLocation& location) : parser_(parser) {
    if (++parser_.depth_ > max_depth) {
        --parser_.depth_;
        parser_.fail(location, fmt::format("nesting deeper than {} levels", max_depth));
    }
}

const Token& Parser::peek(std::size_t ahead) {
    while (lookahead_.size() <= ahead) lookahead_.push_back(input_.next());
    return lookahead_[ahead];
}

Token Parser::take() {
    (void)peek();
    previous_ = std::move(lookahead_.front());
    lookahead_.pop_front();
    return previous_;
}

bool Parser::at_symbol(std::string_view text, std::size_t ahead) {
    const Token& token = peek(ahead);
    return token.kind == TokenKind::symbol && token.text == text;
}

bool Parser::at_word(std::string_view word, std::size_t ahead) {
    const Token& token = peek(ahead);
    return token.kind == TokenKind::identifier && token.text == word;
}

bool Parser::accept_symbol(std::string_view text) {
    if (!at_symbol(text)) return false;
    take();
    return true;
}

Token Parser::expect_symbol(std::string_view text, std::string_view context) {
    if (!at_symbol(text)) fail_expected(fmt::format("'{}' {}", text, context));
    return take();
}

Token Parser::expect_identifier(std::string_view what) {
    if (peek().kind != TokenKind::identifier) fail_expected(what);
    return take();
}

void Parser::fail(const SourceLocation& location, const std::string& message) const {
    throw VaError(location, message, &sources_);
}

SourceLocation Parser::end_of_previous() const {
    SourceLocation location = previous_.location;
    location.column += previous_.length;
    return location;
}

// A missing ';' is reported right after the previous token, where it belongs;
// anything else at the token that is there instead.
void Parser::fail_expected(std::string_view what) {
    const Token& found = peek();
    const bool missing_terminator = what.substr(0, 3) == "';'" && previous_.length > 0;
    const SourceLocation location = missing_terminator ? end_of_previous() : found.location;
    fail(location, fmt::format("expected {}, found {}", what, describe(found)));
}

void Parser::unsupported(const SourceLocation& location, std::string_view construct) const {
    fail(location, unsupported_message(construct));
}

void Parser::note(const SourceLocation& location, std::string message) {
    notes_.push_back(Note{location, std::move(message)});
}

// ---- modules -----------------------------------------------------------------

std::vector<Module> Parser::parse_modules() {
    std::vector<Module> modules;
    for (;;) {
        if (peek().kind == TokenKind::attribute_open) {
            const SourceLocation location = peek().location;
            (void)parse_attributes();
            note(location, "ignored attributes on a module");
        }
        const Token& token = peek();
        if (token.kind == TokenKind::end_of_input) break;
        if (at_word("module") || at_word("macromodule")) {
            modules.push_back(parse_module());
        } else if (token.kind == TokenKind::identifier && is_refused_keyword(token.text)) {
            unsupported(token.location, token.text);
        } else {
            fail_expected("'module'");
        }
    }
    if (modules.empty()) fail(peek().location, "no module in the file");
    return modules;
}

Module Parser::parse_module() {
    Module module;
    module.location = take().location;
    const Token name = expect_identifier("a module name");
    module.name = name.text;
    ModuleState state;
    if (at_symbol("#")) unsupported(peek().location, "module parameter port list '#(...)'");
    if (accept_symbol("(")) parse_module_header(state);
    expect_symbol(";", "after the module header");
    while (parse_module_item(module, state)) {
    }
    finish_module(module, state);
    return module;
}

void Parser::parse_module_header(ModuleState& state) {
    if (accept_symbol(")")) return;
    if (at_word("inout") || at_word("input") || at_word("output")) return parse_ansi_ports(state);
    do {
        state.header_ports.push_back(expect_identifier("a port name"));
        if (at_symbol("[")) unsupported(peek().location, "vector port");
    } while (accept_symbol(","));
    expect_symbol(")", "to close the port list");
}

// module m(inout electrical p, n, output electrical q)
void Parser::parse_ansi_ports(ModuleState& state) {
    PortDirection direction = PortDirection::inout;
    bool electrical = false;
    do {
        if (at_word("inout") || at_word("input") || at_word("output")) {
            const Token keyword = take();
            direction = port_direction(keyword.text);
            electrical = at_word("electrical");
            if (electrical) take();
        }
        if (at_symbol("[")) unsupported(peek().location, "vector port");
        const Token name = expect_identifier("a port name");
        state.header_ports.push_back(name);
        state.directions[name.text] = {direction, name.location};
        if (electrical) state.electrical.push_back(name);
    } while (accept_symbol(","));
    expect_symbol(")", "to close the port list");
}

// Returns false at `endmodule`.
bool Parser::parse_module_item(Module& module, ModuleState& state) {
    std::vector<Attribute> attributes;
    if (peek().kind == TokenKind::attribute_open) attributes = parse_attributes();
    const Token& token = peek();
    if (token.kind == TokenKind::end_of_input) fail(token.location, "expected 'endmodule', found end of file");
    if (token.kind != TokenKind::identifier) fail_expected("a declaration, an analog block or 'endmodule'");
    const std::string word = token.text;
    if (!attributes.empty() && word != "parameter" && word != "localparam") {
        note(token.location, fmt::format("ignored attributes on '{}'", word));
    }
    if (word == "endmodule") {
        take();
        return false;
    }
    if (word == "inout" || word == "input" || word == "output") {
        parse_port_directions(state);
    } else if (word == "electrical") {
        parse_disciplines(state);
    } else if (word == "parameter" || word == "localparam") {
        parse_parameters(module, state, attributes);
    } else if (word == "real" || word == "integer") {
        parse_variables(module);
    } else if (word == "analog") {
        const Token analog = take();
        if (at_word("initial")) unsupported(analog.location, "analog initial");
        if (at_word("function")) {
            module.functions.push_back(parse_function(analog));
        } else {
            if (module.analog) fail(analog.location, "a second analog block (memcosim reads one per module)");
            module.analog = parse_statement();
        }
    } else if (word == "end") {
        fail(token.location, "'end' without a matching 'begin'");
    } else if (is_refused_keyword(word)) {
        unsupported(token.location, word);
    } else {
        fail_expected("a declaration, an analog block or 'endmodule'");
    }
    return true;
}

// inout p, n;  or  inout electrical p, n;
void Parser::parse_port_directions(ModuleState& state) {
    const Token keyword = take();
    const PortDirection direction = port_direction(keyword.text);
    bool electrical = false;
    if (at_word("electrical")) {
        take();
        electrical = true;
    } else if (peek().kind == TokenKind::identifier && is_refused_keyword(peek().text)) {
        unsupported(peek().location, peek().text);
    }
    do {
        if (at_symbol("[")) unsupported(peek().location, "vector port");
        const Token name = expect_identifier("a port name");
        if (state.directions.count(name.text) > 0) {
            fail(name.location, fmt::format("the direction of port '{}' is declared twice", name.text));
        }
        state.directions[name.text] = {direction, name.location};
        if (electrical) state.electrical.push_back(name);
    } while (accept_symbol(","));
    expect_symbol(";", fmt::format("after the '{}' declaration", keyword.text));
}

void Parser::parse_disciplines(ModuleState& state) {
    take();
    do {
        if (at_symbol("[")) unsupported(peek().location, "vector node");
        const Token name = expect_identifier("a node name");
        if (at_symbol("[")) unsupported(peek().location, "vector node");
        state.electrical.push_back(name);
    } while (accept_symbol(","));
    expect_symbol(";", "after the 'electrical' declaration");
}

void Parser::finish_module(Module& module, ModuleState& state) {
    const auto is_electrical = [&](const std::string& name) {
        return std::any_of(state.electrical.begin(), state.electrical.end(),
                           [&](const Token& t) { return t.text == name; });
    };
    const auto is_port = [&](const std::string& name) {
        return std::any_of(state.header_ports.begin(), state.header_ports.end(),
                           [&](const Token& t) { return t.text == name; });
    };
    for (const Token& port : state.header_ports) {
        const auto direction = state.directions.find(port.text);
        if (direction == state.directions.end()) {
            fail(port.location, fmt::format("port '{}' has no direction (declare it 'inout')", port.text));
        }
        if (!is_electrical(port.text)) {
            fail(port.location, fmt::format("port '{}' has no discipline (declare it 'electrical')", port.text));
        }
        module.ports.push_back(Port{port.text, direction->second.first, port.location});
    }
    for (const auto& [name, direction] : state.directions) {
        if (!is_port(name)) {
            fail(direction.second, fmt::format("'{}' is declared '{}' but is not in the port list of module '{}'",
                                               name, to_string(direction.first), module.name));
        }
    }
    infer_parameter_types(module, state);
    for (const Token& node : state.electrical) {
        if (!is_port(node.text)) module.internal_nodes.push_back(Node{node.text, node.location});
    }
}

}  // namespace memcosim::va
