#pragma once
// What a core assignment costs in communication, per inference (every neuron
// fires or produces its activation once):
//  - spike routes: (source neuron, core) pairs where the core listens to a
//    source computed on another core: one multicast delivery each, the
//    inter-core spike traffic;
//  - input routes: the same for sources fed from outside (input layer);
//  - cut synapses: synapses whose source is computed on another core than
//    the one holding them;
//  - partial-sum transfers: slices of a neuron computed away from its home
//    core (the core of its first slice), whose partial sums must travel there.
// Plus how full the cores are.
#include "partition/core_partitioner.hpp"

namespace memcosim::partition {

struct TrafficReport {
    std::size_t cores = 0, units = 0;
    std::size_t spike_routes = 0, input_routes = 0, cut_synapses = 0, partial_sum_transfers = 0;
    double row_fill = 0.0;  // rows used / rows available, over all cores
    double column_fill = 0.0;
};

[[nodiscard]] TrafficReport measure_traffic(const SynapseNetwork& network, const std::vector<CrossbarUnit>& units,
                                            const CoreAssignment& assignment);

}  // namespace memcosim::partition
