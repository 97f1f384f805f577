#pragma once
// The read margin against sneak paths (solver/sneak_analysis.hpp) for
// composite cells, through the single-cell access of experiments/
// cell_access.hpp, so both engines can run it: an N x N array of ON cells
// (G_on) whose corner cell (0, N-1) is read ON and OFF under a bias scheme;
// read margin = (I_on - I_off) / I_on of the sensed column current, sneak
// current of the OFF read, disturb = the largest |voltage| across another
// cell's memory element. With transistors (1T1R) the selected word line is
// at the on gate voltage and every other at the off one, which is what
// keeps the unselected rows' cells out of the sensed column.
#include "experiments/cell_access.hpp"
#include "solver/sneak_analysis.hpp"

namespace memcosim::experiments {

struct CellSneakSettings {
    CellCrossbar cell;      // type, selector / transistor and gate_voltage (the on gate); its array is ignored
    double gate_off = 0.0;  // V, the unselected word lines (1T1R)
    solver::BiasScheme scheme = solver::BiasScheme::half_voltage;
    double g_on = 1e-4, g_off = 1e-6;  // siemens, linear memory elements
    double v_read = 0.2;               // V on the selected row
    double r_wire = 0.0;               // ohm per segment (0: ideal wires, fast path only)
    solver::NonlinearSolveOptions options;
};

// The crossbar of one read (selected cell at g_selected), access applied.
[[nodiscard]] CellCrossbar sneak_crossbar(Eigen::Index size, const CellSneakSettings& settings, double g_selected);
[[nodiscard]] CellAccessTarget sneak_target(Eigen::Index size, const CellSneakSettings& settings);

// Throws InputError for bad settings or a 2T2R cell (its reading is a
// difference of two cells, not one cell's ON/OFF margin).
[[nodiscard]] solver::SneakPoint analyse_cell_read(Eigen::Index size, const CellSneakSettings& settings,
                                                   const std::optional<solver::CompactTransistor>& transistor);
[[nodiscard]] solver::SneakPoint analyse_cell_read_spice(Eigen::Index size, const CellSneakSettings& settings,
                                                         spice::Engine& engine);

}  // namespace memcosim::experiments
