#include "netlist/spice_writer.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <sstream>

namespace memcosim::netlist {
namespace {

constexpr const char* annotation = "*@memcosim";

std::string waveform_text(const Waveform& waveform) {
    struct Visitor {
        std::string operator()(const Dc& w) const { return fmt::format("dc {}", spice_number(w.value)); }
        std::string operator()(const Pulse& w) const {
            return fmt::format("pulse({} {} {} {} {} {} {})", spice_number(w.initial), spice_number(w.pulsed),
                               spice_number(w.delay), spice_number(w.rise), spice_number(w.fall),
                               spice_number(w.width), spice_number(w.period));
        }
        std::string operator()(const Sine& w) const {
            return fmt::format("sin({} {} {} {} 0 {})", spice_number(w.offset), spice_number(w.amplitude),
                               spice_number(w.frequency), spice_number(w.delay), spice_number(w.phase_degrees));
        }
        std::string operator()(const PiecewiseLinear& w) const {
            std::string text = "pwl(";
            for (std::size_t k = 0; k < w.points.size(); ++k) {
                text += fmt::format("{}{} {}", k == 0 ? "" : " ", spice_number(w.points[k].first),
                                    spice_number(w.points[k].second));
            }
            return text + ")";
        }
    };
    // A PWL source also needs its t=0 value for the operating point: ngspice takes it from the first point.
    return std::visit(Visitor{}, waveform);
}

std::string parameter_list(const std::vector<std::pair<std::string, std::string>>& parameters) {
    std::string text;
    for (const auto& [name, value] : parameters) text += fmt::format(" {}={}", name, value);
    return text;
}

struct ElementLine {
    std::string operator()(const Resistor& e) const {
        return fmt::format("{} {} {} {}", e.name, e.positive, e.negative, spice_number(e.resistance));
    }
    std::string operator()(const Capacitor& e) const {
        std::string line = fmt::format("{} {} {} {}", e.name, e.positive, e.negative, spice_number(e.capacitance));
        if (e.initial_voltage) line += fmt::format(" ic={}", spice_number(*e.initial_voltage));
        return line;
    }
    std::string operator()(const VoltageSource& e) const {
        return fmt::format("{} {} {} {}", e.name, e.positive, e.negative, waveform_text(e.waveform));
    }
    std::string operator()(const CurrentSource& e) const {
        return fmt::format("{} {} {} {}", e.name, e.positive, e.negative, waveform_text(e.waveform));
    }
    std::string operator()(const BehavioralSource& e) const {
        const char* kind = e.output == BehavioralSource::Output::current ? "i" : "v";
        return fmt::format("{} {} {} {}={}", e.name, e.positive, e.negative, kind, e.expression);
    }
    std::string operator()(const Mosfet& e) const {
        std::string line = fmt::format("{} {} {} {} {} {}", e.name, e.drain, e.gate, e.source, e.bulk, e.model);
        for (const auto& [name, value] : e.parameters) line += fmt::format(" {}={}", name, spice_number(value));
        return line;
    }
    std::string operator()(const SubcircuitInstance& e) const {
        std::string line = e.name;
        for (const auto& node : e.nodes) line += " " + node;
        return line + " " + e.subcircuit + parameter_list(e.parameters);
    }
};

void write_model(const ModelCard& model, std::vector<std::string>& out) {
    out.push_back(fmt::format(".model {} {}{}", model.name, model.type,
                              model.parameters.empty() ? "" : " (" + parameter_list(model.parameters).substr(1) + ")"));
}

void write_subcircuit(const Subcircuit& sub, std::vector<std::string>& out) {
    std::string header = ".subckt " + sub.name;
    for (const auto& port : sub.ports) header += " " + port;
    if (!sub.parameters.empty()) header += " params:" + parameter_list(sub.parameters);
    out.push_back(header);
    for (const auto& model : sub.models) write_model(model, out);
    for (const auto& element : sub.elements) out.push_back(std::visit(ElementLine{}, element));
    out.push_back(".ends " + sub.name);
}

std::string analysis_line(const Analysis& analysis) {
    struct Visitor {
        std::string operator()(const OperatingPoint&) const { return ".op"; }
        std::string operator()(const Transient& a) const {
            std::string line = fmt::format(".tran {} {}", spice_number(a.step), spice_number(a.stop));
            if (a.start != 0.0 || a.max_step) line += fmt::format(" {}", spice_number(a.start));
            if (a.max_step) line += fmt::format(" {}", spice_number(*a.max_step));
            if (a.use_initial_conditions) line += " uic";
            return line;
        }
        std::string operator()(const DcSweep& a) const {
            return fmt::format(".dc {} {} {} {}", a.source, spice_number(a.start), spice_number(a.stop),
                               spice_number(a.step));
        }
    };
    return std::visit(Visitor{}, analysis);
}

void write_output_table(const OutputTable& table, std::vector<std::string>& out) {
    out.push_back(fmt::format("{} output-table {} {}", annotation, table.key_header, table.value_header));
    for (const auto& [key, vector] : table.rows) out.push_back(fmt::format("{} output {} {}", annotation, key, vector));
}

}  // namespace

std::string spice_number(double value) { return fmt::format("{}", value); }

std::vector<std::string> write_spice_lines(const Circuit& circuit) {
    std::vector<std::string> out;
    out.reserve(circuit.elements.size() + 64);
    out.push_back(circuit.title);
    for (const auto& comment : circuit.comments) out.push_back("* " + comment);
    if (circuit.outputs) write_output_table(*circuit.outputs, out);
    out.push_back(".options klu" + parameter_list(circuit.options));
    for (const auto& model : circuit.models) write_model(model, out);
    for (const auto& sub : circuit.subcircuits) write_subcircuit(sub, out);
    for (const auto& element : circuit.elements) out.push_back(std::visit(ElementLine{}, element));
    for (const auto& analysis : circuit.analyses) out.push_back(analysis_line(analysis));
    out.push_back(".end");
    return out;
}

std::string write_spice(const Circuit& circuit) {
    std::string text;
    for (const auto& line : write_spice_lines(circuit)) {
        text += line;
        text += '\n';
    }
    return text;
}

std::optional<OutputTable> read_output_table(const std::vector<std::string>& lines, const std::string& source) {
    std::optional<OutputTable> table;
    for (std::size_t index = 0; index < lines.size(); ++index) {
        if (lines[index].rfind(annotation, 0) != 0) continue;
        std::istringstream words(lines[index].substr(std::string(annotation).size()));
        std::string keyword, first, second, extra;
        words >> keyword >> first >> second;
        if (first.empty() || second.empty() || (words >> extra)) {
            throw InputError(fmt::format("{}:{}: malformed '{}' line: expected '{} output-table KEY VALUE' or "
                                         "'{} output KEY VECTOR'",
                                         source, index + 1, annotation, annotation, annotation));
        }
        if (keyword == "output-table") {
            table = OutputTable{first, second, {}};
        } else if (keyword == "output" && table) {
            table->rows.emplace_back(first, second);
        } else {
            throw InputError(fmt::format("{}:{}: unexpected '{} {}' (an 'output-table' line must come first)", source,
                                         index + 1, annotation, keyword));
        }
    }
    return table;
}

}  // namespace memcosim::netlist
