#pragma once
// Tokens of Verilog-A source (internal to lib/va).
#include "va/va_error.hpp"

#include <string>

namespace memcosim::va {

enum class TokenKind {
    identifier,       // name or keyword: the parser tells them apart
    system_name,      // $abstime, $strobe, ...
    directive,        // `define, `include, or a macro use `NAME (text without the backtick)
    number,           // text as written; value and integer in the token
    string,           // text is the decoded value, without quotes
    symbol,           // ( ) ; <+ ** && ...
    attribute_open,   // (*
    attribute_close,  // *)
    end_of_input,
};

struct Token {
    TokenKind kind = TokenKind::end_of_input;
    std::string text;
    SourceLocation location;
    int length = 0;              // characters it took in the source (for "expected ';' after ...")
    int logical_line = 0;        // line number ignoring backslash-continued line breaks (for `define)
    bool space_before = false;   // whitespace or a comment right before it (for `define NAME(...)
    double value = 0.0;          // numbers only
    bool integer = false;        // numbers only: written as an integer
};

// How a token reads in an error message: 'foo', ';', "end of file".
[[nodiscard]] std::string describe(const Token& token);
// The token as Verilog-A text (strings quoted and escaped again).
[[nodiscard]] std::string spelling(const Token& token);

}  // namespace memcosim::va
