#include "partition/core_partitioner.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>
#include <numeric>
#include <unordered_map>

namespace memcosim::partition {

PartitionMethod parse_partition_method(const std::string& text, const std::string& flag) {
    if (text == "greedy") return PartitionMethod::greedy;
    if (text == "sequential") return PartitionMethod::sequential;
    throw InputError(fmt::format("{}: expected 'greedy' or 'sequential', got '{}'", flag, text));
}

const char* to_string(PartitionMethod method) { return method == PartitionMethod::greedy ? "greedy" : "sequential"; }

namespace {

// The core being filled: which sources it has on its rows, and its units.
class OpenCore {
public:
    OpenCore(std::size_t neurons, TileShape shape) : on_rows_(neurons, 0), shape_(shape) {}

    [[nodiscard]] std::size_t shared_rows(const CrossbarUnit& unit) const {
        std::size_t shared = 0;
        for (std::size_t s : unit.sources) shared += on_rows_[s];
        return shared;
    }
    [[nodiscard]] bool fits(const CrossbarUnit& unit, std::size_t shared) const {
        const auto free_rows = static_cast<std::size_t>(shape_.rows) - rows_.size();
        return units_.size() < static_cast<std::size_t>(shape_.cols) && unit.sources.size() - shared <= free_rows;
    }
    [[nodiscard]] bool full() const { return units_.size() == static_cast<std::size_t>(shape_.cols); }
    [[nodiscard]] bool empty() const { return units_.empty(); }
    [[nodiscard]] bool on_rows(std::size_t source) const { return on_rows_[source] != 0; }

    // Adds the unit; returns the sources that took new rows.
    std::vector<std::size_t> add(std::size_t index, const CrossbarUnit& unit) {
        std::vector<std::size_t> fresh;
        for (std::size_t s : unit.sources) {
            if (on_rows_[s]) continue;
            on_rows_[s] = 1;
            rows_.push_back(s);
            fresh.push_back(s);
        }
        units_.push_back(index);
        return fresh;
    }

    // Moves the core into the assignment and starts an empty one.
    void close(CoreAssignment& assignment) {
        if (units_.empty()) return;
        for (std::size_t u : units_) assignment.core_of_unit[u] = assignment.units.size();
        for (std::size_t s : rows_) on_rows_[s] = 0;
        std::sort(rows_.begin(), rows_.end());
        assignment.units.push_back(std::move(units_));
        assignment.rows.push_back(std::move(rows_));
        units_.clear();
        rows_.clear();
    }

private:
    std::vector<char> on_rows_;
    std::vector<std::size_t> rows_, units_;
    TileShape shape_;
};

CoreAssignment empty_assignment(std::size_t units, TileShape core) {
    CoreAssignment assignment;
    assignment.core = core;
    assignment.core_of_unit.assign(units, 0);
    return assignment;
}

CoreAssignment assign_sequential(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units, TileShape core) {
    std::vector<std::size_t> order(units.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return units[a].slice < units[b].slice; });
    CoreAssignment assignment = empty_assignment(units.size(), core);
    OpenCore open(network.neurons, core);
    for (std::size_t u : order) {
        if (!open.fits(units[u], open.shared_rows(units[u]))) open.close(assignment);
        open.add(u, units[u]);
    }
    open.close(assignment);
    return assignment;
}

// Seed order: units of the largest strongly connected components first,
// then by neuron id and slice.
std::vector<std::size_t> seed_order(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units) {
    const SynapseGraph graph = make_graph(network);
    std::vector<std::size_t> component(network.neurons);
    const auto count = boost::strong_components(
        graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph)));
    std::vector<std::size_t> size(static_cast<std::size_t>(count), 0), first(static_cast<std::size_t>(count), 0);
    for (std::size_t n = network.neurons; n-- > 0;) {
        ++size[component[n]];
        first[component[n]] = n;  // ends at the smallest id of the component
    }
    // Units are already in (neuron, slice) order; a stable sort keeps it
    // within a component, and components stay together.
    std::vector<std::size_t> order(units.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const std::size_t ca = component[units[a].neuron], cb = component[units[b].neuron];
        if (size[ca] != size[cb]) return size[ca] > size[cb];
        return first[ca] < first[cb];
    });
    return order;
}

}  // namespace

namespace {

// Scores of the unplaced units connected to the open core.
struct Candidate {
    std::size_t shared = 0;  // its sources already on the core's rows
    std::size_t links = 0;   // synapses between its neuron and the core's neurons
};

class GreedyPacker {
public:
    GreedyPacker(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units, TileShape core)
        : units_(units), open_(network.neurons, core), placed_(units.size(), 0), order_(seed_order(network, units)),
          rank_(units.size()), by_source_(network.neurons), of_neuron_(network.neurons),
          assignment_(empty_assignment(units.size(), core)) {
        for (std::size_t r = 0; r < order_.size(); ++r) rank_[order_[r]] = r;
        for (std::size_t u = 0; u < units.size(); ++u) {
            for (std::size_t s : units[u].sources) by_source_[s].push_back(u);
            of_neuron_[units[u].neuron].push_back(u);
        }
    }

    CoreAssignment run() {
        for (std::size_t next = first_unplaced(0); next < order_.size(); next = first_unplaced(next)) {
            place(order_[next]);
            while (!open_.full()) {
                const std::size_t best = best_candidate();
                if (best == none) break;
                place(best);
            }
            open_.close(assignment_);
            candidates_.clear();
        }
        return std::move(assignment_);
    }

private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    std::size_t first_unplaced(std::size_t from) const {
        while (from < order_.size() && placed_[order_[from]]) ++from;
        return from;
    }

    // Highest score that fits; else the first unit in seed order that fits.
    std::size_t best_candidate() const {
        std::size_t best = none, best_score = 0;
        for (const auto& [u, c] : candidates_) {
            if (!open_.fits(units_[u], c.shared)) continue;
            const std::size_t score = c.shared + c.links;
            if (best == none || score > best_score || (score == best_score && rank_[u] < rank_[best])) {
                best = u;
                best_score = score;
            }
        }
        if (best != none) return best;
        for (std::size_t r = first_unplaced(0); r < order_.size(); ++r) {
            const std::size_t u = order_[r];
            if (!placed_[u] && open_.fits(units_[u], open_.shared_rows(units_[u]))) return u;
        }
        return none;
    }

    void place(std::size_t u) {
        placed_[u] = 1;
        candidates_.erase(u);
        for (std::size_t s : open_.add(u, units_[u])) {
            for (std::size_t v : by_source_[s]) bump(v, &Candidate::shared);
        }
        // Links both ways: u listens to its sources' units, and units that
        // listen to u's neuron.
        for (std::size_t s : units_[u].sources) {
            for (std::size_t v : of_neuron_[s]) bump(v, &Candidate::links);
        }
        for (std::size_t v : by_source_[units_[u].neuron]) bump(v, &Candidate::links);
    }

    void bump(std::size_t v, std::size_t Candidate::*field) {
        if (!placed_[v]) ++(candidates_[v].*field);
    }

    const std::vector<CrossbarUnit>& units_;
    OpenCore open_;
    std::vector<char> placed_;
    std::vector<std::size_t> order_, rank_;
    std::vector<std::vector<std::size_t>> by_source_, of_neuron_;
    std::unordered_map<std::size_t, Candidate> candidates_;
    CoreAssignment assignment_;
};

}  // namespace

CoreAssignment assign_cores(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units, TileShape core,
                            PartitionMethod method) {
    if (core.rows < 1 || core.cols < 1) throw InputError("--core must be at least 1x1");
    for (const CrossbarUnit& unit : units) {
        if (unit.sources.size() > static_cast<std::size_t>(core.rows)) {
            throw InputError(fmt::format("neuron {} has a slice of {} inputs, more than the {} rows of a core",
                                         unit.neuron, unit.sources.size(), core.rows));
        }
    }
    if (method == PartitionMethod::sequential) return assign_sequential(network, units, core);
    return GreedyPacker(network, units, core).run();
}

}  // namespace memcosim::partition
