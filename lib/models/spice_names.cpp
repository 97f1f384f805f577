#include "models/spice_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <set>

namespace memcosim::models {
namespace {

// B-source functions and constants (ngspice inpptree.c), numparam keywords
// and functions (xpressn.c), and the names ngspice gives meaning to on an
// instance line or in an expression.
constexpr std::string_view reserved_words[] = {
    "abs",     "acos",      "acosh",   "agauss", "and",   "arctan", "asin",        "asinh", "atan",   "atanh",
    "aunif",   "boltz",     "ceil",    "cos",    "cosh",  "ddt",    "defined",     "div",   "downto", "e",
    "echarge", "else",      "end",     "exp",    "floor", "for",    "funct",       "gauss", "gmin",   "hertz",
    "i",       "if",        "include", "int",    "is",    "kelvin", "limit",       "ln",    "log",    "log10",
    "m",       "macro",     "max",     "min",    "mod",   "nint",   "not",         "or",    "params", "pi",
    "planck",  "pow",       "pwl",     "pwr",    "sdt",   "sgn",    "sin",         "sinh",  "sqr",    "sqrt",
    "table",   "tablefile", "tan",     "tanh",   "temp",  "temper", "ternary_fcn", "time",  "to",     "u",
    "u2",      "unif",      "uramp",   "v",      "var",   "vt",     "while",       "x",     "limexp", "dtemp"};

std::string sanitize(std::string_view name) {
    std::string result;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        result += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    if (result.empty() || !std::isalpha(static_cast<unsigned char>(result.front()))) result = "p_" + result;
    return result;
}

bool is_auxiliary_name(std::string_view name) {
    const std::string_view prefix = spice_auxiliary_prefix;
    return name.substr(0, prefix.size()) == prefix;
}

// `wanted` sanitized; with a suffix if auxiliary-like, taken, or (for a
// parameter, which ngspice substitutes as a word) reserved. Adds it to `taken`.
std::string claim(std::string_view wanted, std::set<std::string>& taken, bool parameter) {
    const std::string base = sanitize(wanted);
    std::string name = base;
    const auto unusable = [&](const std::string& candidate) {
        return (parameter && is_spice_reserved(candidate)) || is_auxiliary_name(candidate) ||
               taken.count(candidate) != 0;
    };
    for (int attempt = 1; unusable(name); ++attempt) {
        name = attempt == 1 ? base + "_p" : fmt::format("{}_p{}", base, attempt);
    }
    taken.insert(name);
    return name;
}

}  // namespace

bool is_spice_reserved(std::string_view name) {
    return std::find(std::begin(reserved_words), std::end(reserved_words), name) != std::end(reserved_words);
}

SpiceNames make_spice_names(const DeviceModel& model) {
    SpiceNames names;
    std::set<std::string> taken{spice_positive_port, spice_negative_port, "0"};
    names.subcircuit = sanitize(model.name());
    // Nodes first: they keep their names (a state is probed as v(INSTANCE.x)).
    for (const auto& state : model.states()) names.state_nodes.push_back(claim(state.name, taken, false));
    for (const auto& parameter : model.parameters()) names.parameters.push_back(claim(parameter.name, taken, true));
    for (const auto& state : model.states()) {
        names.state_parameters.push_back(claim(fmt::format("state_{}", state.name), taken, true));
    }
    return names;
}

}  // namespace memcosim::models
