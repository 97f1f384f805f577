#pragma once
// Weights -> conductances for one tile, and the column currents back to
// weights (the digital side after the ADCs).
//
// Devices span g_off (HRS) .. g_on (LRS). Each tile is scaled on its own:
// w_max = max |w| over the tile maps to the full conductance swing, and the
// decoded outputs are multiplied back by the tile's scale after the ADC, so a
// tile of small weights still uses every level.
//
//  differential  two m x n arrays, G+ for the positive part of w and G- for
//                the negative part: G+ = g_off + (g_on - g_off) max(w, 0) / w_max,
//                G- likewise with -w; output = I+ - I-. A weight of 0 is
//                g_off in both, so it cancels exactly.
//  reference     one m x (n + 1) array: G = g_off + (g_on - g_off) (w + w_max) / (2 w_max),
//                and a reference column (the last, farthest from the drivers)
//                at mid-scale (g_on + g_off) / 2; output = I_j - I_ref. Half
//                the arrays of the differential scheme, half its resolution.
//
// Quantisation to N levels (levels >= 2): a device conductance is rounded to
// the nearest of g_off + k (g_on - g_off) / (N - 1), k = 0..N-1, so a decoded
// weight is off by at most w_max / (2 (N - 1)) (differential: one of the two
// devices always sits exactly on g_off) or w_max / (N - 1) (reference, which
// spends the levels on [-w_max, w_max]). The reference column is programmed
// once to mid-scale with write-verify and is not rounded: for even N the mid
// point lies between two levels. levels = 0 means continuous conductances.
#include "core/crossbar_array.hpp"

#include <string>
#include <vector>

namespace memcosim::partition {

enum class MappingScheme { differential, reference };

[[nodiscard]] MappingScheme parse_mapping_scheme(const std::string& text, const std::string& flag);
[[nodiscard]] const char* to_string(MappingScheme scheme);

struct MappingOptions {
    MappingScheme scheme = MappingScheme::differential;
    double g_on = 1e-3;   // LRS conductance, siemens
    double g_off = 1e-6;  // HRS conductance, siemens
    int levels = 0;       // conductance levels per device; 0: continuous

    // Throws InputError naming the flag (--g-on, --g-off, --levels).
    void validate() const;
    // Physical columns of an array holding `weight_cols` weight columns.
    [[nodiscard]] Eigen::Index physical_cols(Eigen::Index weight_cols) const;
    // Arrays per tile: 2 for differential pairs, 1 with a reference column.
    [[nodiscard]] int arrays_per_tile() const;
};

// One tile's devices as programmed (before variation and faults).
struct MappedBlock {
    MappingScheme scheme = MappingScheme::differential;
    std::vector<RowMajorMatrix> arrays;  // differential: {G+, G-}; reference: {G with the reference column last}
    Eigen::Index weight_cols = 0;
    double weights_per_siemens = 0.0;    // decoded weight = this * (conductance difference); 0 for an all-zero tile
};

// Nearest of the N levels (or g itself for continuous mapping).
[[nodiscard]] double quantise_conductance(double g, const MappingOptions& options);

[[nodiscard]] MappedBlock map_block(const RowMajorMatrix& weights, const MappingOptions& options);

// Column currents of each array (physical columns x K, same order as
// MappedBlock::arrays) -> decoded outputs, weight_cols x K, in weight units
// times volts.
[[nodiscard]] Eigen::MatrixXd decode_outputs(const MappedBlock& block, const std::vector<Eigen::MatrixXd>& currents);

// The weights the devices hold, read with ideal wires: decode of G^T e_i.
[[nodiscard]] RowMajorMatrix decoded_weights(const MappedBlock& block);

}  // namespace memcosim::partition
