#pragma once
// The worker side of the SPICE data runs: one JSON request in, one JSON
// reply out, one ngspice instance per worker process (worker_pool.hpp).
//
//   {"kind": "irdrop", "case": {...}}  -> {"ok": true, "currents": [...], "seconds": s}
//   {"kind": "irdrop_1t1r", ...}     -> the same for 1T1R cells (irdrop_cell_cases.hpp)
//   {"kind": "delay", ...}             -> see delay_calibration.hpp
//   {"kind": "sneak", "case": {...}}   -> see sneak_netlist.hpp
// A failed run replies {"ok": false, "error": "<ngspice's message>"}.
#include <nlohmann/json.hpp>

namespace memcosim::calibrate {

[[nodiscard]] nlohmann::json run_spice_job(const nlohmann::json& request);

}  // namespace memcosim::calibrate
