#include "spice/engine.hpp"

memcosim::spice::Engine& shared_engine() {
    static memcosim::spice::Engine engine;  // one ngspice per process
    return engine;
}
