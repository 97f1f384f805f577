#include "spice/failure_classifier.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>

namespace memcosim::spice::detail {

namespace {

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

std::string trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t");
    return std::string(text.substr(begin, end - begin + 1));
}

using Phrases = std::vector<std::string_view>;

bool contains_any(const std::string& lowered, const Phrases& phrases) {
    return std::any_of(phrases.begin(), phrases.end(),
                       [&](std::string_view phrase) { return lowered.find(phrase) != std::string::npos; });
}

// Lower-cased copies, so each phrase test is a plain find.
struct LoweredLog {
    explicit LoweredLog(const std::vector<LogLine>& lines) {
        text.reserve(lines.size());
        for (const auto& line : lines) {
            text.push_back(lower(line.text));
        }
    }
    [[nodiscard]] bool has(const Phrases& phrases) const {
        return std::any_of(text.begin(), text.end(),
                           [&](const std::string& line) { return contains_any(line, phrases); });
    }
    std::vector<std::string> text;
};

// ngspice's lines worth quoting in what(): its stderr without progress
// notes and boilerplate, each line once (except right after a line ending in
// ':', which introduces it). If some lines name the cause (`key_phrases`),
// only those; otherwise the first lines in order.
std::vector<std::string> pick_details(const std::vector<LogLine>& lines, const Phrases& key_phrases,
                                      std::size_t limit) {
    std::vector<std::string> candidates;
    bool after_colon = false;
    for (const auto& line : lines) {
        if (line.stream != LogLine::Stream::err) {
            continue;
        }
        auto text = trim(line.text);
        const auto lowered = lower(text);
        if (text.empty() || lowered.starts_with("note:") ||
            contains_any(lowered, {"any of the following steps may fail", "cannot recover and awaits",
                                   "there is no circuit loaded", "is ignored"})) {
            continue;
        }
        const bool introduced = after_colon;
        after_colon = text.ends_with(':');
        if (introduced || std::find(candidates.begin(), candidates.end(), text) == candidates.end()) {
            candidates.push_back(std::move(text));
        }
    }
    if (!key_phrases.empty()) {
        std::vector<std::string> keyed;
        std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(keyed),
                     [&](const std::string& text) { return contains_any(lower(text), key_phrases); });
        if (!keyed.empty()) {
            candidates = std::move(keyed);
        }
    }
    if (candidates.empty()) {
        // Nothing on stderr: the last stdout lines are the best clue left.
        for (auto it = lines.rbegin(); it != lines.rend() && candidates.size() < 2; ++it) {
            candidates.insert(candidates.begin(), trim(it->text));
        }
    }
    if (candidates.size() > limit) {
        candidates.resize(limit);
    }
    return candidates;
}

// A line printed during loading that means the circuit is not what the
// netlist says. Besides errors this includes two warnings after which
// ngspice drops part of the netlist and simulates the rest anyway.
bool is_load_error(const LogLine& line) {
    if (line.stream != LogLine::Stream::err) {
        return false;
    }
    const auto lowered = lower(trim(line.text));
    return lowered.starts_with("error") ||
           contains_any(lowered, {"yyparse error", "can't find model", "unusual leading characters"}) ||
           (contains_any(lowered, {"is not a valid"}) && contains_any(lowered, {"ignored"}));
}

constexpr std::size_t max_run_details = 4;
constexpr std::size_t max_load_details = 6;

}  // namespace

const char* summary(FailureKind kind) {
    switch (kind) {
        case FailureKind::parse: return "netlist rejected";
        case FailureKind::singular_matrix: return "singular matrix";
        case FailureKind::timestep_too_small: return "timestep too small";
        case FailureKind::no_convergence: return "no convergence";
        case FailureKind::engine_exit: return "engine exited";
        case FailureKind::timeout: return "timeout";
        case FailureKind::no_analysis: return "no analysis card";
        case FailureKind::other: return "run failed";
    }
    return "run failed";
}

std::string format_what(const std::string& summary_text, const std::vector<std::string>& details) {
    std::string result = "ngspice: " + summary_text;
    for (std::size_t i = 0; i < details.size(); ++i) {
        // ngspice often ends a line with ':' and continues on the next
        // ("Error on line 4 or its substitute:" / the offending line).
        result += i == 0 ? ": " : details[i - 1].ends_with(':') ? " " : "; ";
        result += details[i];
    }
    return result;
}

std::optional<Failure> classify_load(const std::vector<LogLine>& lines, bool circ_failed, bool exit_requested) {
    const bool bad_line = std::any_of(lines.begin(), lines.end(), is_load_error);
    if (bad_line || circ_failed) {
        auto details = pick_details(lines, {}, max_load_details);
        if (details.empty()) {
            details.emplace_back("ngSpice_Circ failed without a message");
        }
        return Failure{FailureKind::parse, format_what(summary(FailureKind::parse), details)};
    }
    if (exit_requested) {
        return Failure{FailureKind::engine_exit,
                       format_what(summary(FailureKind::engine_exit), pick_details(lines, {}, max_load_details))};
    }
    return std::nullopt;
}

std::optional<Failure> classify_run(const std::vector<LogLine>& lines) {
    const LoweredLog log(lines);
    if (log.has({"circuit not parsed", "aren't any circuits loaded"})) {
        return Failure{FailureKind::parse,
                       format_what(summary(FailureKind::parse), pick_details(lines, {}, max_run_details))};
    }
    const bool any_error = std::any_of(lines.begin(), lines.end(), [](const LogLine& line) {
        return line.stream == LogLine::Stream::err && lower(trim(line.text)).starts_with("error");
    });
    const bool failed = any_error || log.has({"simulation(s) aborted", "doanalyses:"});
    if (!failed) {
        // ngspice 46 falls back to a "transient op" when Newton, gmin and
        // source stepping all fail. With a singular matrix (a node with no DC
        // path) that fallback "succeeds" with voltages that depend on how
        // the ramp charged the capacitors, not on the DC circuit, so it is
        // reported as the singular matrix it is.
        if (log.has({"singular matrix"}) && log.has({"transient op started"})) {
            auto details = pick_details(lines, {"singular matrix"}, max_run_details);
            return Failure{
                FailureKind::singular_matrix,
                format_what("singular matrix (operating point found only by the transient-op fallback)", details)};
        }
        return std::nullopt;
    }

    FailureKind kind = FailureKind::other;
    Phrases keys;
    if (log.has({"singular matrix"})) {
        kind = FailureKind::singular_matrix;
        keys = {"singular matrix", "doanalyses"};
    } else if (log.has({"operating point could not be simulated", "dc solution failed", "transient op failed",
                        "iteration limit", "finding the operating point"})) {
        kind = FailureKind::no_convergence;
        keys = {"operating point", "doanalyses", "iteration limit"};
    } else if (log.has({"timestep too small"})) {
        kind = FailureKind::timestep_too_small;
        keys = {"timestep too small"};
    } else if (log.has({"stepping failed", "simulation(s) aborted"})) {
        kind = FailureKind::no_convergence;
        keys = {"doanalyses", "stepping failed"};
    }
    return Failure{kind, format_what(summary(kind), pick_details(lines, keys, max_run_details))};
}

}  // namespace memcosim::spice::detail
