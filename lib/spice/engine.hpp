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
//
// What ngspice 46 does, as found (see tests/spice for each case):
// - All its output reaches the SendChar callback and is kept in the run's
//   log; nothing is printed to the terminal.
// - ngSpice_Init reads the system spinit (loads the XSPICE code models) and
//   a user's .spiceinit from the working directory or the home directory of
//   the passwd entry. ngSpice_nospinit / ngSpice_nospiceinit crash when
//   called before ngSpice_Init in ngspice 46 (and the Linux build ignores
//   no_spiceinit anyway), so a user's .spiceinit does apply to runs.
// - ngspice calls its exit callback for some netlist errors (undefined
//   parameter, missing .include file, B-source expression syntax). Those
//   are reported as FailureKind::parse; the library is reloaded either way.
// - When Newton, gmin and source stepping fail, ngspice falls back to a
//   "transient op". After a singular matrix (a node with no DC path) that
//   fallback can "succeed" with arbitrary voltages; it is reported as
//   FailureKind::singular_matrix.
// - With several analysis cards the result is the last analysis's plot.
#include "core/error.hpp"

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
class SpiceError : public memcosim::EngineError {
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
    std::string name;             // as ngspice names it, e.g. "out", "x1.n2", "vsense0#branch"
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

    // Throws std::out_of_range naming the vector if absent; lookup is case-insensitive,
    // and "v(out)" finds "out", "i(v1)" finds "v1#branch".
    [[nodiscard]] const Vector& vector(const std::string& name) const;
    [[nodiscard]] bool has_vector(const std::string& name) const;
};

struct RunOptions {
    // Wall time for load + run; past it the run is halted (bg_halt) and
    // SpiceError(timeout) thrown. The engine stays usable.
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
    // always leaving the engine clean for the next run. One run at a time
    // (concurrent calls wait for each other).
    [[nodiscard]] RunResult run(const std::vector<std::string>& netlist_lines, const RunOptions& options = {});

    // ngspice's version string, e.g. "46".
    [[nodiscard]] std::string version();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace memcosim::spice
