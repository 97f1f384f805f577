#pragma once
// Checks on netlist text done before it reaches ngspice. Internal to
// lib/spice, exposed for tests.
#include <string>
#include <vector>

namespace memcosim::spice::detail {

// The lines as ngspice should receive them: strings holding several lines
// are split (ngSpice_Circ wants exactly one line per entry), CRs dropped, and
// ".end" appended if no line is ".end" (ngspice stops reading at the first
// one). Nothing else is changed: `.options klu` and every other card stay.
[[nodiscard]] std::vector<std::string> prepare_netlist(const std::vector<std::string>& lines);

// True if a line after the title and before ".end" is an analysis card
// (.op .tran .dc .ac .noise .tf .sens .pz .disto, any case). Without one,
// bg_run would load the circuit and silently produce nothing.
[[nodiscard]] bool has_analysis_card(const std::vector<std::string>& lines);

// The first word of a line, lower-cased ("" for a blank line).
[[nodiscard]] std::string first_word_lower(const std::string& line);

}  // namespace memcosim::spice::detail
