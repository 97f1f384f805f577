#pragma once
// One Engine per process (ngspice's state is global), so every test case of
// this executable uses the same one.
#include <string>
#include <vector>

#include "spice/engine.hpp"

namespace memcosim::spice::test {

inline Engine& shared_engine() {
    static Engine engine;
    return engine;
}

// V1 = 3.3 V across R1 = 4.7k and R2 = 10k in series, .op.
inline std::vector<std::string> divider_netlist() {
    return {"divider", "V1 in 0 3.3", "R1 in out 4.7k", "R2 out 0 10k", ".options klu", ".op", ".end"};
}
inline constexpr double divider_v = 3.3, divider_r1 = 4.7e3, divider_r2 = 10e3;

}  // namespace memcosim::spice::test
