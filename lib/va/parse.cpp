#include "va/parse.hpp"

#include "va/parser.hpp"
#include "va/preprocessor.hpp"
#include "va/semantic_check.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace memcosim::va {

std::string format_note(const Note& note) {
    return fmt::format("{}: note: {}", to_string(note.location), note.message);
}

ParseResult parse_source(const std::string& text, const std::string& name) {
    SourceFiles sources;
    Preprocessor preprocessor(sources);
    preprocessor.start(name, text);
    ParseResult result;
    Parser parser(preprocessor, sources, result.notes);
    result.modules = parser.parse_modules();
    std::vector<Diagnostic> problems;
    for (const auto& module : result.modules) {
        for (auto& problem : check_module(module)) problems.push_back(std::move(problem));
    }
    for (std::size_t a = 0; a < result.modules.size(); ++a) {
        for (std::size_t b = 0; b < a; ++b) {
            if (result.modules[a].name == result.modules[b].name) {
                problems.push_back({result.modules[a].location,
                                    fmt::format("module '{}' is already declared at {}", result.modules[a].name,
                                                to_string(result.modules[b].location))});
            }
        }
    }
    if (!problems.empty()) throw VaError(std::move(problems), &sources);
    return result;
}

ParseResult parse_file(const std::string& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) throw InputError(fmt::format("{}: cannot open the Verilog-A file", path));
    std::ostringstream text;
    text << stream.rdbuf();
    return parse_source(text.str(), path);
}

}  // namespace memcosim::va
