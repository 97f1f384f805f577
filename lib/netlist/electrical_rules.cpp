#include "netlist/electrical_rules.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

namespace memcosim::netlist {
namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// SPICE node and element names are case-insensitive; nodes are numbered in
// order of first appearance so messages come out in netlist order.
class NodeIndex {
public:
    std::size_t operator()(const std::string& node) {
        const auto [it, inserted] = index_.try_emplace(lowercase(node), names_.size());
        if (inserted) names_.push_back(node);
        return it->second;
    }
    [[nodiscard]] std::size_t size() const { return names_.size(); }
    [[nodiscard]] const std::string& name(std::size_t index) const { return names_[index]; }
    [[nodiscard]] bool contains(const std::string& node) const { return index_.count(lowercase(node)) != 0; }

private:
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::string> names_;
};

char expected_letter(const Element& element) {
    struct Visitor {
        char operator()(const Resistor&) const { return 'r'; }
        char operator()(const Capacitor&) const { return 'c'; }
        char operator()(const VoltageSource&) const { return 'v'; }
        char operator()(const CurrentSource&) const { return 'i'; }
        char operator()(const BehavioralSource&) const { return 'b'; }
        char operator()(const Mosfet&) const { return 'm'; }
        char operator()(const SubcircuitInstance&) const { return 'x'; }
    };
    return std::visit(Visitor{}, element);
}

// Terminal pairs that conduct at DC. A behavioural source is taken as
// conducting (it usually models a device); a subcircuit instance as joining
// all its ports. Both choices can only miss an error, never invent one.
std::vector<std::pair<std::string, std::string>> dc_edges(const Element& element) {
    struct Visitor {
        using Edges = std::vector<std::pair<std::string, std::string>>;
        Edges operator()(const Resistor& e) const { return {{e.positive, e.negative}}; }
        Edges operator()(const Capacitor&) const { return {}; }
        Edges operator()(const VoltageSource& e) const { return {{e.positive, e.negative}}; }
        Edges operator()(const CurrentSource&) const { return {}; }
        Edges operator()(const BehavioralSource& e) const { return {{e.positive, e.negative}}; }
        Edges operator()(const Mosfet& e) const { return {{e.drain, e.source}, {e.source, e.bulk}}; }
        Edges operator()(const SubcircuitInstance& e) const {
            Edges edges;
            for (std::size_t k = 1; k < e.nodes.size(); ++k) edges.emplace_back(e.nodes[0], e.nodes[k]);
            return edges;
        }
    };
    return std::visit(Visitor{}, element);
}

bool is_voltage_defining(const Element& element) {
    if (std::holds_alternative<VoltageSource>(element)) return true;
    const auto* b = std::get_if<BehavioralSource>(&element);
    return b && b->output == BehavioralSource::Output::voltage;
}

class Checker {
public:
    explicit Checker(const Circuit& circuit) : circuit_(circuit) { nodes_(ground); }

    std::vector<RuleViolation> run() {
        if (circuit_.analyses.empty()) report(RuleKind::no_analysis, "the circuit has no analysis (.op, .tran, .dc)");
        check_names(circuit_.elements, "");
        for (const auto& sub : circuit_.subcircuits) check_names(sub.elements, " in subcircuit " + sub.name);
        check_values();
        check_references();
        check_topology();
        return std::move(violations_);
    }

private:
    void report(RuleKind kind, std::string message) { violations_.push_back({kind, std::move(message)}); }

    void check_names(const std::vector<Element>& elements, const std::string& where) {
        std::unordered_set<std::string> seen;
        for (const auto& element : elements) {
            const std::string& name = element_name(element);
            if (name.empty() || std::tolower(static_cast<unsigned char>(name[0])) != expected_letter(element)) {
                report(RuleKind::bad_name, fmt::format("element '{}'{} must start with '{}'", name, where,
                                                       static_cast<char>(std::toupper(expected_letter(element)))));
            }
            if (!seen.insert(lowercase(name)).second) {
                report(RuleKind::duplicate_name, fmt::format("duplicate element name '{}'{}", name, where));
            }
        }
    }

    void check_values() {
        for (const auto& element : circuit_.elements) {
            if (const auto* r = std::get_if<Resistor>(&element); r && !(r->resistance > 0 && std::isfinite(r->resistance))) {
                report(RuleKind::bad_value, fmt::format("resistor '{}' has resistance {}: it must be > 0", r->name, r->resistance));
            }
            if (const auto* c = std::get_if<Capacitor>(&element);
                c && !(c->capacitance > 0 && std::isfinite(c->capacitance))) {
                report(RuleKind::bad_value,
                       fmt::format("capacitor '{}' has capacitance {}: it must be > 0", c->name, c->capacitance));
            }
        }
    }

    void check_references() {
        std::unordered_map<std::string, const Subcircuit*> subcircuits;
        for (const auto& sub : circuit_.subcircuits) subcircuits[lowercase(sub.name)] = &sub;
        std::unordered_set<std::string> models;
        for (const auto& model : circuit_.models) models.insert(lowercase(model.name));
        for (const auto& element : circuit_.elements) {
            if (const auto* x = std::get_if<SubcircuitInstance>(&element)) {
                const auto it = subcircuits.find(lowercase(x->subcircuit));
                if (it == subcircuits.end()) {
                    report(RuleKind::unknown_reference,
                           fmt::format("instance '{}' uses undefined subcircuit '{}'", x->name, x->subcircuit));
                } else if (it->second->ports.size() != x->nodes.size()) {
                    report(RuleKind::unknown_reference,
                           fmt::format("instance '{}' connects {} nodes but subcircuit '{}' has {} ports", x->name,
                                       x->nodes.size(), x->subcircuit, it->second->ports.size()));
                }
            }
            if (const auto* m = std::get_if<Mosfet>(&element); m && !models.count(lowercase(m->model))) {
                report(RuleKind::unknown_reference,
                       fmt::format("transistor '{}' uses undefined model '{}'", m->name, m->model));
            }
        }
    }

    void check_topology();
    void check_floating(const std::vector<std::size_t>& terminal_count);
    void check_dc_paths();
    void check_voltage_loops();

    const Circuit& circuit_;
    NodeIndex nodes_;
    std::vector<RuleViolation> violations_;
};

void Checker::check_topology() {
    std::vector<std::size_t> terminal_count;
    for (const auto& element : circuit_.elements) {
        for (const auto& node : element_nodes(element)) {
            const std::size_t index = nodes_(node);
            if (terminal_count.size() <= index) terminal_count.resize(index + 1, 0);
            ++terminal_count[index];
        }
    }
    terminal_count.resize(nodes_.size(), 0);
    if (terminal_count[0] == 0) {
        report(RuleKind::no_ground, "nothing is connected to ground (node 0)");
        return;
    }
    check_floating(terminal_count);
    check_dc_paths();
    check_voltage_loops();
}

// Lists at most a few names, then a count, so one broken array gives one readable line.
std::string name_list(const std::vector<std::string>& names) {
    constexpr std::size_t shown = 5;
    std::string text;
    for (std::size_t k = 0; k < std::min(shown, names.size()); ++k) {
        text += fmt::format("{}'{}'", k == 0 ? "" : ", ", names[k]);
    }
    if (names.size() > shown) text += fmt::format(" and {} more", names.size() - shown);
    return text;
}

void Checker::check_floating(const std::vector<std::size_t>& terminal_count) {
    std::vector<std::string> floating;
    for (std::size_t node = 1; node < terminal_count.size(); ++node) {
        if (terminal_count[node] == 1) floating.push_back(nodes_.name(node));
    }
    if (!floating.empty()) {
        report(RuleKind::floating_node,
               fmt::format("floating node(s) connected to a single terminal: {}", name_list(floating)));
    }
}

void Checker::check_dc_paths() {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph graph(nodes_.size());
    for (const auto& element : circuit_.elements) {
        for (const auto& [a, b] : dc_edges(element)) boost::add_edge(nodes_(a), nodes_(b), graph);
    }
    std::vector<int> component(boost::num_vertices(graph));
    boost::connected_components(graph, component.data());
    std::vector<std::string> unreachable;
    for (std::size_t node = 1; node < component.size(); ++node) {
        if (component[node] != component[0]) unreachable.push_back(nodes_.name(node));
    }
    if (!unreachable.empty()) {
        report(RuleKind::no_dc_path,
               fmt::format("node(s) with no DC path to ground (only capacitors, current sources or gates): {}",
                           name_list(unreachable)));
    }
}

void Checker::check_voltage_loops() {
    std::vector<std::size_t> rank(nodes_.size()), parent(nodes_.size());
    boost::disjoint_sets<std::size_t*, std::size_t*> sets(rank.data(), parent.data());
    for (std::size_t node = 0; node < nodes_.size(); ++node) sets.make_set(node);
    for (const auto& element : circuit_.elements) {
        if (!is_voltage_defining(element)) continue;
        const auto nodes = element_nodes(element);
        const std::size_t a = nodes_(nodes[0]), b = nodes_(nodes[1]);
        if (sets.find_set(a) == sets.find_set(b)) {
            report(RuleKind::voltage_source_loop,
                   fmt::format("voltage source '{}' closes a loop of voltage sources between nodes '{}' and '{}'",
                               element_name(element), nodes[0], nodes[1]));
        } else {
            sets.union_set(a, b);
        }
    }
}

}  // namespace

const char* to_string(RuleKind kind) {
    switch (kind) {
        case RuleKind::bad_name: return "bad name";
        case RuleKind::duplicate_name: return "duplicate name";
        case RuleKind::bad_value: return "bad value";
        case RuleKind::floating_node: return "floating node";
        case RuleKind::no_dc_path: return "no DC path to ground";
        case RuleKind::voltage_source_loop: return "voltage source loop";
        case RuleKind::unknown_reference: return "unknown reference";
        case RuleKind::no_ground: return "no ground";
        case RuleKind::no_analysis: return "no analysis";
    }
    return "?";
}

std::vector<RuleViolation> check_electrical_rules(const Circuit& circuit) { return Checker(circuit).run(); }

void require_electrical_rules(const Circuit& circuit) {
    const auto violations = check_electrical_rules(circuit);
    if (violations.empty()) return;
    std::string message = fmt::format("circuit '{}' fails {} electrical rule check(s):", circuit.title, violations.size());
    constexpr std::size_t shown = 10;
    for (std::size_t k = 0; k < std::min(shown, violations.size()); ++k) {
        message += fmt::format("\n  {}: {}", to_string(violations[k].kind), violations[k].message);
    }
    if (violations.size() > shown) message += fmt::format("\n  ... and {} more", violations.size() - shown);
    throw CircuitError(message);
}

}  // namespace memcosim::netlist
