#pragma once
// Builds the SPICE circuit of a linear (1R) crossbar read exactly as
// core/crossbar_array.hpp describes it, periphery included, so that ngspice
// and the exact solver simulate the same thing. The circuit declares its
// outputs: one row per terminated column, "col,current", the current into
// column j's terminal (the branch current of its sense source, positive into
// the sense node).
//
// Periphery: a row's driver output resistance is a resistor "rdrv<i>" from
// the source node d<i> to o<i>, where the wire starts; a column's load
// resistance is "rload<j>" from the wire's end b<j> to the sense node s<j>,
// whose source holds U_j. A resistance of 0 adds no resistor (the netlist of
// the default periphery is unchanged); a floating line has neither its
// source nor its end segment.
#include "core/crossbar_array.hpp"
#include "netlist/circuit.hpp"

#include <string>

namespace memcosim::generators {

// Node and element names, shared with anything that reads the results back.
struct CrossbarNames {
    static std::string driver_node(Eigen::Index i);
    static std::string driver_output_node(Eigen::Index i);  // after the driver resistance
    static std::string driver_source(Eigen::Index i);
    static std::string row_node(Eigen::Index i, Eigen::Index j);
    static std::string column_node(Eigen::Index i, Eigen::Index j);
    static std::string column_end_node(Eigen::Index j);  // before the load resistance
    static std::string sense_node(Eigen::Index j);
    static std::string sense_source(Eigen::Index j);
    // ngspice's vector holding the current into sense_j.
    static std::string sense_current_vector(Eigen::Index j);
    // ngspice's vector of row i's driver branch: the current flowing into
    // the source's positive node, i.e. minus the current the driver delivers.
    static std::string driver_current_vector(Eigen::Index i);
};

// A DC operating point of the read; throws InputError for an invalid array
// or for ideal (0 ohm) wires, which have no SPICE resistor.
[[nodiscard]] netlist::Circuit build_crossbar_circuit(const CrossbarArray& array);

}  // namespace memcosim::generators
