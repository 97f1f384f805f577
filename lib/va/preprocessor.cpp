#include "va/preprocessor.hpp"

#include "va/builtins.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace memcosim::va {
namespace {

constexpr std::array<std::string_view, 8> directives{"define", "undef", "include", "ifdef",
                                                     "ifndef", "elsif", "else",   "endif"};
constexpr std::array<std::string_view, 14> refused_directives{
    "timescale", "resetall", "celldefine", "endcelldefine", "default_nettype", "undefineall", "line",
    "begin_keywords", "end_keywords", "default_discipline", "default_transition", "pragma", "__FILE__",
    "__LINE__"};

template <std::size_t size>
bool contains(const std::array<std::string_view, size>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_directive(const Token& token) {
    return token.kind == TokenKind::directive && contains(directives, token.text);
}

}  // namespace

void Preprocessor::fail(const SourceLocation& location, const std::string& message) const {
    throw VaError(location, message, &sources_);
}

void Preprocessor::start(const std::string& name, std::string text) { push_file(name, std::move(text)); }

void Preprocessor::push_file(const std::string& name, std::string text) {
    const std::string_view stored = sources_.add(name, std::move(text));
    files_.push_back(OpenFile{Lexer(name, stored, sources_), std::nullopt, conditionals_.size()});
}

bool Preprocessor::active() const { return conditionals_.empty() || conditionals_.back().active; }

Token Preprocessor::next_from_file() {
    OpenFile& file = files_.back();
    if (file.pending) {
        Token token = std::move(*file.pending);
        file.pending.reset();
        return token;
    }
    return file.lexer.next();
}

Token Preprocessor::next_raw(bool& from_expansion) {
    while (!expansions_.empty() && expansions_.back().position == expansions_.back().tokens.size()) {
        expansions_.pop_back();
    }
    from_expansion = !expansions_.empty();
    if (from_expansion) {
        Expansion& expansion = expansions_.back();
        return expansion.tokens[expansion.position++];
    }
    return next_from_file();
}

// At the end of an included file, goes back to the includer (returns false);
// at the end of the main file, returns true.
bool Preprocessor::end_of_file() {
    if (conditionals_.size() > files_.back().conditional_base) {
        fail(conditionals_.back().location, "`ifdef without a matching `endif");
    }
    if (files_.size() == 1) return true;
    files_.pop_back();
    return false;
}

Token Preprocessor::next() {
    for (;;) {
        bool from_expansion = false;
        Token token = next_raw(from_expansion);
        if (token.kind == TokenKind::end_of_input) {
            if (end_of_file()) return token;
        } else if (is_directive(token)) {
            if (from_expansion) fail(token.location, fmt::format("`{} inside a macro argument", token.text));
            directive(token);
        } else if (!active()) {
            continue;
        } else if (token.kind == TokenKind::directive) {
            expand(token);
        } else {
            return token;
        }
    }
}

void Preprocessor::directive(const Token& token) {
    const std::string& name = token.text;
    if (name == "ifdef" || name == "ifndef" || name == "elsif" || name == "else" || name == "endif") {
        conditional(token);
    } else if (!active()) {
        return;  // the rest of a skipped `define line is skipped token by token
    } else if (name == "define") {
        define(token);
    } else if (name == "undef") {
        macros_.erase(directive_name(token));
    } else {
        include(token);
    }
}

std::string Preprocessor::directive_name(const Token& token) {
    const Token name = next_from_file();
    if (name.kind != TokenKind::identifier || name.logical_line != token.logical_line) {
        fail(token.location, fmt::format("expected a macro name after `{}", token.text));
    }
    return name.text;
}

std::vector<std::string> Preprocessor::macro_parameters(const Token& name) {
    std::vector<std::string> parameters;
    for (;;) {
        const Token token = next_from_file();
        if (token.logical_line != name.logical_line) fail(name.location, "unterminated parameter list of `define");
        if (token.kind == TokenKind::symbol && token.text == ")" && parameters.empty()) return parameters;
        if (token.kind != TokenKind::identifier) {
            fail(token.location, fmt::format("expected a macro parameter name, found {}", describe(token)));
        }
        if (std::find(parameters.begin(), parameters.end(), token.text) != parameters.end()) {
            fail(token.location, fmt::format("macro parameter '{}' appears twice", token.text));
        }
        parameters.push_back(token.text);
        const Token separator = next_from_file();
        if (separator.kind == TokenKind::symbol && separator.text == ")") return parameters;
        if (separator.kind != TokenKind::symbol || separator.text != ",") {
            fail(separator.location, fmt::format("expected ',' or ')' in the parameter list of `define, found {}",
                                                 describe(separator)));
        }
    }
}

void Preprocessor::define(const Token& token) {
    const Token name = next_from_file();
    if (name.kind != TokenKind::identifier || name.logical_line != token.logical_line) {
        fail(token.location, "expected a macro name after `define");
    }
    Macro macro;
    Token next = next_from_file();
    if (next.kind == TokenKind::symbol && next.text == "(" && !next.space_before &&
        next.logical_line == name.logical_line) {
        macro.function_like = true;
        macro.parameters = macro_parameters(name);
        next = next_from_file();
    }
    while (next.kind != TokenKind::end_of_input && next.logical_line == name.logical_line) {
        if (is_directive(next)) fail(next.location, fmt::format("`{} inside the body of a `define", next.text));
        if (next.kind == TokenKind::directive && next.text == name.text) {
            fail(next.location, fmt::format("macro `{} uses itself", name.text));
        }
        macro.body.push_back(std::move(next));
        next = next_from_file();
    }
    files_.back().pending = std::move(next);
    macros_[name.text] = std::move(macro);
}

void Preprocessor::define_builtin_constants() {
    if (constants_defined_) return;
    constants_defined_ = true;
    for (const auto& constant : predefined_constants()) {
        Lexer lexer("<constants.vams>", constant.body, sources_);
        Macro macro;
        for (Token token = lexer.next(); token.kind != TokenKind::end_of_input; token = lexer.next()) {
            macro.body.push_back(std::move(token));
        }
        macros_[std::string(constant.name)] = std::move(macro);
    }
}

void Preprocessor::include(const Token& token) {
    const Token name = next_from_file();
    if (name.kind != TokenKind::string) {
        fail(name.location, fmt::format("expected a file name in quotes after `include, found {}", describe(name)));
    }
    if (is_builtin_include(name.text)) return define_builtin_constants();
    if (files_.size() >= max_include_depth) {
        fail(token.location, fmt::format("includes nested more than {} deep (does a file include itself?)",
                                         max_include_depth));
    }
    const auto directory = std::filesystem::path(files_.back().lexer.file()).parent_path();
    const std::string path = (directory / name.text).lexically_normal().string();
    std::error_code error;
    if (name.text.empty() || !std::filesystem::is_regular_file(path, error)) {
        fail(name.location, fmt::format("cannot open include file '{}' (looked for '{}')", name.text, path));
    }
    if (std::filesystem::file_size(path, error) > max_file_size) {
        fail(name.location, fmt::format("include file '{}' is larger than {} bytes", path, max_file_size));
    }
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    if (!stream) fail(name.location, fmt::format("cannot read include file '{}'", path));
    push_file(path, text.str());
}

void Preprocessor::conditional(const Token& token) {
    const std::string& kind = token.text;
    if (kind == "ifdef" || kind == "ifndef") {
        const bool defined = macros_.count(directive_name(token)) > 0;
        if (conditionals_.size() >= max_conditional_depth) {
            fail(token.location, fmt::format("`ifdef nested more than {} deep", max_conditional_depth));
        }
        const bool parent = active();
        const bool taken = parent && (defined == (kind == "ifdef"));
        conditionals_.push_back(Conditional{parent, taken, taken, false, token.location});
        return;
    }
    if (conditionals_.size() <= files_.back().conditional_base) {
        fail(token.location, fmt::format("`{} without a matching `ifdef", kind));
    }
    Conditional& open = conditionals_.back();
    if (kind == "endif") {
        conditionals_.pop_back();
        return;
    }
    if (open.seen_else) fail(token.location, fmt::format("`{} after `else", kind));
    const bool condition = kind == "else" || macros_.count(directive_name(token)) > 0;
    open.active = open.parent_active && !open.taken && condition;
    open.taken = open.taken || open.active;
    open.seen_else = kind == "else";
}

void Preprocessor::expand(const Token& use) {
    const auto found = macros_.find(use.text);
    if (found == macros_.end()) {
        if (contains(refused_directives, use.text)) fail(use.location, unsupported_message("`" + use.text));
        fail(use.location, fmt::format("undefined macro `{}", use.text));
    }
    if (expansions_.size() >= max_macro_depth) {
        fail(use.location, fmt::format("macros nested more than {} deep", max_macro_depth));
    }
    const Macro& macro = found->second;
    const auto arguments = macro_arguments(use, macro);
    Expansion expansion;
    for (const Token& token : macro.body) {
        const auto parameter = std::find(macro.parameters.begin(), macro.parameters.end(), token.text);
        if (token.kind == TokenKind::identifier && parameter != macro.parameters.end()) {
            const auto& argument = arguments[static_cast<std::size_t>(parameter - macro.parameters.begin())];
            expansion.tokens.insert(expansion.tokens.end(), argument.begin(), argument.end());
        } else {
            Token copy = token;
            copy.location = use.location;
            copy.length = use.length;
            expansion.tokens.push_back(std::move(copy));
        }
    }
    expanded_tokens_ += expansion.tokens.size() + 1;
    if (expanded_tokens_ > max_expanded_tokens) {
        fail(use.location, fmt::format("macro expansion produced more than {} tokens (does a macro use itself?)",
                                       max_expanded_tokens));
    }
    expansions_.push_back(std::move(expansion));
}

std::vector<std::vector<Token>> Preprocessor::macro_arguments(const Token& use, const Macro& macro) {
    std::vector<std::vector<Token>> arguments;
    if (!macro.function_like) return arguments;
    bool from_expansion = false;
    const Token open = next_raw(from_expansion);
    if (open.kind != TokenKind::symbol || open.text != "(") {
        fail(use.location, fmt::format("macro `{} needs its arguments: `{}(...)", use.text, use.text));
    }
    arguments.emplace_back();
    int depth = 0;
    for (;;) {
        Token token = next_raw(from_expansion);
        if (token.kind == TokenKind::end_of_input) {
            fail(use.location, fmt::format("unterminated argument list of macro `{}", use.text));
        }
        const bool symbol = token.kind == TokenKind::symbol;
        if (symbol && depth == 0 && token.text == ")") break;
        if (symbol && depth == 0 && token.text == ",") {
            arguments.emplace_back();
            continue;
        }
        if (symbol && (token.text == "(" || token.text == "[" || token.text == "{")) ++depth;
        if (symbol && (token.text == ")" || token.text == "]" || token.text == "}")) --depth;
        if (++expanded_tokens_ > max_expanded_tokens) fail(use.location, "macro arguments too long");
        arguments.back().push_back(std::move(token));
    }
    if (macro.parameters.empty() && arguments.size() == 1 && arguments[0].empty()) arguments.clear();
    if (arguments.size() != macro.parameters.size()) {
        fail(use.location, fmt::format("macro `{} takes {} argument{}, got {}", use.text, macro.parameters.size(),
                                       macro.parameters.size() == 1 ? "" : "s", arguments.size()));
    }
    return arguments;
}

}  // namespace memcosim::va
