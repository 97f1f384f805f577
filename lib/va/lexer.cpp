#include "va/lexer.hpp"

#include <array>
#include <charconv>
#include <climits>
#include <fmt/format.h>

namespace memcosim::va {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_letter(c) || is_digit(c) || c == '$'; }

// Verilog-A scale factors: T G M K k m u n p f a.
int scale_exponent(char c) {
    switch (c) {
        case 'T': return 12;
        case 'G': return 9;
        case 'M': return 6;
        case 'K': case 'k': return 3;
        case 'm': return -3;
        case 'u': return -6;
        case 'n': return -9;
        case 'p': return -12;
        case 'f': return -15;
        case 'a': return -18;
        default: return 0;
    }
}

std::string shown_character(char c) {
    if (c >= 33 && c < 127) return fmt::format("'{}'", c);
    return fmt::format("0x{:02x}", static_cast<unsigned char>(c));
}

// Longest first, so that "**" wins over "*".
constexpr std::array<std::string_view, 15> long_symbols{"===", "!==", "(*", "*)", "<+", "**", "&&", "||",
                                                        "==",  "!=",  "<=", ">=", "<<", ">>", "->"};
constexpr std::string_view short_symbols = "()[]{};,:?=+-*/%<>!~&|^@#.'";

}  // namespace

std::string describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::end_of_input: return "end of file";
        case TokenKind::string: return "a string";
        case TokenKind::directive: return fmt::format("'`{}'", token.text);
        default: return fmt::format("'{}'", token.text);
    }
}

std::string spelling(const Token& token) {
    if (token.kind == TokenKind::directive) return "`" + token.text;
    if (token.kind != TokenKind::string) return token.text;
    std::string out = "\"";
    for (const char c : token.text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + "\"";
}

Lexer::Lexer(std::string file, std::string_view text, const SourceFiles& sources)
    : file_(std::move(file)), text_(text), sources_(sources) {}

char Lexer::peek(std::size_t ahead) const {
    return position_ + ahead < text_.size() ? text_[position_ + ahead] : '\0';
}

void Lexer::advance() {
    if (position_ >= text_.size()) return;
    if (text_[position_] == '\n') {
        ++line_;
        ++logical_line_;
        column_ = 1;
    } else {
        ++column_;
    }
    ++position_;
}

void Lexer::fail(const SourceLocation& location, const std::string& message) const {
    throw VaError(location, message, &sources_);
}

void Lexer::skip_block_comment() {
    const SourceLocation start = here();
    advance();
    advance();
    while (!(peek() == '*' && peek(1) == '/')) {
        if (position_ >= text_.size()) fail(start, "unterminated comment '/*'");
        advance();
    }
    advance();
    advance();
}

void Lexer::skip_space_and_comments(Token& token) {
    while (position_ < text_.size()) {
        const char c = peek();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            advance();
        } else if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
            // A continued line: `define bodies go on past it.
            const int logical = logical_line_;
            while (peek() != '\n') advance();
            advance();
            logical_line_ = logical;
        } else if (c == '/' && peek(1) == '/') {
            while (position_ < text_.size() && peek() != '\n') advance();
        } else if (c == '/' && peek(1) == '*') {
            skip_block_comment();
        } else {
            return;
        }
        token.space_before = true;
    }
}

Token Lexer::next() {
    Token token;
    skip_space_and_comments(token);
    token.location = here();
    token.logical_line = logical_line_;
    const std::size_t start = position_;
    const char c = peek();
    if (position_ >= text_.size()) {
        token.kind = TokenKind::end_of_input;
    } else if (is_letter(c)) {
        read_word(token);
    } else if ((c == '$' || c == '`') && is_letter(peek(1))) {
        advance();
        read_word(token);
        token.kind = c == '$' ? TokenKind::system_name : TokenKind::directive;
        if (c == '$') token.text.insert(0, 1, '$');
    } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
        read_number(token);
    } else if (c == '"') {
        read_string(token);
    } else if (c == '\\') {
        fail(token.location, "escaped identifiers ('\\name') are not supported");
    } else {
        read_symbol(token);
    }
    token.length = static_cast<int>(position_ - start);
    return token;
}

void Lexer::read_word(Token& token) {
    const std::size_t start = position_;
    while (is_word_char(peek())) advance();
    token.kind = TokenKind::identifier;
    token.text = std::string(text_.substr(start, position_ - start));
}

std::string Lexer::read_digits() {
    std::string digits;
    while (is_digit(peek()) || peek() == '_') {
        if (peek() != '_') digits += peek();
        advance();
    }
    return digits;
}

void Lexer::read_number(Token& token) {
    const std::size_t start = position_;
    std::string canonical = read_digits();
    bool integer = true;
    if (peek() == '.') {
        advance();
        if (!is_digit(peek())) fail(token.location, "malformed number: a digit must follow '.'");
        canonical += '.';
        canonical += read_digits();
        integer = false;
    }
    if (peek() == 'e' || peek() == 'E') {
        canonical += 'e';
        advance();
        if (peek() == '+' || peek() == '-') {
            canonical += peek();
            advance();
        }
        if (!is_digit(peek())) fail(token.location, "malformed number: digits must follow the exponent 'e'");
        canonical += read_digits();
        integer = false;
    } else if (scale_exponent(peek()) != 0 && !is_word_char(peek(1))) {
        canonical += fmt::format("e{}", scale_exponent(peek()));
        advance();
        integer = false;
    }
    token.text = std::string(text_.substr(start, position_ - start));
    if (is_word_char(peek())) {
        std::string word = token.text;
        for (std::size_t k = 0; is_word_char(peek(k)); ++k) word += peek(k);
        fail(token.location, fmt::format("malformed number '{}'", word));
    }
    if (canonical.empty() || canonical[0] == '.') canonical = fmt::format("0{}", canonical);
    const auto result = std::from_chars(canonical.data(), canonical.data() + canonical.size(), token.value);
    if (result.ec != std::errc{}) fail(token.location, fmt::format("number '{}' is out of range", token.text));
    token.kind = TokenKind::number;
    token.integer = integer && token.value <= INT_MAX;
}

void Lexer::read_string(Token& token) {
    advance();
    while (peek() != '"') {
        if (position_ >= text_.size() || peek() == '\n') fail(token.location, "unterminated string");
        char c = peek();
        if (c == '\\') {
            advance();
            c = peek();
            if (position_ >= text_.size() || c == '\n') fail(token.location, "unterminated string");
            if (c == 'n') c = '\n';
            if (c == 't') c = '\t';
        }
        token.text += c;
        advance();
    }
    advance();
    token.kind = TokenKind::string;
}

void Lexer::read_symbol(Token& token) {
    for (const auto symbol : long_symbols) {
        if (text_.substr(position_, symbol.size()) == symbol) {
            for (std::size_t k = 0; k < symbol.size(); ++k) advance();
            token.text = std::string(symbol);
            token.kind = symbol == "(*"   ? TokenKind::attribute_open
                         : symbol == "*)" ? TokenKind::attribute_close
                                          : TokenKind::symbol;
            return;
        }
    }
    const char c = peek();
    if (short_symbols.find(c) == std::string_view::npos) {
        fail(token.location, fmt::format("unexpected character {}", shown_character(c)));
    }
    advance();
    token.text = std::string(1, c);
    token.kind = TokenKind::symbol;
}

}  // namespace memcosim::va
