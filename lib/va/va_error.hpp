#pragma once
// Where a Verilog-A construct was written, and the error raised when a model
// cannot be read. Messages follow STYLE.md item 6: file:line:column, the
// source line, and a caret under the column.
#include "core/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memcosim::va {

// A position in a source file; line and column count from 1 (column in bytes).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    // Locations say where a construct was written, not what it says: two trees
    // that say the same thing compare equal wherever they were written (this is
    // what the parse -> print -> parse round trip needs). Use same_place() to
    // compare positions.
    friend bool operator==(const SourceLocation&, const SourceLocation&) { return true; }
};

[[nodiscard]] bool same_place(const SourceLocation& a, const SourceLocation& b);
// "file:line:column"
[[nodiscard]] std::string to_string(const SourceLocation& location);

struct Diagnostic {
    SourceLocation location;
    std::string message;  // names the construct, e.g. "unknown identifier 'foo'"
};

// The text of every file read during one parse, kept so that a diagnostic can
// show the offending line.
class SourceFiles {
public:
    // Keeps the text and returns a view of it that stays valid as long as this
    // object. A name added twice keeps its first text.
    std::string_view add(const std::string& name, std::string text);
    // The text of the given line, without its line break; nullopt if unknown.
    [[nodiscard]] std::optional<std::string_view> line_text(const SourceLocation& location) const;

private:
    std::map<std::string, std::string, std::less<>> texts_;
};

// "file:3:9: error: message" followed, when the source is known, by
//     3 |     x = foo + 1;
//       |         ^
[[nodiscard]] std::string format_diagnostic(const Diagnostic& diagnostic, const SourceFiles* sources);

// A model that cannot be read. what() holds the formatted diagnostics (the
// first few, then a count); diagnostics() holds all of them, structured.
class VaError : public InputError {
public:
    static constexpr std::size_t shown_diagnostics = 5;

    VaError(std::vector<Diagnostic> diagnostics, const SourceFiles* sources);
    VaError(SourceLocation location, std::string message, const SourceFiles* sources = nullptr);

    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    // Where the first error is.
    [[nodiscard]] const SourceLocation& location() const { return diagnostics_.front().location; }
    // The first error's message, without location or source line.
    [[nodiscard]] const std::string& message() const { return diagnostics_.front().message; }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace memcosim::va
