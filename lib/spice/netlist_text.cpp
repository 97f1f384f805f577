#include "spice/netlist_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace memcosim::spice::detail {

std::string first_word_lower(const std::string& line) {
    const auto begin = line.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return {};
    }
    const auto end = line.find_first_of(" \t", begin);
    std::string word = line.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return word;
}

std::vector<std::string> prepare_netlist(const std::vector<std::string>& lines) {
    std::vector<std::string> result;
    result.reserve(lines.size() + 1);
    for (const auto& entry : lines) {
        std::string_view rest(entry);
        // An empty entry is kept as an empty line so that line numbers in
        // ngspice's messages match the caller's.
        do {
            const auto end = rest.find('\n');
            std::string line(rest.substr(0, end));
            line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
            result.push_back(std::move(line));
            if (end == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(end + 1);
        } while (true);
    }
    // The title (first line) is never a card, even if it reads ".end".
    const bool has_end = std::any_of(result.begin() + std::min<std::ptrdiff_t>(1, std::ssize(result)), result.end(),
                                     [](const std::string& line) { return first_word_lower(line) == ".end"; });
    if (!has_end) {
        result.emplace_back(".end");
    }
    return result;
}

bool has_analysis_card(const std::vector<std::string>& lines) {
    static constexpr std::array<std::string_view, 9> analyses = {".op", ".tran", ".dc", ".ac",   ".noise",
                                                                 ".tf", ".sens", ".pz", ".disto"};
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto word = first_word_lower(lines[i]);
        if (word == ".end") {
            break;
        }
        if (std::find(analyses.begin(), analyses.end(), word) != analyses.end()) {
            return true;
        }
    }
    return false;
}

}  // namespace memcosim::spice::detail
