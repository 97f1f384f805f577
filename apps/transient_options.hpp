#pragma once
// The transient flags of `gen`, `sim`, `solve` and `compare` (--tran,
// --pulse, --delays) and what each command does with them, so the command
// files only register the flags and hand over.
//
// Outputs: a CSV "time,I0,I1,..." on the grid k*STEP (and STOP), where I<j>
// is the current into column j's sense node in amperes (the `col,current`
// sign), one row per output time; and per column the settling delay: the
// time from the start of the row pulses until the column current comes
// within 1% of its final value (its value at STOP) and stays there, the band
// being 1% of the current's largest excursion from that value (for a step
// from 0: 1% of the final value; for a pulse that has ended: 1% of its
// height); on stderr and with --delays in a CSV "col,delay".
#include "core/crossbar_array.hpp"
#include "experiments/cell_crossbar.hpp"
#include "experiments/crossbar_transient_run.hpp"
#include "netlist/circuit.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace memcosim::cli {

struct TransientOptions {
    std::string tran;    // "STEP:STOP"
    std::string pulse;   // "DELAY:RISE:WIDTH[:FALL]"
    std::string delays;  // FILE.csv

    void add_tran_to(CLI::App& command);   // --tran and --delays
    void add_pulse_to(CLI::App& command);  // --pulse
    [[nodiscard]] bool active() const { return !tran.empty(); }
    // For `solve` and `compare`: true with --tran; throws InputError for
    // --pulse or --delays without --tran. (`model`, the --model value, is
    // accepted: model cells go through run_*_cell_transient.)
    [[nodiscard]] bool requested(const std::string& model) const;

    struct Span {
        double step, stop;
    };
    // Parses --tran; throws InputError for malformed text, STEP <= 0 or STOP <= STEP.
    [[nodiscard]] Span span() const;
    [[nodiscard]] std::optional<experiments::RowPulse> row_pulse() const;
};

// `gen`: row sources become pulses if --pulse was given (0 rise/fall left to ngspice's TSTEP).
void apply_pulse_option(const TransientOptions& options, netlist::Circuit& circuit, const CrossbarArray& array);

// `sim --tran` on a generated netlist: its analysis replaced by the
// transient, the declared outputs written as waveforms.
void run_sim_transient(const TransientOptions& options, const std::vector<std::string>& lines,
                       const std::optional<netlist::OutputTable>& table, const std::string& netlist_path,
                       double time_limit, const std::string& output);

// `solve crossbar --tran`.
void run_solve_transient(const TransientOptions& options, const CrossbarArray& array, const std::string& output);

// `compare crossbar --tran`: largest difference over the output grid
// relative to the largest ngspice current, and the settling delays; throws
// EngineError when the difference exceeds `tolerance`.
void run_compare_transient(const TransientOptions& options, const CrossbarArray& array, double tolerance,
                           const std::string& output);

// `solve crossbar --tran` and `compare crossbar --tran` of model cells
// (--model: their states integrate) or composite cells (--cell 1S1R, 1T1R,
// 2T2R): Newton at every time step (solver/nonlinear_transient.hpp); the
// transistor of 1T1R/2T2R is the compact model fitted in ngspice first.
// `max_newton`: Newton iterations per time step (--max-newton).
void run_solve_cell_transient(const TransientOptions& options, const experiments::CellCrossbar& cells, int max_newton,
                              const std::string& output);
void run_compare_cell_transient(const TransientOptions& options, const experiments::CellCrossbar& cells,
                                int max_newton, double tolerance, const std::string& output);

}  // namespace memcosim::cli
