#pragma once
// The random crossbar reads an IR-drop calibration is built from. Each case
// is a few numbers (size, wires, conductance range, seed) from which the
// array is regenerated bit for bit, so a SPICE worker process receives the
// case, not the matrix, and a calibration file can name its data exactly.
#include "core/crossbar_array.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>

namespace memcosim::calibrate {

struct IrDropCase {
    std::uint64_t seed = 0;  // of the conductances and inputs
    Eigen::Index rows = 0, cols = 0;
    double r_row = 0.0, r_col = 0.0;  // ohm per segment
    double g_lo = 0.0, g_hi = 0.0;    // cells uniform in [g_lo, g_hi] siemens
    double v_lo = 0.05, v_hi = 0.2;   // rows uniform in [v_lo, v_hi] volts
};

// A portable uniform draw in [lo, hi): the standard distributions differ
// between library versions, seeds must reproduce arrays everywhere.
[[nodiscard]] double uniform_draw(std::mt19937_64& generator, double lo, double hi);

[[nodiscard]] CrossbarArray make_array(const IrDropCase& c);

[[nodiscard]] nlohmann::json to_json(const IrDropCase& c);
[[nodiscard]] IrDropCase irdrop_case_from_json(const nlohmann::json& j);

}  // namespace memcosim::calibrate
