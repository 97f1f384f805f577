#pragma once
// The spiking network of neuro/snn_network.hpp as one ngspice netlist:
//   inputs     vin<i>: PWL of input i's spike train on top electrode pre<i>
//   synapses   device xs<i>_<j> (dynamic subcircuit) from m<i>_<j> (p) to
//              pre<i> (n); a 0 V source vs<i>_<j> from column col<j> to
//              m<i>_<j> measures its current
//   neurons    the LIF element (neuro/lif_netlist.hpp) n<j> with membrane
//              mem<j>; a B source injects gain * sum_i max(-i(vs<i>_<j>), 0)
//              (the rectifying virtual-ground input)
//   post spike the neuron's spike output starts a clock age<j> (seconds
//              since the spike, 1 V per refractory period); a B source
//              drives col<j> with the bipolar post shape of that age while
//              the spike output is high, 0 V otherwise
// The LIF element needs .tran ... uic; the devices' initial states are given
// as .ic lines (with uic the operating point that normally sets them is skipped).
#include "neuro/snn_network.hpp"
#include "spice/engine.hpp"

#include <string>
#include <vector>

namespace memcosim::neuro {

struct SnnSpiceBench {
    std::vector<std::string> lines;  // the netlist, .ic lines included
    std::vector<std::string> state_vectors;  // row-major inputs x neurons
    double max_step = 0.0;
};

[[nodiscard]] SnnSpiceBench snn_spice_bench(const SnnNetwork& network);
[[nodiscard]] SnnResult run_snn_spice(const SnnNetwork& network, spice::Engine& engine);

// Upward crossings of `level` by a sampled signal, linearly interpolated.
[[nodiscard]] std::vector<double> rising_crossings(const std::vector<double>& time, const std::vector<double>& value,
                                                   double level);

}  // namespace memcosim::neuro
