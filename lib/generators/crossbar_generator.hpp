#pragma once
// Builds the SPICE circuit of a linear (1R) crossbar read exactly as
// core/crossbar_array.hpp describes it, so that ngspice and the exact solver
// simulate the same thing. The circuit declares its outputs: one row per
// column, "col,current", the current into sense_j (the branch current of the
// 0 V sense source, positive into the sense node).
#include "core/crossbar_array.hpp"
#include "netlist/circuit.hpp"

#include <string>

namespace memcosim::generators {

// Node and element names, shared with anything that reads the results back.
struct CrossbarNames {
    static std::string driver_node(Eigen::Index i);
    static std::string row_node(Eigen::Index i, Eigen::Index j);
    static std::string column_node(Eigen::Index i, Eigen::Index j);
    static std::string sense_node(Eigen::Index j);
    static std::string sense_source(Eigen::Index j);
    // ngspice's vector holding the current into sense_j.
    static std::string sense_current_vector(Eigen::Index j);
};

// A DC operating point of the read; throws InputError for an invalid array.
[[nodiscard]] netlist::Circuit build_crossbar_circuit(const CrossbarArray& array);

}  // namespace memcosim::generators
