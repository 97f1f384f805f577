// RunResult's vector lookup (declared in engine.hpp).
#include "spice/engine.hpp"

#include <algorithm>
#include <cctype>

namespace memcosim::spice {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The names a netlist author writes for ngspice's own vector names: ngspice
// stores node voltages under the bare node name ("out", not "v(out)") and a
// voltage source's current as "<source>#branch" (what "i(<source>)" means).
std::string canonical_name(const std::string& name) {
    auto lowered = lower(name);
    const auto inner = [&](std::size_t prefix) { return lowered.substr(prefix, lowered.size() - prefix - 1); };
    if (lowered.size() > 3 && lowered.ends_with(")")) {
        if (lowered.starts_with("v(") && lowered.find(',') == std::string::npos) {
            return inner(2);
        }
        if (lowered.starts_with("i(")) {
            return inner(2) + "#branch";
        }
    }
    return lowered;
}

const Vector* find_vector(const std::vector<Vector>& vectors, const std::string& name) {
    const auto wanted = lower(name);
    for (const auto& vector : vectors) {
        if (lower(vector.name) == wanted) {
            return &vector;
        }
    }
    const auto alias = canonical_name(name);
    if (alias != wanted) {
        for (const auto& vector : vectors) {
            if (lower(vector.name) == alias) {
                return &vector;
            }
        }
    }
    return nullptr;
}

}  // namespace

const Vector& RunResult::vector(const std::string& name) const {
    if (const Vector* found = find_vector(vectors, name)) {
        return *found;
    }
    throw std::out_of_range("ngspice plot " + plot_name + " has no vector '" + name + "'");
}

bool RunResult::has_vector(const std::string& name) const { return find_vector(vectors, name) != nullptr; }

}  // namespace memcosim::spice
