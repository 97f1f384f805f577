#pragma once
// Reading Verilog-A: the entry points of lib/va.
//
//     const auto result = memcosim::va::parse_file("va_models/vteam.va");
//     const memcosim::va::Module& model = result.modules.front();
//
// A model is read in three steps, all done by these calls: preprocessing
// (`include, `define, `ifdef), parsing into the tree of va/ast.hpp, and a
// semantic check (names, argument counts, constant parameter defaults inside
// their ranges). Anything outside the compact-model subset is refused by name.
#include "va/ast.hpp"

#include <string>
#include <vector>

namespace memcosim::va {

// Something accepted but not acted on, e.g. "ignored '$strobe' (memcosim does not
// print from models)". Kept for the caller to show; nothing is printed.
struct Note {
    SourceLocation location;
    std::string message;
};

// "file:line:column: note: message"
[[nodiscard]] std::string format_note(const Note& note);

struct ParseResult {
    std::vector<Module> modules;  // in file order; at least one
    std::vector<Note> notes;
};

// Throws VaError (an InputError) naming file:line:column, with the source line
// and a caret; a file that cannot be opened is an InputError too.
[[nodiscard]] ParseResult parse_file(const std::string& path);
// `name` is used in messages and to resolve `include "x"` (relative to its folder).
[[nodiscard]] ParseResult parse_source(const std::string& text, const std::string& name);

}  // namespace memcosim::va
