#pragma once
// Transients of crossbars of nonlinear cells — device-model cells whose
// states evolve (1R) and composite cells (1S1R, 1T1R, 2T2R, the memory
// element a conductance or a model) — with wire R and C and pulsed rows, in
// both engines on the same circuit with the same method:
//  - ngspice: the composite-cell netlist (experiments/cell_crossbar.hpp)
//    with every model memory element the model's DYNAMIC subcircuit at its
//    cell's states (experiments/dynamic_cells.hpp), the row sources pulses,
//    `.options method=trap`, `.tran STEP STOP 0 STEP`;
//  - solver: solver::simulate_nonlinear_transient, the cells through
//    make_transient_cells below.
// Outputs as in experiments/crossbar_transient_run.hpp: I<j> per sensed
// column, or for 2T2R I<p> = I(2p) - I(2p+1) per pair.
#include "experiments/cell_crossbar.hpp"
#include "experiments/crossbar_transient_run.hpp"
#include "solver/nonlinear_transient.hpp"

#include <memory>
#include <optional>

namespace memcosim::experiments {

// The cells of the crossbar as the nonlinear transient sees them: fixed
// conductances; model cells whose new states are eliminated per step
// (experiments/implicit_cells.hpp); series pairs reduced per cell
// (solver/series_cell.hpp), a model memory element's states eliminated
// inside the pair. `transistor`: the fitted compact model (1T1R, 2T2R).
[[nodiscard]] std::unique_ptr<solver::TransientCells> make_transient_cells(
    const CellCrossbar& crossbar, const std::optional<solver::CompactTransistor>& transistor);

// The memory elements' states after the last accepted step (one R x C map
// per state; empty for cells without states).
[[nodiscard]] std::vector<RowMajorMatrix> memory_states(const solver::TransientCells& cells);

// The ngspice circuit of the transient (for inspection and `gen`).
[[nodiscard]] netlist::Circuit cell_transient_circuit(const CellCrossbar& crossbar,
                                                      const std::optional<RowPulse>& pulse, double step, double stop);

[[nodiscard]] TransientWaveforms cell_transient_spice(spice::Engine& engine, const CellCrossbar& crossbar,
                                                      const std::optional<RowPulse>& pulse, double step, double stop,
                                                      const spice::RunOptions& options = {});

// Every time point of the solver.
[[nodiscard]] TransientWaveforms cell_transient_solver(const CellCrossbar& crossbar,
                                                       const std::optional<solver::CompactTransistor>& transistor,
                                                       const std::optional<RowPulse>& pulse,
                                                       const solver::NonlinearTransientSettings& settings);

}  // namespace memcosim::experiments
