#pragma once
// Settling delay of a waveform: how long after `reference` (the start of the
// input edge) a signal comes within a band around its final value and stays
// there. The final value is the last sample; the band is `fraction` of the
// largest excursion from it, max |v(t) - v_final|: for a step from 0 that is
// 1% of the final value, and for a pulse that has ended (final value near 0)
// 1% of its height. The exit from the band is located by linear
// interpolation between the samples around it, so the result does not jump
// by whole steps.
#include <vector>

namespace memcosim::solver {

// times ascending, one value per time, at least one sample. Returns
// max(0, t_settle - reference); 0 for a flat waveform (excursion below 1e-9
// of its magnitude: a DC operating point).
[[nodiscard]] double settling_delay(const std::vector<double>& times, const std::vector<double>& values,
                                    double reference, double fraction = 0.01);

}  // namespace memcosim::solver
