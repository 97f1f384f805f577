#pragma once
// Fitting the STDP window surrogate (surrogate/stdp_window.hpp) to measured
// pairs (dt, G before, dG). Each half of the window is fitted on its own:
// the shape parameters (tau, cutoff, power, rise) by Nelder-Mead on the
// squared error, and for each trial shape the conductance dependence P(g)
// by linear least squares (variable projection), so the search is over four
// numbers only. Deterministic: fixed starting simplices, no random numbers.
#include "surrogate/stdp_window.hpp"

#include <vector>

namespace memcosim::surrogate {

struct StdpSample {
    double dt = 0.0, g = 0.0, delta_g = 0.0;  // s, S, S
};

struct StdpFitGuess {
    double tau_plus = 0.0, tau_minus = 0.0;    // s: the spikes' tail time constants
    double rise_plus = 0.0, rise_minus = 0.0;  // s: the positive parts' lengths
};

struct StdpFitOptions {
    int bound_degree = 3;  // degree of P(g)
    int iterations = 2000;  // Nelder-Mead iterations per start
};

// Throws InputError if a side has too few non-zero samples to fit.
[[nodiscard]] StdpWindow fit_stdp_window(const std::vector<StdpSample>& samples, double g_min, double g_max,
                                         const StdpFitGuess& guess, const StdpFitOptions& options = {});

}  // namespace memcosim::surrogate
