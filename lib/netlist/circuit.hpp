#pragma once
// Circuit IR: a plain-value description of a SPICE circuit, built by the
// generators (or by hand through the builder functions), checked by the
// electrical rules and printed by the SPICE writer. Node "0" is ground.
// Values are SI numbers; the writer prints them plainly (1e-06, not 1u).
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace memcosim::netlist {

inline constexpr const char* ground = "0";

// ---- source waveforms -------------------------------------------------------
struct Dc {
    double value = 0.0;
};
struct Pulse {
    double initial = 0.0, pulsed = 0.0, delay = 0.0, rise = 0.0, fall = 0.0, width = 0.0, period = 0.0;
};
struct PiecewiseLinear {
    std::vector<std::pair<double, double>> points;  // (time, value), time increasing
};
// offset + amplitude * sin(2 pi f (t - delay) + phase) for t >= delay (ngspice SIN, no damping).
struct Sine {
    double offset = 0.0, amplitude = 0.0, frequency = 0.0, delay = 0.0, phase_degrees = 0.0;
};
using Waveform = std::variant<Dc, Pulse, PiecewiseLinear, Sine>;

// ---- elements ---------------------------------------------------------------
struct Resistor {
    std::string name, positive, negative;
    double resistance = 0.0;  // ohm, > 0
};
struct Capacitor {
    std::string name, positive, negative;
    double capacitance = 0.0;  // farad, > 0
    std::optional<double> initial_voltage;
};
struct VoltageSource {
    std::string name, positive, negative;
    Waveform waveform = Dc{};
};
struct CurrentSource {  // current flows from positive through the source to negative
    std::string name, positive, negative;
    Waveform waveform = Dc{};
};
// ngspice B element: `expression` is the right-hand side, e.g. "v(a,b)*1e-3".
struct BehavioralSource {
    enum class Output { current, voltage };
    std::string name, positive, negative;
    Output output = Output::current;
    std::string expression;
};
struct Mosfet {
    std::string name, drain, gate, source, bulk, model;
    std::vector<std::pair<std::string, double>> parameters;  // w, l, ...
};
struct SubcircuitInstance {
    std::string name;
    std::vector<std::string> nodes;
    std::string subcircuit;
    std::vector<std::pair<std::string, std::string>> parameters;  // name -> value or {expression}
};
using Element = std::variant<Resistor, Capacitor, VoltageSource, CurrentSource, BehavioralSource, Mosfet,
                             SubcircuitInstance>;

[[nodiscard]] const std::string& element_name(const Element& element);
// Terminal nodes in SPICE order.
[[nodiscard]] std::vector<std::string> element_nodes(const Element& element);

// ---- models, subcircuits, analyses ------------------------------------------
struct ModelCard {
    std::string name, type;  // e.g. "nch", "nmos"
    std::vector<std::pair<std::string, std::string>> parameters;
};

struct Subcircuit {
    std::string name;
    std::vector<std::string> ports;
    std::vector<std::pair<std::string, std::string>> parameters;  // defaults
    std::vector<Element> elements;
    std::vector<ModelCard> models;
};

struct OperatingPoint {};
struct Transient {
    double step = 0.0, stop = 0.0, start = 0.0;
    std::optional<double> max_step;
    bool use_initial_conditions = false;
};
struct DcSweep {
    std::string source;
    double start = 0.0, stop = 0.0, step = 0.0;
};
using Analysis = std::variant<OperatingPoint, Transient, DcSweep>;

// What a run should write: a results table with one row per probe, e.g.
// header ("col", "current") and rows (0, "vsns0#branch"), (1, ...).
struct OutputTable {
    std::string key_header, value_header;
    std::vector<std::pair<std::string, std::string>> rows;  // key label -> ngspice vector name
};

struct Circuit {
    std::string title = "memcosim circuit";
    std::vector<std::string> comments;  // written as '*' lines under the title
    std::vector<Element> elements;
    std::vector<Subcircuit> subcircuits;
    std::vector<ModelCard> models;
    std::vector<std::pair<std::string, std::string>> options;  // .options name=value (klu is always added)
    std::vector<Analysis> analyses;
    std::optional<OutputTable> outputs;

    template <class E>
    void add(E element) {
        elements.emplace_back(std::move(element));
    }
};

}  // namespace memcosim::netlist
