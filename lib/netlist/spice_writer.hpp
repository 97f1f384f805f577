#pragma once
// Prints a Circuit as an ngspice netlist. Every netlist carries
// `.options klu` (DESIGN.md: the default Sparse 1.3 solver is ~100x slower on
// crossbars). The output table, if any, is declared in structured comments
// (`*@memcosim ...`) that ngspice ignores and read_output_table() reads back,
// so `memcosim sim` knows what to write for a generated netlist.
#include "netlist/circuit.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memcosim::netlist {

// One string per netlist line: title first, ".end" last.
[[nodiscard]] std::vector<std::string> write_spice_lines(const Circuit& circuit);

// The same lines joined with '\n'.
[[nodiscard]] std::string write_spice(const Circuit& circuit);

// Reads the `*@memcosim` output declarations back from netlist lines;
// `source` names the file in errors. Empty if the netlist declares none.
[[nodiscard]] std::optional<OutputTable> read_output_table(const std::vector<std::string>& lines,
                                                           const std::string& source);

// A number as the writer prints it: shortest text that reads back exactly.
[[nodiscard]] std::string spice_number(double value);

}  // namespace memcosim::netlist
