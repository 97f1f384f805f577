// FailureKind names and SpiceError (declared in engine.hpp).
#include "spice/engine.hpp"

#include <utility>

namespace memcosim::spice {

const char* to_string(FailureKind kind) {
    switch (kind) {
        case FailureKind::parse: return "parse";
        case FailureKind::singular_matrix: return "singular_matrix";
        case FailureKind::timestep_too_small: return "timestep_too_small";
        case FailureKind::no_convergence: return "no_convergence";
        case FailureKind::engine_exit: return "engine_exit";
        case FailureKind::timeout: return "timeout";
        case FailureKind::no_analysis: return "no_analysis";
        case FailureKind::other: return "other";
    }
    return "other";
}

SpiceError::SpiceError(FailureKind kind, const std::string& message, std::vector<std::string> log)
    : EngineError(message), kind_(kind), log_(std::move(log)) {}

}  // namespace memcosim::spice
