#include "va/va_error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memcosim::va {

bool same_place(const SourceLocation& a, const SourceLocation& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column;
}

std::string to_string(const SourceLocation& location) {
    return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

std::string_view SourceFiles::add(const std::string& name, std::string text) {
    return texts_.try_emplace(name, std::move(text)).first->second;
}

std::optional<std::string_view> SourceFiles::line_text(const SourceLocation& location) const {
    const auto found = texts_.find(location.file);
    if (found == texts_.end() || location.line < 1) return std::nullopt;
    std::string_view text = found->second;
    for (int line = 1; line < location.line; ++line) {
        const auto newline = text.find('\n');
        if (newline == std::string_view::npos) return std::nullopt;
        text.remove_prefix(newline + 1);
    }
    text = text.substr(0, text.find('\n'));
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

namespace {

constexpr std::size_t shown_width = 100;

// Non-printable bytes would garble a terminal; show them as '?'.
std::string printable(std::string_view line) {
    std::string out;
    for (const char c : line) out += (c == '\t' || (c >= 32 && c < 127)) ? c : '?';
    return out;
}

// Spaces up to the column, keeping tabs so that the caret lines up with the source.
std::string caret_line(std::string_view line, std::size_t column) {
    std::string out;
    for (std::size_t k = 0; k + 1 < column; ++k) out += (k < line.size() && line[k] == '\t') ? '\t' : ' ';
    return out + '^';
}

// The source line and the caret under `column`; a long line is cut to the part
// around the column, with "..." where text was left out.
std::pair<std::string, std::string> excerpt(std::string_view line, std::size_t column) {
    if (line.size() <= shown_width) return {printable(line), caret_line(line, column)};
    const std::size_t start = column > shown_width / 2 ? std::min(column - shown_width / 2, line.size()) : 0;
    const std::string_view part = line.substr(start, shown_width);
    const std::string before = start > 0 ? "..." : "";
    const std::string after = start + part.size() < line.size() ? "..." : "";
    return {fmt::format("{}{}{}", before, printable(part), after),
            fmt::format("{}{}", std::string(before.size(), ' '), caret_line(part, column - start))};
}

}  // namespace

std::string format_diagnostic(const Diagnostic& diagnostic, const SourceFiles* sources) {
    std::string text = fmt::format("{}: error: {}", to_string(diagnostic.location), diagnostic.message);
    const auto line = sources ? sources->line_text(diagnostic.location) : std::nullopt;
    if (!line) return text;
    const std::string number = std::to_string(diagnostic.location.line);
    const std::string gutter(number.size(), ' ');
    const auto [source, caret] = excerpt(*line, static_cast<std::size_t>(std::max(diagnostic.location.column, 1)));
    return fmt::format("{}\n {} | {}\n {} | {}", text, number, source, gutter, caret);
}

namespace {

std::string format_all(const std::vector<Diagnostic>& diagnostics, const SourceFiles* sources) {
    std::string text;
    const std::size_t shown = std::min(diagnostics.size(), VaError::shown_diagnostics);
    for (std::size_t k = 0; k < shown; ++k) {
        if (k > 0) text += '\n';
        text += format_diagnostic(diagnostics[k], sources);
    }
    if (diagnostics.size() > shown) {
        text += fmt::format("\n(and {} more error{})", diagnostics.size() - shown,
                            diagnostics.size() - shown == 1 ? "" : "s");
    }
    return text;
}

// location() and message() need one diagnostic to point at.
std::vector<Diagnostic> at_least_one(std::vector<Diagnostic> diagnostics) {
    if (diagnostics.empty()) diagnostics.resize(1);
    if (diagnostics.front().message.empty()) diagnostics.front().message = "unknown Verilog-A error";
    return diagnostics;
}

}  // namespace

VaError::VaError(std::vector<Diagnostic> diagnostics, const SourceFiles* sources)
    : InputError(format_all(diagnostics, sources)), diagnostics_(at_least_one(std::move(diagnostics))) {}

VaError::VaError(SourceLocation location, std::string message, const SourceFiles* sources)
    : VaError(std::vector<Diagnostic>{{std::move(location), std::move(message)}}, sources) {}

}  // namespace memcosim::va
