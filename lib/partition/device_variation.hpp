#pragma once
// Device-to-device variation and stuck-at faults, drawn reproducibly.
//
// Variation multiplies each programmed conductance g:
//   gaussian:S   g (1 + S z)      S relative standard deviation; a draw below
//                                 1e-3 g (negative conductance is unphysical,
//                                 a > 3-sigma event for S <= 0.3) is clipped there
//   lognormal:S  g exp(S z)       S standard deviation of ln g; the median
//                                 stays at the programmed value
// with z standard normal. Faults then replace a device, independently with
// probability stuck_on by g_on (stuck at LRS) or stuck_off by g_off (stuck
// at HRS); a stuck device does not vary.
//
// Draws come from our own Box-Muller on mt19937_64 (std::normal_distribution
// differs between standard libraries), one stream per tile and array, seeded
// from (seed, tile, array): a tile's devices do not depend on the order in
// which tiles are simulated nor on the other tile shapes compared.
#include "core/crossbar_array.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace memcosim::partition {

enum class VariationKind { none, gaussian, lognormal };

struct DeviceVariation {
    VariationKind kind = VariationKind::none;
    double sigma = 0.0;
};

struct StuckFaults {
    double stuck_on = 0.0;   // probability per device
    double stuck_off = 0.0;
};

struct DeviceNonidealities {
    DeviceVariation variation;
    StuckFaults faults;
};

// "none", "gaussian:0.05", "lognormal:0.1".
[[nodiscard]] DeviceVariation parse_variation(const std::string& text, const std::string& flag);
// "ON:OFF" rates, e.g. "0.001:0.01".
[[nodiscard]] StuckFaults parse_faults(const std::string& text, const std::string& flag);
[[nodiscard]] std::string to_string(const DeviceVariation& variation);

// Portable uniform and normal draws.
class DeviceRandom {
public:
    explicit DeviceRandom(std::uint64_t seed) : generator_(seed) {}
    [[nodiscard]] double uniform();  // [0, 1)
    [[nodiscard]] double normal();   // standard normal (Box-Muller)

private:
    std::mt19937_64 generator_;
    double spare_ = 0.0;
    bool has_spare_ = false;
};

// A well-mixed seed for stream (a, b) of `seed` (splitmix64 steps).
[[nodiscard]] std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

// Applies variation, then faults, to every device of `conductance`.
void apply_nonidealities(RowMajorMatrix& conductance, const DeviceNonidealities& devices, double g_on, double g_off,
                         DeviceRandom& random);

}  // namespace memcosim::partition
