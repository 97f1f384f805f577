#include "netlist/circuit.hpp"

namespace memcosim::netlist {
namespace {

struct NodesOf {
    std::vector<std::string> operator()(const Resistor& e) const { return {e.positive, e.negative}; }
    std::vector<std::string> operator()(const Capacitor& e) const { return {e.positive, e.negative}; }
    std::vector<std::string> operator()(const VoltageSource& e) const { return {e.positive, e.negative}; }
    std::vector<std::string> operator()(const CurrentSource& e) const { return {e.positive, e.negative}; }
    std::vector<std::string> operator()(const BehavioralSource& e) const { return {e.positive, e.negative}; }
    std::vector<std::string> operator()(const Mosfet& e) const { return {e.drain, e.gate, e.source, e.bulk}; }
    std::vector<std::string> operator()(const SubcircuitInstance& e) const { return e.nodes; }
};

}  // namespace

const std::string& element_name(const Element& element) {
    return std::visit([](const auto& e) -> const std::string& { return e.name; }, element);
}

std::vector<std::string> element_nodes(const Element& element) { return std::visit(NodesOf{}, element); }

}  // namespace memcosim::netlist
