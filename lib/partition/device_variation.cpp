#include "partition/device_variation.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace memcosim::partition {

DeviceVariation parse_variation(const std::string& text, const std::string& flag) {
    if (text.empty() || text == "none") return {};
    const auto colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    if (colon == std::string::npos || (kind != "gaussian" && kind != "lognormal")) {
        throw InputError(fmt::format("{}: expected gaussian:SIGMA, lognormal:SIGMA or none, got '{}'", flag, text));
    }
    const double sigma = csv::parse_number(text.substr(colon + 1), flag, 1);
    if (!(sigma >= 0.0) || sigma > 1.0) {
        throw InputError(fmt::format("{}: SIGMA must lie in [0, 1], got {}", flag, sigma));
    }
    return {kind == "gaussian" ? VariationKind::gaussian : VariationKind::lognormal, sigma};
}

StuckFaults parse_faults(const std::string& text, const std::string& flag) {
    if (text.empty()) return {};
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
        throw InputError(fmt::format("{}: expected STUCK_ON:STUCK_OFF rates such as 0.001:0.01, got '{}'", flag, text));
    }
    const StuckFaults faults{csv::parse_number(text.substr(0, colon), flag, 1),
                             csv::parse_number(text.substr(colon + 1), flag, 1)};
    if (!(faults.stuck_on >= 0.0) || !(faults.stuck_off >= 0.0) || faults.stuck_on + faults.stuck_off > 1.0) {
        throw InputError(fmt::format("{}: rates must be >= 0 and add up to at most 1, got '{}'", flag, text));
    }
    return faults;
}

std::string to_string(const DeviceVariation& variation) {
    switch (variation.kind) {
        case VariationKind::none: return "none";
        case VariationKind::gaussian: return fmt::format("gaussian:{}", variation.sigma);
        case VariationKind::lognormal: return fmt::format("lognormal:{}", variation.sigma);
    }
    return "none";
}

double DeviceRandom::uniform() { return static_cast<double>(generator_() >> 11) * 0x1.0p-53; }

double DeviceRandom::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    const double angle = 2.0 * std::numbers::pi * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
}

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    auto mix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    return mix(mix(mix(seed) ^ a) ^ b);
}

namespace {

double varied(double g, const DeviceVariation& variation, DeviceRandom& random) {
    switch (variation.kind) {
        case VariationKind::none: return g;
        case VariationKind::gaussian: return g * std::max(1.0 + variation.sigma * random.normal(), 1e-3);
        case VariationKind::lognormal: return g * std::exp(variation.sigma * random.normal());
    }
    return g;
}

}  // namespace

void apply_nonidealities(RowMajorMatrix& conductance, const DeviceNonidealities& devices, double g_on, double g_off,
                         DeviceRandom& random) {
    const bool faults = devices.faults.stuck_on > 0.0 || devices.faults.stuck_off > 0.0;
    for (Eigen::Index k = 0; k < conductance.size(); ++k) {
        double& g = conductance.data()[k];
        g = varied(g, devices.variation, random);
        if (!faults) continue;
        const double draw = random.uniform();
        if (draw < devices.faults.stuck_on) {
            g = g_on;
        } else if (draw < devices.faults.stuck_on + devices.faults.stuck_off) {
            g = g_off;
        }
    }
}

}  // namespace memcosim::partition
