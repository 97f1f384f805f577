#pragma once
// ngspice embedded as a shared library (sharedspice.h).
//
// ngspice keeps its state in globals, so a process holds at most one Engine
// (constructing a second throws). The library is opened with dlopen: if
// ngspice calls its exit callback (it does on some fatal errors) the library
// is closed and opened again on the next run, so one bad job does not end
// the process.
//
// Each run: load the circuit from memory (ngSpice_Circ, no temporary files),
// run it in ngspice's background thread with a time limit (bg_run, bg_halt on
// timeout), read every vector of the resulting plot, then `destroy all` and
// `remcirc` so memory stays flat across thousands of runs.
#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace memcosim::spice {

enum class FailureKind {
    parse,             // ngspice rejected the netlist
    singular_matrix,   // singular matrix / no DC path
    timestep_too_small,
    no_convergence,    // gmin/source stepping failed, iteration limit
    engine_exit,       // ngspice called its exit callback
    timeout,           // halted after the time limit
    no_analysis,       // netlist has nothing to run
    other,
};

[[nodiscard]] const char* to_string(FailureKind kind);

// A failed run. what() is a one-line summary plus ngspice's own error lines.
class SpiceError : public std::runtime_error {
public:
    SpiceError(FailureKind kind, const std::string& message, std::vector<std::string> log);
    [[nodiscard]] FailureKind kind() const { return kind_; }
    // Everything ngspice printed during the failed run.
    [[nodiscard]] const std::vector<std::string>& log() const { return log_; }

private:
    FailureKind kind_;
    std::vector<std::string> log_;
};

struct Vector {
    std::string name;             // as ngspice names it, e.g. "v(out)", "vsense0#branch"
    std::vector<double> real;     // real part (or magnitude source for complex)
    std::vector<double> imag;     // empty for real vectors
    [[nodiscard]] bool is_complex() const { return !imag.empty(); }
};

struct RunResult {
    std::string plot_name;                   // e.g. "op1", "tran1"
    std::string plot_type;                   // e.g. "op", "tran" (plot name without digits)
    std::vector<Vector> vectors;             // in ngspice's order
    std::vector<std::string> log;            // ngspice's output lines during the run
    double seconds = 0.0;                    // wall time of load + run

    // Throws std::out_of_range naming the vector if absent; lookup is case-insensitive.
    [[nodiscard]] const Vector& vector(const std::string& name) const;
    [[nodiscard]] bool has_vector(const std::string& name) const;
};

struct RunOptions {
    std::chrono::milliseconds time_limit{std::chrono::minutes(10)};
};

class Engine {
public:
    Engine();  // opens libngspice; throws EngineError if it cannot be loaded or a second Engine exists
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Runs a complete netlist: first line is the title, analysis card(s)
    // inside, ".end" last (added if missing). Throws SpiceError on failure,
    // always leaving the engine clean for the next run.
    [[nodiscard]] RunResult run(const std::vector<std::string>& netlist_lines, const RunOptions& options = {});

    // ngspice's version string, e.g. "46".
    [[nodiscard]] std::string version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace memcosim::spice
