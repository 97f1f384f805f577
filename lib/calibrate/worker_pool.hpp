#pragma once
// Independent jobs in separate worker processes, several at a time: ngspice
// keeps its state in globals (one instance per process, DESIGN.md), so
// parallel SPICE runs need processes, not threads. Each job spawns
// `program arguments...`, writes one JSON request to its standard input,
// reads one JSON reply from its standard output and waits for it to exit.
// The worker's standard error is the parent's (its own messages pass through).
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace memcosim::calibrate {

struct WorkerCommand {
    std::string program;                 // e.g. /proc/self/exe
    std::vector<std::string> arguments;  // e.g. {"calibrate-worker"}
};

// Called after each finished job with (finished, total, reply); from the
// pool's threads, one call at a time.
using WorkerProgress = std::function<void(std::size_t, std::size_t, const nlohmann::json&)>;

// Replies in request order. A worker that fails to start, exits non-zero or
// writes no valid JSON gives {"ok": false, "error": "..."} for its job; the
// other jobs go on. `parallel` <= 0 means one per CPU core.
[[nodiscard]] std::vector<nlohmann::json> run_in_workers(const WorkerCommand& command,
                                                         const std::vector<nlohmann::json>& requests, int parallel,
                                                         const WorkerProgress& progress = {});

// The path of the running program (Linux: /proc/self/exe resolved).
[[nodiscard]] std::string current_executable();

}  // namespace memcosim::calibrate
