#pragma once
// A write pulse on a crossbar of COMPOSITE cells (experiments/cell_crossbar.hpp):
//   1S1R  row --memory-- m --selector-- column
//   1T1R  row --memory-- m --NMOS-- column, gate on word line i
//   2T2R  1T1R cells on 2C physical columns, pair p = columns 2p (G+) and
//         2p+1 (G-); a write programs ONE device of a pair: the selected
//         physical column (2p to program G+, 2p+1 for G-), the pair's other
//         column is an unselected line at the scheme's level.
// The memory element is the write's model at its states (experiments/
// array_write.hpp gives the array, the scheme, the selected lines and the
// pulse; 1R cells are that file's write).
//
// Word lines (1T1R, 2T2R): the selected row's gate at `gate_on`, every other
// gate at `gate_off` (or per-row `gates`); the gates are held (DC) through
// the pulse, only the bit and word-line DRIVERS pulse: the gate decides which
// rows can take current before the lines rise, as a real array does.
//
// Both engines on the same circuit:
//  - ngspice: the composite-cell netlist with every memory element the
//    model's dynamic subcircuit at its cell's states, every line source a
//    pulse to its bias level (the gate sources stay DC), .tran over the pulse
//    with the write's largest step (experiments/array_write.hpp);
//  - fast path: solver::simulate_nonlinear_transient (trapezoidal, backward
//    Euler after each pulse corner, Newton per step, wire capacitance when
//    the array has it) with the cells of experiments/cell_transient_run.hpp
//    (series pair eliminated per cell, the memory's new states eliminated
//    inside the pair), on fixed steps of that same largest step. Transistor
//    cells with an open line (float scheme) instead go through
//    experiments/cell_nodal_transient.hpp: every node an unknown, the
//    junctions per transistor, on the same schedule. The transistor is the
//    compact model fitted to the card in ngspice.
//
// WriteResult::peak_voltage is the largest |v_row - v_column| across the
// whole cell (memory element plus access device) in both engines.
#include "experiments/array_write.hpp"
#include "experiments/cell_crossbar.hpp"
#include "experiments/transistor_fit.hpp"

#include <optional>

namespace memcosim::experiments {

struct CellWrite {
    CellWrite(ArrayWrite w, CellType t) : write(std::move(w)), type(t) {}

    ArrayWrite write;                          // 2T2R: physical columns (2C), a physical selected column
    CellType type = CellType::one_s_one_r;
    std::optional<DeviceUnderTest> selector;   // 1S1R
    std::optional<TransistorCard> transistor;  // 1T1R, 2T2R
    double gate_on = 1.2;                      // V, the selected row's word line
    double gate_off = 0.0;                     // V, every other word line
    Eigen::VectorXd gates;                     // or R values, one per word line (then on/off are unused)
};

// Throws InputError: everything validate(ArrayWrite) refuses, a missing
// selector or transistor, a 2T2R array with an odd column count and gates
// of the wrong count. The float scheme is accepted for every cell type;
// with transistor cells the fast path then solves every node
// (experiments/cell_nodal_transient.hpp): the open lines are held by the
// transistors' junctions, as in ngspice.
void validate(const CellWrite& write);

// "G+ of pair 3" / "G- of pair 3" for 2T2R, "column 7" otherwise.
[[nodiscard]] std::string describe_column(CellType type, Eigen::Index physical_column);

// The composite crossbar at the full pulse level (the scheme's bias), the
// memory elements the model at the states before the pulse, the gates set.
[[nodiscard]] CellCrossbar write_crossbar(const CellWrite& write);

// The transistor fit for this write (1T1R, 2T2R): the card swept in ngspice
// over the write's gate, drain and source range, including the cut-off
// region of the switched-off word lines. InputError for cells without one;
// SpiceError if ngspice rejects the card.
[[nodiscard]] TransistorFit fit_for_write(const CellWrite& write, spice::Engine& engine);

[[nodiscard]] netlist::Circuit cell_write_circuit(const CellWrite& write, const SpiceWriteOptions& options = {});

[[nodiscard]] WriteResult cell_write_spice(const CellWrite& write, spice::Engine& engine,
                                           const SpiceWriteOptions& options = {});

// `transistor`: the fitted compact model (1T1R, 2T2R). Uses the options'
// newton limits and max_steps_per_pulse (the fixed step); EngineError with
// the time when a step does not converge.
[[nodiscard]] WriteResult cell_write_solve(const CellWrite& write,
                                           const std::optional<solver::CompactTransistor>& transistor,
                                           const SolverWriteOptions& options = {});

}  // namespace memcosim::experiments
