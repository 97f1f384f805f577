#include "experiments/transistor_card.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "models/model_registry.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace memcosim::experiments {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open transistor model card", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The card's logical lines: comments dropped, '+' continuations joined.
std::vector<std::string> logical_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        for (const char mark : {';', '$'}) {
            if (const auto at = line.find(mark); at != std::string::npos) line.erase(at);
        }
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '*') continue;
        if (line[first] == '+' && !lines.empty()) {
            lines.back() += ' ' + line.substr(first + 1);
        } else {
            lines.push_back(line.substr(first));
        }
    }
    return lines;
}

std::filesystem::path cards_directory() { return models::ModelRegistry::default_directory() / "cards"; }

}  // namespace

netlist::ModelCard parse_model_card(const std::string& text, const std::string& path) {
    for (std::string line : logical_lines(text)) {
        if (lower(line.substr(0, 6)) != ".model") continue;
        for (char& c : line) {
            if (c == '(' || c == ')' || c == ',') c = ' ';
        }
        std::string spaced;
        for (char c : line) spaced += c == '=' ? std::string(" = ") : std::string(1, c);
        std::istringstream words(spaced);
        std::vector<std::string> tokens;
        for (std::string word; words >> word;) tokens.push_back(word);
        if (tokens.size() < 3) throw InputError(fmt::format("{}: .model card needs a name and a type", path));
        netlist::ModelCard card{tokens[1], lower(tokens[2]), {}};
        if (card.type != "nmos") {
            throw InputError(fmt::format("{}: model '{}' is of type '{}'; the access transistor must be nmos", path,
                                         card.name, tokens[2]));
        }
        for (std::size_t k = 3; k < tokens.size(); k += 3) {
            if (k + 2 >= tokens.size() || tokens[k + 1] != "=") {
                throw InputError(
                    fmt::format("{}: model '{}': expected NAME=VALUE at '{}'", path, card.name, tokens[k]));
            }
            card.parameters.emplace_back(lower(tokens[k]), tokens[k + 2]);
        }
        return card;
    }
    throw InputError(fmt::format("{}: no .model card found", path));
}

double TransistorCard::threshold_guess() const {
    for (const auto& [name, value] : model.parameters) {
        if (name == "vto" || name == "vth0") {
            try {
                return std::stod(value);
            } catch (const std::exception&) {
                break;
            }
        }
    }
    return 0.5;
}

TransistorCard load_transistor_card(const std::string& spec) {
    if (spec == "level1") {
        const auto path = cards_directory() / "nmos_level1.mod";
        return {"level1", parse_model_card(read_file(path), path.string()), 4e-6, 0.5e-6, 1.2};
    }
    if (spec == "bsim4") {
        const auto path = cards_directory() / "ptm45hp_nmos_bsim4.mod";
        return {"bsim4", parse_model_card(read_file(path), path.string()), 450e-9, 45e-9, 1.0};
    }
    const auto colon = spec.find(':');
    const std::string path = spec.substr(0, colon);
    if (!std::filesystem::is_regular_file(path)) {
        throw InputError(fmt::format("--transistor: '{}' is neither level1, bsim4 nor a model card file", path));
    }
    TransistorCard card{path, parse_model_card(read_file(path), path), 1e-6, 1e-6, 1.2};
    if (colon != std::string::npos) {
        for (const auto& field : csv::split_fields(spec.substr(colon + 1))) {
            const auto equals = field.find('=');
            const std::string name = lower(field.substr(0, equals));
            if (equals == std::string::npos || (name != "w" && name != "l")) {
                throw InputError(fmt::format("--transistor {}: expected w=METRES or l=METRES, got '{}'", path, field));
            }
            const double value = csv::parse_number(field.substr(equals + 1), "--transistor", 1);
            if (!(value > 0.0)) throw InputError(fmt::format("--transistor: {} must be > 0 m, got {}", name, value));
            (name == "w" ? card.width : card.length) = value;
        }
    }
    return card;
}

}  // namespace memcosim::experiments
