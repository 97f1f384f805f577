#include "partition/crossbar_units.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <map>

namespace memcosim::partition {

std::vector<CrossbarUnit> split_into_units(const SynapseNetwork& network, Eigen::Index core_rows) {
    if (core_rows < 1) throw InputError("a core needs at least one row");
    // Incoming synapses per neuron, summed per source and ordered by source.
    std::vector<std::map<std::size_t, double>> incoming(network.neurons);
    for (const Synapse& s : network.synapses) incoming[s.target][s.source] += s.weight;
    std::vector<CrossbarUnit> units;
    const auto rows = static_cast<std::size_t>(core_rows);
    for (std::size_t n = 0; n < network.neurons; ++n) {
        std::size_t index = 0;
        for (const auto& [source, weight] : incoming[n]) {
            if (index % rows == 0) units.push_back({n, static_cast<int>(index / rows), {}, {}});
            units.back().sources.push_back(source);
            units.back().weights.push_back(weight);
            ++index;
        }
    }
    return units;
}

}  // namespace memcosim::partition
