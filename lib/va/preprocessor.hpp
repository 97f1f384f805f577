#pragma once
// The Verilog-A preprocessor on tokens (internal to lib/va): `include,
// `define (object- and function-like), `undef, `ifdef / `ifndef / `elsif /
// `else / `endif, and macro uses `NAME. Expanded tokens carry the location of
// the macro use; tokens of a macro argument keep their own.
//
// Bounded so that hostile input fails cleanly: includes nest at most
// `max_include_depth`, macro expansions at most `max_macro_depth`, and one
// parse expands at most `max_expanded_tokens` tokens.
#include "va/lexer.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::va {

class Preprocessor {
public:
    static constexpr std::size_t max_include_depth = 16;
    static constexpr std::size_t max_macro_depth = 64;
    static constexpr std::size_t max_expanded_tokens = 200'000;
    static constexpr std::size_t max_conditional_depth = 64;
    static constexpr std::uintmax_t max_file_size = 16 * 1024 * 1024;

    explicit Preprocessor(SourceFiles& sources) : sources_(sources) {}
    Preprocessor(const Preprocessor&) = delete;
    Preprocessor& operator=(const Preprocessor&) = delete;

    // Starts reading `text` as the main file called `name`.
    void start(const std::string& name, std::string text);
    // The next token after preprocessing; end_of_input at the end of the main file.
    [[nodiscard]] Token next();

private:
    struct Macro {
        bool function_like = false;
        std::vector<std::string> parameters;
        std::vector<Token> body;
    };
    struct Expansion {
        std::vector<Token> tokens;
        std::size_t position = 0;
    };
    struct Conditional {
        bool parent_active = true, active = true, taken = true, seen_else = false;
        SourceLocation location;
    };
    struct OpenFile {
        Lexer lexer;
        std::optional<Token> pending;  // read ahead while collecting a `define body
        std::size_t conditional_base = 0;
    };

    [[nodiscard]] Token next_raw(bool& from_expansion);
    [[nodiscard]] Token next_from_file();
    [[nodiscard]] bool active() const;
    [[nodiscard]] bool end_of_file();
    void directive(const Token& token);
    void define(const Token& token);
    [[nodiscard]] std::vector<std::string> macro_parameters(const Token& name);
    void define_builtin_constants();
    void include(const Token& token);
    void push_file(const std::string& name, std::string text);
    void conditional(const Token& token);
    [[nodiscard]] std::string directive_name(const Token& token);
    void expand(const Token& use);
    [[nodiscard]] std::vector<std::vector<Token>> macro_arguments(const Token& use, const Macro& macro);
    [[noreturn]] void fail(const SourceLocation& location, const std::string& message) const;

    SourceFiles& sources_;
    std::vector<OpenFile> files_;
    std::vector<Expansion> expansions_;
    std::map<std::string, Macro, std::less<>> macros_;
    std::vector<Conditional> conditionals_;
    std::size_t expanded_tokens_ = 0;
    bool constants_defined_ = false;
};

}  // namespace memcosim::va
