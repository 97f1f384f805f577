#pragma once
// Runs a callable when the scope ends, however it ends: each run's cleanup
// (`destroy all`, `remcirc`) must happen on error paths too, or ngspice's
// memory grows with every failed job. Internal to lib/spice.
#include <utility>

namespace memcosim::spice::detail {

template <class F>
class ScopeExit {
public:
    explicit ScopeExit(F action) : action_(std::move(action)) {}
    ~ScopeExit() { action_(); }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F action_;
};

}  // namespace memcosim::spice::detail
