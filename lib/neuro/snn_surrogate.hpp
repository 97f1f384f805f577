#pragma once
// The spiking network of neuro/snn_network.hpp, event-driven in C++: exact
// LIF neurons (neuro/lif_model.hpp) between events, each pre spike's
// positive part a rectangular current pulse gain * iv_ratio * a_plus * G,
// and plasticity from the calibrated STDP window: when neuron j fires at t,
// every synapse (i, j) whose input last fired at t_pre < t moves by
// window(t - t_pre); when input i fires at t, every synapse (i, j) whose
// neuron last fired at t_post < t moves by window(t_post - t). Pairs outside
// the window's reach change nothing, as in the device.
#include "neuro/snn_network.hpp"
#include "surrogate/stdp_window.hpp"

namespace memcosim::neuro {

[[nodiscard]] SnnResult run_snn_surrogate(const SnnNetwork& network, const surrogate::StdpWindow& window);

}  // namespace memcosim::neuro
