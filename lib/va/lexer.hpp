#pragma once
// Splits one source file into tokens (internal to lib/va). Comments and
// whitespace are skipped; numbers get their value, SI scale suffix included.
#include "va/token.hpp"

#include <string>
#include <string_view>

namespace memcosim::va {

class Lexer {
public:
    // `text` must outlive the lexer (SourceFiles keeps it); `sources` is for error messages.
    Lexer(std::string file, std::string_view text, const SourceFiles& sources);

    // The next token; end_of_input at the end, again and again. Throws VaError.
    [[nodiscard]] Token next();
    [[nodiscard]] const std::string& file() const { return file_; }

private:
    void skip_space_and_comments(Token& token);
    void skip_block_comment();
    void advance();
    [[nodiscard]] char peek(std::size_t ahead = 0) const;
    [[nodiscard]] SourceLocation here() const { return {file_, line_, column_}; }
    [[noreturn]] void fail(const SourceLocation& location, const std::string& message) const;

    void read_word(Token& token);
    void read_number(Token& token);
    void read_string(Token& token);
    void read_symbol(Token& token);
    std::string read_digits();

    std::string file_;
    std::string_view text_;
    const SourceFiles& sources_;
    std::size_t position_ = 0;
    int line_ = 1, column_ = 1, logical_line_ = 1;
};

}  // namespace memcosim::va
