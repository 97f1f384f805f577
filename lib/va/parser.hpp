#pragma once
// Recursive-descent parser from preprocessed tokens to the tree of va/ast.hpp
// (internal to lib/va; use va/parse.hpp). Stops at the first syntax error.
// Nesting (parentheses, statements) and operator chains are limited so that
// hostile input cannot overflow the stack of the parser or of the passes that
// walk the tree afterwards.
#include "va/parse.hpp"
#include "va/preprocessor.hpp"

#include <deque>
#include <map>
#include <set>

namespace memcosim::va {

class Parser {
public:
    static constexpr int max_depth = 200;         // parentheses, unary operators, statements
    static constexpr int max_chain_links = 2000;  // binary operators along one path of the tree

    Parser(Preprocessor& input, const SourceFiles& sources, std::vector<Note>& notes)
        : input_(input), sources_(sources), notes_(notes) {}

    [[nodiscard]] std::vector<Module> parse_modules();

private:
    // What a module says about its ports and nodes before they become Port and Node.
    struct ModuleState {
        std::vector<Token> header_ports;
        std::map<std::string, std::pair<PortDirection, SourceLocation>, std::less<>> directions;
        std::vector<Token> electrical;
        std::set<std::string, std::less<>> untyped_parameters;
    };
    // Counts nesting while alive; fails past max_depth.
    class DepthGuard {
    public:
        DepthGuard(Parser& parser, const SourceLocation& location);
        ~DepthGuard() { --parser_.depth_; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;

    private:
        Parser& parser_;
    };

    // ---- tokens (parser.cpp)
    [[nodiscard]] const Token& peek(std::size_t ahead = 0);
    Token take();
    [[nodiscard]] bool at_symbol(std::string_view text, std::size_t ahead = 0);
    [[nodiscard]] bool at_word(std::string_view word, std::size_t ahead = 0);
    bool accept_symbol(std::string_view text);
    Token expect_symbol(std::string_view text, std::string_view context);
    Token expect_identifier(std::string_view what);
    [[noreturn]] void fail(const SourceLocation& location, const std::string& message) const;
    [[noreturn]] void fail_expected(std::string_view what);
    [[noreturn]] void unsupported(const SourceLocation& location, std::string_view construct) const;
    void note(const SourceLocation& location, std::string message);
    [[nodiscard]] SourceLocation end_of_previous() const;

    // ---- modules (parser.cpp)
    Module parse_module();
    void parse_module_header(ModuleState& state);
    void parse_ansi_ports(ModuleState& state);
    bool parse_module_item(Module& module, ModuleState& state);
    void parse_port_directions(ModuleState& state);
    void parse_disciplines(ModuleState& state);
    void finish_module(Module& module, ModuleState& state);
    void infer_parameter_types(Module& module, const ModuleState& state);

    // ---- declarations (parser_declarations.cpp)
    [[nodiscard]] std::vector<Attribute> parse_attributes();
    void parse_parameters(Module& module, ModuleState& state, const std::vector<Attribute>& attributes);
    Parameter parse_parameter(ValueType type, bool local, const std::vector<Attribute>& attributes);
    RangeClause parse_range();
    Interval parse_interval_rest(const Token& open);
    Bound parse_bound(bool lower);
    std::vector<Token> parse_declared_names(std::string_view what);
    void parse_variables(Module& module);
    AnalogFunction parse_function(const Token& analog);
    struct FunctionDeclarations {
        std::vector<Token> inputs;
        std::vector<std::pair<Token, ValueType>> typed;
    };
    bool parse_function_item(FunctionDeclarations& declarations);

    // ---- statements (parser_statements.cpp)
    Statement parse_statement();
    Statement parse_block(const Token& begin);
    Statement parse_if(const Token& keyword);
    Statement parse_event(const Token& at);
    Statement parse_task(const Token& name);
    Statement parse_contribution(const Token& access);
    Statement parse_identifier_statement(const Token& name);

    // ---- expressions (parser_expressions.cpp)
    Expression parse_expression();
    Expression parse_conditional();
    Expression parse_binary(int min_precedence);
    Expression parse_unary();
    Expression parse_primary();
    Expression parse_name(const Token& name);
    Expression parse_probe(const Token& access);
    Expression parse_analog_operator(const Token& name);
    Expression parse_system_call(const Token& name);
    std::vector<Expression> parse_arguments(const Token& name);

    Preprocessor& input_;
    const SourceFiles& sources_;
    std::vector<Note>& notes_;
    std::deque<Token> lookahead_;
    Token previous_;
    int depth_ = 0;
    int chain_links_ = 0;
};

}  // namespace memcosim::va
