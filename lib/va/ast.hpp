#pragma once
// Verilog-A syntax tree for the compact-model subset: plain values (copyable,
// comparable with ==), every node with the SourceLocation it was written at.
// Filled by the parser (va/parse.hpp) or built by hand; printed back by
// va/printer.hpp. The next layer walks it with std::visit on `node`:
//
//     std::visit([](const auto& e) { ... }, expression.node);
//
// == compares what the trees say, not where they were written (SourceLocation
// always compares equal), so parse -> print -> parse gives an equal tree.
// Names are kept as written (Verilog-A is case sensitive). Macros are already
// expanded and includes already read: the tree holds no preprocessor state.
#include "va/va_error.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace memcosim::va {

// A heap-allocated value with value semantics: copies are deep and == compares
// the contents, so the recursive expression and statement trees stay plain
// values. A moved-from Box may only be assigned to or destroyed.
template <class T>
class Box {
public:
    Box(T value) : pointer_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit on purpose
    Box(const Box& other) : pointer_(other.pointer_ ? std::make_unique<T>(*other.pointer_) : nullptr) {}
    Box(Box&&) noexcept = default;
    Box& operator=(const Box& other) {
        if (this != &other) pointer_ = other.pointer_ ? std::make_unique<T>(*other.pointer_) : nullptr;
        return *this;
    }
    Box& operator=(Box&&) noexcept = default;
    ~Box() = default;

    [[nodiscard]] T& operator*() { return *pointer_; }
    [[nodiscard]] const T& operator*() const { return *pointer_; }
    [[nodiscard]] T* operator->() { return pointer_.get(); }
    [[nodiscard]] const T* operator->() const { return pointer_.get(); }

    friend bool operator==(const Box& a, const Box& b) {
        if (!a.pointer_ || !b.pointer_) return a.pointer_ == b.pointer_;
        return *a.pointer_ == *b.pointer_;
    }

private:
    std::unique_ptr<T> pointer_;
};

enum class ValueType { real, integer };

// ---- expressions -------------------------------------------------------------
struct Expression;

// A literal. `integer` is true for literals written without '.', exponent or
// scale suffix (and small enough for a 32-bit integer): Verilog-A divides
// integers as integers (1/2 is 0). Literals are never negative: -1 is a Unary.
struct Number {
    double value = 0.0;
    bool integer = false;
    bool operator==(const Number&) const = default;
};

// A parameter, variable, function argument or (inside a function) its result.
struct Identifier {
    std::string name;
    bool operator==(const Identifier&) const = default;
};

// V(positive) or V(positive, negative); an empty `negative` means ground.
struct Probe {
    std::string positive, negative;
    bool operator==(const Probe&) const = default;
};

enum class SystemFunction { abstime, temperature, vt };
// $abstime, $temperature, $vt or $vt(temperature).
struct SystemCall {
    SystemFunction function = SystemFunction::abstime;
    std::vector<Expression> arguments;
    bool operator==(const SystemCall&) const = default;
};

// A math function (exp, ln, ..., limexp; see va/builtins.hpp) or a user analog function.
struct FunctionCall {
    std::string name;
    std::vector<Expression> arguments;
    bool operator==(const FunctionCall&) const = default;
};

// ddt(operand)
struct TimeDerivative {
    Box<Expression> operand;
    bool operator==(const TimeDerivative&) const = default;
};

// idt(integrand) or idt(integrand, initial): `initial` is the value at t = 0.
struct TimeIntegral {
    Box<Expression> integrand;
    std::optional<Box<Expression>> initial;
    bool operator==(const TimeIntegral&) const = default;
};

enum class UnaryOperator { plus, minus, logical_not };
struct Unary {
    UnaryOperator op = UnaryOperator::minus;
    Box<Expression> operand;
    bool operator==(const Unary&) const = default;
};

enum class BinaryOperator {
    add, subtract, multiply, divide, power,                       // + - * / **
    less, less_equal, greater, greater_equal, equal, not_equal,  // < <= > >= == !=
    logical_and, logical_or,                                      // && ||
};
struct Binary {
    BinaryOperator op = BinaryOperator::add;
    Box<Expression> left, right;
    bool operator==(const Binary&) const = default;
};

// condition ? if_true : if_false
struct Conditional {
    Box<Expression> condition, if_true, if_false;
    bool operator==(const Conditional&) const = default;
};

struct Expression {
    using Node = std::variant<Number, Identifier, Probe, SystemCall, FunctionCall, TimeDerivative, TimeIntegral,
                              Unary, Binary, Conditional>;
    Node node;
    SourceLocation location;
    bool operator==(const Expression&) const = default;
};


// ---- statements --------------------------------------------------------------
struct Statement;

// begin ... end, or begin : name ... end. An empty statement ';' is an empty block.
struct Block {
    std::string name;  // empty for an unnamed block
    std::vector<Statement> statements;
    bool operator==(const Block&) const = default;
};

// target = value;
struct Assignment {
    std::string target;
    Expression value;
    bool operator==(const Assignment&) const = default;
};

// V(...) <+ value (potential) or I(...) <+ value (flow); empty `negative` means ground.
enum class Nature { potential, flow };
struct Contribution {
    Nature nature = Nature::flow;
    std::string positive, negative;
    Expression value;
    bool operator==(const Contribution&) const = default;
};

struct IfElse {
    Expression condition;
    Box<Statement> then_branch;
    std::optional<Box<Statement>> else_branch;
    bool operator==(const IfElse&) const = default;
};

// @(initial_step) body: runs once, at the first time point of an analysis.
struct InitialStep {
    Box<Statement> body;
    bool operator==(const InitialStep&) const = default;
};

// $strobe, $display, $write, $warning, $bound_step...: read, kept, not run.
// `arguments` is the argument text as written (tokens separated by spaces).
struct IgnoredTask {
    std::string name;  // with the '$'
    std::string arguments;
    bool operator==(const IgnoredTask&) const = default;
};

struct Statement {
    using Node = std::variant<Block, Assignment, Contribution, IfElse, InitialStep, IgnoredTask>;
    Node node;
    SourceLocation location;
    bool operator==(const Statement&) const = default;
};


// ---- declarations ------------------------------------------------------------
// (* name = "value" *); a value-less attribute has no value.
struct Attribute {
    std::string name;
    std::optional<std::string> value;
    bool operator==(const Attribute&) const = default;
};

// One end of a range. No value means infinite: -inf as a lower bound, inf as an upper one.
struct Bound {
    std::optional<Expression> value;
    bool inclusive = true;  // '[' or ']' rather than '(' or ')'
    bool operator==(const Bound&) const = default;
};

struct Interval {
    Bound lower, upper;
    bool operator==(const Interval&) const = default;
};

enum class RangeKind { from, exclude };
// `from [a:b]` (always an interval) or `exclude v` / `exclude (a:b)`.
struct RangeClause {
    RangeKind kind = RangeKind::from;
    std::variant<Interval, Expression> values;
    SourceLocation location;
    bool operator==(const RangeClause&) const = default;
};

struct Parameter {
    std::string name;
    ValueType type = ValueType::real;
    bool local = false;  // localparam: not settable from outside
    Expression default_value;
    std::vector<RangeClause> ranges;
    std::string units, description;  // from (* units="...", desc="..." *)
    std::vector<Attribute> other_attributes;
    SourceLocation location;
    bool operator==(const Parameter&) const = default;
};

struct Variable {
    std::string name;
    ValueType type = ValueType::real;
    SourceLocation location;
    bool operator==(const Variable&) const = default;
};

enum class PortDirection { inout, input, output };
struct Port {
    std::string name;
    PortDirection direction = PortDirection::inout;
    SourceLocation location;
    bool operator==(const Port&) const = default;
};

// An electrical node that is not a port.
struct Node {
    std::string name;
    SourceLocation location;
    bool operator==(const Node&) const = default;
};

struct FunctionArgument {
    std::string name;
    ValueType type = ValueType::real;
    SourceLocation location;
    bool operator==(const FunctionArgument&) const = default;
};

// analog function real name; input a, b; real a, b; real local; body endfunction
// The result is the value last assigned to `name` inside the body.
struct AnalogFunction {
    std::string name;
    ValueType return_type = ValueType::real;
    std::vector<FunctionArgument> inputs;  // in call order
    std::vector<Variable> locals;
    Statement body;
    SourceLocation location;
    bool operator==(const AnalogFunction&) const = default;
};

struct Module {
    std::string name;
    std::vector<Port> ports;  // in the order of the module header
    std::vector<Node> internal_nodes;
    std::vector<Parameter> parameters;  // in declaration order; defaults may use earlier ones
    std::vector<Variable> variables;
    std::vector<AnalogFunction> functions;  // a function may call only earlier ones
    std::optional<Statement> analog;        // the analog block
    SourceLocation location;
    bool operator==(const Module&) const = default;
};

// Look-ups by name; nullptr when absent.
[[nodiscard]] const Parameter* find_parameter(const Module& module, std::string_view name);
[[nodiscard]] const Variable* find_variable(const Module& module, std::string_view name);
[[nodiscard]] const AnalogFunction* find_function(const Module& module, std::string_view name);
// Whether `name` is a port or an internal node.
[[nodiscard]] bool is_node(const Module& module, std::string_view name);

// Calls `visit` on each direct sub-expression of `expression`, left to right
// (arguments, operands, branches). With it a pass needs to handle only the
// node kinds it cares about.
void for_each_child(const Expression& expression, const std::function<void(const Expression&)>& visit);
// The sub-expressions directly in `statement` (conditions, values), and the
// statements directly in it (block members, branches, event bodies).
void for_each_expression(const Statement& statement, const std::function<void(const Expression&)>& visit);
void for_each_statement(const Statement& statement, const std::function<void(const Statement&)>& visit);

// Shorthands for building trees by hand (tests, later layers).
[[nodiscard]] Expression make_number(double value, bool integer = false, SourceLocation location = {});
[[nodiscard]] Expression make_identifier(std::string name, SourceLocation location = {});
[[nodiscard]] Expression make_binary(BinaryOperator op, Expression left, Expression right,
                                     SourceLocation location = {});

[[nodiscard]] const char* to_string(BinaryOperator op);  // "+", "**", "&&", ...
[[nodiscard]] const char* to_string(UnaryOperator op);   // "-", "+", "!"
[[nodiscard]] const char* to_string(ValueType type);     // "real", "integer"
[[nodiscard]] const char* to_string(PortDirection direction);  // "inout", "input", "output"
[[nodiscard]] const char* to_string(SystemFunction function);  // "$abstime", ...

}  // namespace memcosim::va
