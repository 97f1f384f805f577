// Statements, declarations and modules as Verilog-A text (see va/printer.hpp).
#include "va/printer.hpp"

#include <fmt/format.h>

namespace memcosim::va {
namespace {

std::string pad(int indent) { return std::string(static_cast<std::size_t>(indent) * 4, ' '); }

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + "\"";
}

// Whether printing `statement` as the then-branch of an if with an else would
// let the else attach to an inner if instead.
bool ends_with_open_if(const Statement& statement) {
    const auto* branch = std::get_if<IfElse>(&statement.node);
    if (!branch) {
        const auto* event = std::get_if<InitialStep>(&statement.node);
        return event && ends_with_open_if(*event->body);
    }
    return !branch->else_branch || ends_with_open_if(**branch->else_branch);
}

// A branch of if/else or the body of an event: a block goes on the same line.
std::string branch_text(const Statement& statement, int indent) {
    if (std::holds_alternative<Block>(statement.node)) {
        std::string text = print_statement(statement, indent);
        return fmt::format(" {}", text.substr(static_cast<std::size_t>(indent) * 4));
    }
    return fmt::format("\n{}", print_statement(statement, indent + 1));
}

struct StatementPrinter {
    int indent;

    std::string operator()(const Block& block) const {
        std::string text = fmt::format("{}begin{}{}\n", pad(indent), block.name.empty() ? "" : " : ", block.name);
        for (const auto& statement : block.statements) text += print_statement(statement, indent + 1);
        return fmt::format("{}{}end\n", text, pad(indent));
    }
    std::string operator()(const Assignment& a) const {
        return fmt::format("{}{} = {};\n", pad(indent), a.target, print_expression(a.value));
    }
    std::string operator()(const Contribution& c) const {
        const char* access = c.nature == Nature::potential ? "V" : "I";
        const std::string branch = c.negative.empty() ? c.positive : fmt::format("{}, {}", c.positive, c.negative);
        return fmt::format("{}{}({}) <+ {};\n", pad(indent), access, branch, print_expression(c.value));
    }
    std::string operator()(const IfElse& branch) const {
        std::string text = fmt::format("{}if ({})", pad(indent), print_expression(branch.condition));
        if (branch.else_branch && ends_with_open_if(*branch.then_branch)) {
            text += fmt::format(" begin\n{}{}end\n", print_statement(*branch.then_branch, indent + 1), pad(indent));
        } else {
            text += branch_text(*branch.then_branch, indent);
        }
        if (!branch.else_branch) return text;
        const Statement& other = **branch.else_branch;
        if (std::holds_alternative<IfElse>(other.node)) {
            return fmt::format("{}{}else {}", text, pad(indent),
                               print_statement(other, indent).substr(pad(indent).size()));
        }
        return fmt::format("{}{}else{}", text, pad(indent), branch_text(other, indent));
    }
    std::string operator()(const InitialStep& event) const {
        return fmt::format("{}@(initial_step){}", pad(indent), branch_text(*event.body, indent));
    }
    std::string operator()(const IgnoredTask& task) const {
        if (task.arguments.empty()) return fmt::format("{}{};\n", pad(indent), task.name);
        return fmt::format("{}{}({});\n", pad(indent), task.name, task.arguments);
    }
};

std::string attributes_text(const Parameter& parameter) {
    std::string text;
    const auto add = [&](const std::string& item) {
        if (!text.empty()) text += ", ";
        text += item;
    };
    if (!parameter.description.empty()) add(fmt::format("desc={}", quoted(parameter.description)));
    if (!parameter.units.empty()) add(fmt::format("units={}", quoted(parameter.units)));
    for (const auto& attribute : parameter.other_attributes) {
        add(attribute.value ? fmt::format("{}={}", attribute.name, quoted(*attribute.value)) : attribute.name);
    }
    return text.empty() ? text : fmt::format("(* {} *) ", text);
}

std::string parameter_text(const Parameter& parameter) {
    std::string text = fmt::format("    {}{} {} {} = {}", attributes_text(parameter),
                                   parameter.local ? "localparam" : "parameter", to_string(parameter.type),
                                   parameter.name, print_expression(parameter.default_value));
    for (const auto& range : parameter.ranges) text += fmt::format(" {}", print_range(range));
    return text + ";\n";
}

std::string function_text(const AnalogFunction& function) {
    std::string text = fmt::format("    analog function {} {};\n", to_string(function.return_type), function.name);
    for (const auto& input : function.inputs) text += fmt::format("        input {};\n", input.name);
    for (const auto& input : function.inputs) {
        text += fmt::format("        {} {};\n", to_string(input.type), input.name);
    }
    for (const auto& local : function.locals)
        text += fmt::format("        {} {};\n", to_string(local.type), local.name);
    return fmt::format("{}{}    endfunction\n", text, print_statement(function.body, 2));
}

// module m(p, n);  inout p, n;  electrical p, n;  (ports of one direction together)
std::string ports_text(const Module& module) {
    std::string header, directions;
    for (std::size_t k = 0; k < module.ports.size(); ++k) {
        const Port& port = module.ports[k];
        const bool same_as_previous = k > 0 && module.ports[k - 1].direction == port.direction;
        if (k > 0) header += ", ";
        header += port.name;
        if (same_as_previous) {
            directions.insert(directions.size() - 2, fmt::format(", {}", port.name));
        } else {
            directions += fmt::format("    {} {};\n", to_string(port.direction), port.name);
        }
    }
    const std::string disciplines = module.ports.empty() ? "" : fmt::format("    electrical {};\n", header);
    return fmt::format("module {}({});\n{}{}", module.name, header, directions, disciplines);
}

}  // namespace

std::string print_statement(const Statement& statement, int indent) {
    return std::visit(StatementPrinter{indent}, statement.node);
}

std::string print_module(const Module& module) {
    std::string text = fmt::format("`include \"disciplines.vams\"\n\n{}", ports_text(module));
    for (const auto& node : module.internal_nodes) text += fmt::format("    electrical {};\n", node.name);
    for (const auto& parameter : module.parameters) text += parameter_text(parameter);
    for (const auto& variable : module.variables) {
        text += fmt::format("    {} {};\n", to_string(variable.type), variable.name);
    }
    for (const auto& function : module.functions) text += function_text(function);
    if (module.analog) text += fmt::format("    analog{}", branch_text(*module.analog, 1));
    return text + "endmodule\n";
}

}  // namespace memcosim::va
