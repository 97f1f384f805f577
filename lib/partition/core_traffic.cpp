#include "partition/core_traffic.hpp"

namespace memcosim::partition {

TrafficReport measure_traffic(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units,
                              const CoreAssignment& assignment) {
    constexpr std::size_t external = static_cast<std::size_t>(-1);
    std::vector<std::size_t> home(network.neurons, external);
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (units[u].slice == 0) home[units[u].neuron] = assignment.core_of_unit[u];
    }
    TrafficReport report;
    report.cores = assignment.cores();
    report.units = units.size();
    std::size_t rows_used = 0;
    for (std::size_t c = 0; c < assignment.cores(); ++c) {
        rows_used += assignment.rows[c].size();
        for (std::size_t s : assignment.rows[c]) {
            if (home[s] == external) {
                ++report.input_routes;
            } else if (home[s] != c) {
                ++report.spike_routes;
            }
        }
    }
    for (std::size_t u = 0; u < units.size(); ++u) {
        const std::size_t core = assignment.core_of_unit[u];
        for (std::size_t s : units[u].sources) report.cut_synapses += home[s] != external && home[s] != core;
        report.partial_sum_transfers += home[units[u].neuron] != core;
    }
    if (report.cores > 0) {
        const auto cores = static_cast<double>(report.cores);
        report.row_fill = static_cast<double>(rows_used) / (cores * static_cast<double>(assignment.core.rows));
        report.column_fill = static_cast<double>(units.size()) / (cores * static_cast<double>(assignment.core.cols));
    }
    return report;
}

}  // namespace memcosim::partition
