#pragma once
// A two-terminal device model compiled from Verilog-A (lib/va), lowered to
// both engines from the one source:
//  (a) an ngspice subcircuit whose parameters are subcircuit params (each
//      instance may override them), each state integrated on a 1 F capacitor
//      (models/spice_lowering.hpp);
//  (b) a C++ evaluator: terminal current I(V, x), state rates dx/dt(V, x) and
//      their exact partial derivatives, fast enough for a million cells per
//      Newton iteration (models/evaluator.hpp).
//
// Supported model shape (va_models/README.md): ports (p, n); each state is an
// internal node x given by exactly one `V(x) <+ idt(rate, initial)`; the
// terminal current is `I(p,n) <+ ...` (contributions may sit under if/else
// and add up). Variables are computed each evaluation; a variable read before
// it is written on some path (hidden memory) is refused by name.
//
// A DeviceModel is the elaborated model (models/elaborate.hpp makes one): the
// parameter table, the states and one expression DAG holding the current,
// the rates and the initial values, with parameters kept symbolic.
#include "models/expression_graph.hpp"
#include "va/ast.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace memcosim::models {

inline constexpr std::size_t max_states = 4;

// A parameter that an instance may set (localparams are folded into the
// expressions and are not listed). Its index in DeviceModel::parameters() is
// the index of its Operation::parameter leaf in the graph.
struct ParameterInfo {
    std::string name, units, description, range;  // range as written, e.g. "from (0:inf)"
    double default_value = 0.0;                   // with every parameter at its default
    bool integer = false;
    NodeId default_expression = 0;  // in the graph: a constant, or in terms of earlier parameters
    va::SourceLocation location;
};

struct StateInfo {
    std::string name;               // the internal node, e.g. "x"
    std::string initial_parameter;  // the parameter holding its initial value, if it is one; else empty
    NodeId rate = 0;                // dx/dt, in the graph
    NodeId initial = 0;             // x at t = 0: parameters and constants only
    va::SourceLocation location;    // of the `V(x) <+ idt(...)`
};

// Everything elaboration finds; DeviceModel shares one immutable copy.
struct DeviceDescription {
    std::string name;         // the module name
    std::string description;  // one line, from the file's first comment ("" if none)
    std::string file;         // where the module was read from
    std::string positive_port, negative_port;
    std::vector<ParameterInfo> parameters;
    std::vector<StateInfo> states;
    ExpressionGraph graph;
    NodeId current = 0;  // I(p, n), flowing from p through the device to n
    va::Module module;   // for range checks of parameter values
};

class DeviceModel {
public:
    explicit DeviceModel(DeviceDescription description)
        : data_(std::make_shared<const DeviceDescription>(std::move(description))) {}

    [[nodiscard]] const std::string& name() const { return data_->name; }
    [[nodiscard]] const std::string& description() const { return data_->description; }
    [[nodiscard]] const std::string& file() const { return data_->file; }
    [[nodiscard]] std::span<const ParameterInfo> parameters() const { return data_->parameters; }
    [[nodiscard]] std::span<const StateInfo> states() const { return data_->states; }
    [[nodiscard]] std::size_t state_count() const { return data_->states.size(); }
    [[nodiscard]] const ExpressionGraph& graph() const { return data_->graph; }
    [[nodiscard]] NodeId current() const { return data_->current; }
    [[nodiscard]] const va::Module& module() const { return data_->module; }
    [[nodiscard]] const DeviceDescription& data() const { return *data_; }

    // The index of the settable parameter `name` (exact, case-sensitive), if any.
    [[nodiscard]] std::optional<std::size_t> find_parameter(std::string_view name) const;
    // Every parameter's default value, in parameters() order.
    [[nodiscard]] std::vector<double> default_values() const;

private:
    std::shared_ptr<const DeviceDescription> data_;
};

}  // namespace memcosim::models
