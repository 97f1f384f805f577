#include "generators/crossbar_generator.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace memcosim::generators {

using netlist::Capacitor;
using netlist::Circuit;
using netlist::Dc;
using netlist::Resistor;
using netlist::VoltageSource;

std::string CrossbarNames::driver_node(Eigen::Index i) { return fmt::format("d{}", i); }
std::string CrossbarNames::driver_output_node(Eigen::Index i) { return fmt::format("o{}", i); }
std::string CrossbarNames::driver_source(Eigen::Index i) { return fmt::format("vin{}", i); }
std::string CrossbarNames::row_node(Eigen::Index i, Eigen::Index j) { return fmt::format("r{}_{}", i, j); }
std::string CrossbarNames::column_node(Eigen::Index i, Eigen::Index j) { return fmt::format("c{}_{}", i, j); }
std::string CrossbarNames::column_end_node(Eigen::Index j) { return fmt::format("b{}", j); }
std::string CrossbarNames::sense_node(Eigen::Index j) { return fmt::format("s{}", j); }
std::string CrossbarNames::sense_source(Eigen::Index j) { return fmt::format("vsns{}", j); }
std::string CrossbarNames::sense_current_vector(Eigen::Index j) { return fmt::format("{}#branch", sense_source(j)); }
std::string CrossbarNames::driver_current_vector(Eigen::Index i) { return fmt::format("{}#branch", driver_source(i)); }

namespace {

using Names = CrossbarNames;

// Row i's driver: source V_i at d_i and, with an output resistance, a
// resistor to o_i. Returns the node the wire starts from.
std::string add_row_driver(const CrossbarArray& array, Eigen::Index i, Circuit& circuit) {
    const LineTermination driver = array.row_driver(i);
    circuit.add(VoltageSource{Names::driver_source(i), Names::driver_node(i), netlist::ground, Dc{array.inputs(i)}});
    if (driver.resistance == 0.0) return Names::driver_node(i);
    circuit.add(
        Resistor{fmt::format("rdrv{}", i), Names::driver_node(i), Names::driver_output_node(i), driver.resistance});
    return Names::driver_output_node(i);
}

// Row i: driver -- Rrow -- row(i,0) -- Rrow -- ... row(i,C-1). A floating
// row has no driver and no first segment.
void add_row_wires(const CrossbarArray& array, Circuit& circuit) {
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        const bool floating = array.row_driver(i).floating;
        const std::string start = floating ? std::string() : add_row_driver(array, i, circuit);
        for (Eigen::Index j = floating ? 1 : 0; j < array.cols(); ++j) {
            const std::string from = j == 0 ? start : Names::row_node(i, j - 1);
            circuit.add(Resistor{fmt::format("rr{}_{}", i, j), from, Names::row_node(i, j), array.row_wire_resistance});
        }
    }
}

// The node column j's wire ends on: b_j before a load resistor, else sense_j.
std::string column_end(const CrossbarArray& array, Eigen::Index j) {
    return array.column_termination(j).resistance == 0.0 ? Names::sense_node(j) : Names::column_end_node(j);
}

// Column j's terminal: the optional load resistor from b_j to sense_j, and
// the source holding sense_j at U_j.
void add_column_terminal(const CrossbarArray& array, Eigen::Index j, Circuit& circuit) {
    const LineTermination end = array.column_termination(j);
    if (end.resistance != 0.0) {
        circuit.add(
            Resistor{fmt::format("rload{}", j), Names::column_end_node(j), Names::sense_node(j), end.resistance});
    }
    circuit.add(
        VoltageSource{Names::sense_source(j), Names::sense_node(j), netlist::ground, Dc{array.column_bias_voltage(j)}});
}

// Column j: col(0,j) -- Rcol -- ... col(R-1,j) -- Rcol -- terminal. A
// floating column has no last segment and no terminal.
void add_column_wires(const CrossbarArray& array, Circuit& circuit) {
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        const bool floating = array.column_termination(j).floating;
        for (Eigen::Index i = 0; i < array.rows(); ++i) {
            const bool last = i + 1 == array.rows();
            if (last && floating) continue;
            const std::string to = last ? column_end(array, j) : Names::column_node(i + 1, j);
            circuit.add(
                Resistor{fmt::format("rc{}_{}", i, j), Names::column_node(i, j), to, array.column_wire_resistance});
        }
        if (!floating) add_column_terminal(array, j, circuit);
    }
}

void add_cells(const CrossbarArray& array, Circuit& circuit) {
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        for (Eigen::Index j = 0; j < array.cols(); ++j) {
            circuit.add(Resistor{fmt::format("rg{}_{}", i, j), Names::row_node(i, j), Names::column_node(i, j),
                                 1.0 / array.conductance(i, j)});
        }
    }
}

void add_wire_capacitance(const CrossbarArray& array, Circuit& circuit) {
    if (array.wire_capacitance <= 0.0) return;
    for (Eigen::Index i = 0; i < array.rows(); ++i) {
        for (Eigen::Index j = 0; j < array.cols(); ++j) {
            circuit.add(Capacitor{fmt::format("cr{}_{}", i, j), Names::row_node(i, j), netlist::ground,
                                  array.wire_capacitance, std::nullopt});
            circuit.add(Capacitor{fmt::format("cc{}_{}", i, j), Names::column_node(i, j), netlist::ground,
                                  array.wire_capacitance, std::nullopt});
        }
    }
}

std::vector<std::string> header_comments(const CrossbarArray& array) {
    std::vector<std::string> comments{
        "generated by memcosim: rows driven at the left, columns sensed at the bottom (virtual ground)",
        fmt::format("rows={} cols={} r_row={} r_col={} c_wire={}", array.rows(), array.cols(),
                    array.row_wire_resistance, array.column_wire_resistance, array.wire_capacitance),
    };
    if (!array.default_periphery()) {
        comments.emplace_back(
            "periphery: rdrv = driver output resistance, rload = column load resistance, "
            "vsns = column bias; floating lines have no source");
    }
    return comments;
}

}  // namespace

Circuit build_crossbar_circuit(const CrossbarArray& array) {
    array.validate();
    if (array.ideal_wires()) {
        throw InputError("crossbar netlist: ideal (0 ohm) wires have no SPICE resistor; give --r-row and --r-col > 0");
    }
    Circuit circuit;
    circuit.title = fmt::format("memcosim crossbar 1R {}x{}", array.rows(), array.cols());
    circuit.comments = header_comments(array);
    const auto cells = static_cast<std::size_t>(array.rows() * array.cols());
    circuit.elements.reserve(3 * cells + 2 * static_cast<std::size_t>(array.rows() + array.cols()) +
                             (array.wire_capacitance > 0 ? 2 * cells : 0));
    add_row_wires(array, circuit);
    add_column_wires(array, circuit);
    add_cells(array, circuit);
    add_wire_capacitance(array, circuit);
    circuit.analyses.emplace_back(netlist::OperatingPoint{});
    netlist::OutputTable outputs{"col", "current", {}};
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        if (array.column_termination(j).floating) continue;
        outputs.rows.emplace_back(std::to_string(j), Names::sense_current_vector(j));
    }
    circuit.outputs = std::move(outputs);
    return circuit;
}

}  // namespace memcosim::generators
