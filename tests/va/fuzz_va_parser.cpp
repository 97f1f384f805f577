// libFuzzer target for the Verilog-A front end. Every input must either parse
// or raise VaError. Every module the parser reads, whether or not it then
// passes the semantic check, must print and parse back to the same tree; a
// module that passes the check must also evaluate its parameters inside their
// ranges. See CMakeLists.txt here for how to run it.
#include "va/constant_eval.hpp"
#include "va/parse.hpp"
#include "va/parser.hpp"
#include "va/printer.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_va_parser: %s\n%s\n", what, detail.c_str());
    std::abort();
}

// The parser alone, without the semantic check (internal API), so that the
// round trip is tested on every syntactically valid input.
std::vector<memcosim::va::Module> parse_syntax(const std::string& text, const std::string& name) {
    memcosim::va::SourceFiles sources;
    memcosim::va::Preprocessor preprocessor(sources);
    preprocessor.start(name, text);
    std::vector<memcosim::va::Note> notes;
    memcosim::va::Parser parser(preprocessor, sources, notes);
    return parser.parse_modules();
}

void check_round_trip(const memcosim::va::Module& module) {
    const std::string printed = memcosim::va::print_module(module);
    try {
        const auto again = parse_syntax(printed, "printed.va");
        if (again.size() != 1 || !(again[0] == module)) broken("round trip changed the tree", printed);
    } catch (const memcosim::va::VaError& error) {
        broken("printed module does not parse", printed + "\n" + error.what());
    }
}

void check_module(const memcosim::va::Module& module) {
    const std::string printed = memcosim::va::print_module(module);
    try {
        const auto values = memcosim::va::evaluate_parameters(module);
        for (const auto& parameter : module.parameters) {
            const double value = values.at(parameter.name).value;
            if (memcosim::va::check_parameter_value(parameter, value, values)) broken("default out of range", printed);
        }
    } catch (const memcosim::InputError& error) {
        broken("parameters of a checked module do not evaluate", error.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& module : parse_syntax(text, "fuzz.va")) check_round_trip(module);
    } catch (const memcosim::va::VaError&) {
        return 0;
    }
    try {
        const auto result = memcosim::va::parse_source(text, "fuzz.va");
        for (const auto& module : result.modules) check_module(module);
        for (const auto& note : result.notes) (void)memcosim::va::format_note(note);
    } catch (const memcosim::va::VaError&) {
        // a clean refusal is the expected outcome for most inputs
    }
    return 0;
}
