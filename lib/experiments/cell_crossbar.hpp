#pragma once
// Crossbars of composite cells, in both engines:
//   1R    the memory element alone (model_crossbar / the linear crossbar)
//   1S1R  row --memory-- m --selector-- column   (a stateless Verilog-A selector)
//   1T1R  row --memory-- m --NMOS-- column        drain m, source on the column,
//         gate on word line i (gate source "vgate<i>" at gw<i>), bulk at ground;
//         each word line has its own gate voltage (a selected row on, the
//         others off, in a single-cell access: experiments/cell_access.hpp)
//   2T2R  differential pairs: 1T1R cells on 2C physical columns, pair p being
//         columns 2p (G+) and 2p+1 (G-); the weight's output is I(2p) - I(2p+1)
// The memory element is the linear conductance map or a Verilog-A model at
// its states. SPICE: per cell the memory element, the internal node
// m<i>_<j> and the access device (netlist generated from the 1R one). Fast
// path: each series pair eliminated per cell (solver/series_cell.hpp), the
// transistor as the compact model fitted to the SPICE card
// (experiments/transistor_fit.hpp), Newton on the whole array.
#include "experiments/model_crossbar.hpp"
#include "experiments/transistor_card.hpp"
#include "solver/compact_transistor.hpp"
#include "solver/series_cell.hpp"

#include <optional>
#include <string>

namespace memcosim::experiments {

enum class CellType { one_r, one_s_one_r, one_t_one_r, two_t_two_r };

// "1R", "1S1R", "1T1R", "2T2R" (case-insensitive); InputError otherwise.
[[nodiscard]] CellType parse_cell_type(const std::string& text);
[[nodiscard]] const char* to_string(CellType type);
[[nodiscard]] bool has_transistor(CellType type);

struct CellCrossbar {
    CellType type = CellType::one_r;
    CrossbarArray array;                  // physical array: 2T2R has 2C columns; conductance = memory map
    std::optional<ModelCrossbar> memory;  // memory cells as a device model at its states (else the map)
    std::optional<DeviceUnderTest> selector;      // 1S1R
    std::optional<TransistorCard> transistor;     // 1T1R, 2T2R
    double gate_voltage = 0.0;                    // V, every word line (1T1R, 2T2R)...
    Eigen::VectorXd gate_voltages;                // ...unless set here: R values, V, one per word line
    bool half_open_pairs = false;                 // 2T2R writes: a pair's other column may float (nothing is sensed)

    // Word line i's gate voltage.
    [[nodiscard]] double gate_at(Eigen::Index row) const {
        return gate_voltages.size() == 0 ? gate_voltage : gate_voltages(row);
    }
};

// Throws InputError for a missing selector/transistor, an odd 2T2R column
// count, a stateful selector, per-row gates of the wrong count, or a 2T2R
// pair with one column floating and the other sensed (a pair is read whole
// or left open whole) unless half_open_pairs.
void validate(const CellCrossbar& crossbar);

[[nodiscard]] netlist::Circuit cell_crossbar_circuit(const CellCrossbar& crossbar);

// Physical column currents (col,current convention; 0 for a floating column).
[[nodiscard]] Eigen::VectorXd cell_crossbar_spice(const CellCrossbar& crossbar, spice::Engine& engine);

// `transistor`: the fitted compact model (needed for 1T1R, 2T2R).
[[nodiscard]] solver::NonlinearCrossbarSolution cell_crossbar_solve(
    const CellCrossbar& crossbar, const std::optional<solver::CompactTransistor>& transistor,
    const solver::NonlinearSolveOptions& options = {});

// 2T2R: I(2p) - I(2p+1) for each pair.
[[nodiscard]] Eigen::VectorXd pair_currents(const Eigen::VectorXd& physical_columns);

// The laws of one cell's two devices, as the fast path uses them.
[[nodiscard]] solver::MemoryLaw memory_law(const CellCrossbar& crossbar);
[[nodiscard]] solver::AccessLaw access_law(const CellCrossbar& crossbar,
                                           const std::optional<solver::CompactTransistor>& transistor);

}  // namespace memcosim::experiments
