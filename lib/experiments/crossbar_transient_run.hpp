#pragma once
// The transient of a 1R crossbar read in both engines, on the same circuit
// and with the same method, so their column-current waveforms can be
// compared point by point:
//  - ngspice: the generator's netlist (with its cr/cc wire capacitors), every
//    row source a PULSE from 0 V to its input V_i, `.tran STEP STOP 0 STEP`
//    (STEP is also the largest step ngspice may take) and
//    `.options method=trap`; ngspice sets breakpoints at the pulse corners
//    itself. Its own time points are interpolated linearly onto the output
//    grid k*STEP.
//  - solver: solver/crossbar_transient.hpp, trapezoidal on fixed steps STEP
//    plus the pulse corners, starting (like ngspice) from the operating point
//    at t = 0.
// Outputs are named I<j>: the current into column j's sense node, amperes,
// positive into the sense node (the sign of `col,current`).
#include "core/crossbar_array.hpp"
#include "netlist/circuit.hpp"
#include "solver/crossbar_transient.hpp"
#include "spice/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memcosim::experiments {

// Every row driver a single pulse from 0 V to its input voltage V_i. A rise
// or fall of 0 means one STEP, as ngspice reads it; width must be > 0
// (ngspice reads 0 as "until the end"). The netlist's PULSE gets a period of
// 1e6 times the pulse's length: ngspice 46 reads a period of 0 as
// rise + width + fall and would repeat it.
struct RowPulse {
    double delay = 0.0, rise = 0.0, width = 0.0, fall = 0.0;
};

// "DELAY:RISE:WIDTH[:FALL]" (FALL defaults to RISE); `flag` names the option
// in errors. Throws InputError.
[[nodiscard]] RowPulse parse_row_pulse(const std::string& text, const std::string& flag);

// The pulse with 0 rise/fall replaced by `step` (pass 0 to keep them as given).
[[nodiscard]] netlist::Pulse row_pulse_waveform(const RowPulse& pulse, double amplitude, double step);

// Makes every row source of a generated crossbar circuit follow the pulse.
void apply_row_pulse(netlist::Circuit& circuit, const CrossbarArray& array, const RowPulse& pulse, double step);

// The drive of solver::simulate_crossbar_transient for the pulse (unit
// amplitude); without a pulse the rows stay at their DC inputs.
[[nodiscard]] solver::TransientDrive row_pulse_drive(const std::optional<RowPulse>& pulse, double step, double stop);

struct TransientWaveforms {
    std::vector<double> times;
    std::vector<std::string> names;  // one per output: I<j>
    RowMajorMatrix values;           // times x outputs, amperes
    double seconds = 0.0;            // run time of the engine (netlist build + run, or solve)

    [[nodiscard]] std::vector<double> output(Eigen::Index k) const;
};

// The generated netlist's lines with its analysis cards replaced by the
// transient comparison set-up (`.options method=trap`, `.tran STEP STOP 0 STEP`).
[[nodiscard]] std::vector<std::string> with_transient_analysis(const std::vector<std::string>& lines, double step,
                                                               double stop);

// Start of the row pulses of a generated netlist (the delay of the first
// `vin` source with a PULSE waveform), 0 if the rows are DC.
[[nodiscard]] double row_pulse_start(const std::vector<std::string>& lines);

// The declared outputs of a transient run, on ngspice's own time points.
[[nodiscard]] TransientWaveforms spice_transient_outputs(const spice::RunResult& result,
                                                         const netlist::OutputTable& table);

[[nodiscard]] TransientWaveforms crossbar_transient_spice(spice::Engine& engine, const CrossbarArray& array,
                                                          const std::optional<RowPulse>& pulse, double step, double stop,
                                                          const spice::RunOptions& options = {});

// Every time point of the solver (grid and pulse corners).
[[nodiscard]] TransientWaveforms crossbar_transient_solver(const CrossbarArray& array,
                                                           const std::optional<RowPulse>& pulse,
                                                           const solver::TransientSettings& settings);

// The waveforms on the output grid k*step (and stop), by linear interpolation.
[[nodiscard]] TransientWaveforms on_output_grid(const TransientWaveforms& waveforms, double step, double stop);

// Settling delay of every output (solver/settling_delay.hpp), from `reference`.
[[nodiscard]] std::vector<double> settling_delays(const TransientWaveforms& waveforms, double reference,
                                                  double fraction = 0.01);

// CSV texts: "time,I0,I1,..." and "col,delay".
[[nodiscard]] std::string waveforms_csv(const TransientWaveforms& waveforms);
[[nodiscard]] std::string delays_csv(const TransientWaveforms& waveforms, const std::vector<double>& delays);

}  // namespace memcosim::experiments
