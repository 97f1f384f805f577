#pragma once
// A write pulse on a crossbar of memristor cells, with the disturb it puts
// on the cells that are not selected, in both engines:
//  - spice: the crossbar netlist with every cell the model's DYNAMIC
//    subcircuit (its initial state an instance parameter), every line source
//    a pulse to its bias level, .tran over the pulse; the final states are
//    the state node voltages at the end;
//  - solver: time stepping over the same pulse. Each step is one fully
//    implicit trapezoidal step of the coupled system (node voltages and
//    every cell's states at the new time together): the states of each cell
//    are eliminated per cell (for a given cell voltage v, x_new(v) solves
//    x_new = x_old + h/2 (f_old + f(v, x_new)) by a local Newton), which
//    leaves a crossbar of cells I(v, x_new(v)) with total derivative
//    dI/dv + dI/dx dx_new/dv: a nonlinear DC crossbar, solved by Newton
//    with one linear crossbar solve per iteration, started from the previous
//    step's voltages (solver::solve_nonlinear_crossbar, which starts from the
//    ideal-wire point, for the first step and whenever that warm start does
//    not converge in a few iterations). The step size is controlled by a
//    local error estimate, like solver::simulate_device, the single-device
//    twin of ngspice's trapezoidal .tran.
//
// The bias (solver/bias_scheme.hpp): every selected row at the write
// voltage, every selected column at 0 V, the other lines at the scheme's
// levels (v2: V/2; v3: rows V/3, columns 2V/3; float: open). Every line
// source rises from 0 to its level in `rise`, holds for `width` and falls in
// `fall` (one SPICE PULSE, the same timing on every line). Without wire
// capacitance a cell's voltage is the DC solution of the array at each
// instant (the adaptive stepping above). With wire capacitance
// (array.wire_capacitance > 0, every row and column node to ground, as
// ngspice gets it) the node voltages are states too: the solver then runs
// the nonlinear transient of solver/nonlinear_transient.hpp (trapezoidal,
// backward Euler after each pulse corner, Newton per step with the cells'
// states eliminated per cell) on fixed steps of ngspice's largest step.
// The selected cells are the product of the selected rows and columns: one
// cell, or a row write (one row, several columns).
#include "core/crossbar_array.hpp"
#include "experiments/device_experiment.hpp"
#include "solver/bias_scheme.hpp"
#include "solver/nonlinear_crossbar_solver.hpp"

#include <functional>
#include <vector>

namespace memcosim::experiments {

struct WritePulse {
    double voltage = 0.0;  // volts on the selected rows (selected columns at 0 V)
    double width = 0.0;    // seconds at the full level (SPICE PULSE pw)
    double rise = 0.0;     // seconds from 0 to the level, > 0
    double fall = 0.0;     // seconds back to 0, > 0

    [[nodiscard]] double duration() const { return rise + width + fall; }
};

struct ArrayWrite {
    // Wires and periphery (driver/load resistances); its conductance map
    // gives the size only, and inputs/bias/floating are set by the scheme.
    CrossbarArray array;
    DeviceUnderTest cell;                      // the model of every cell
    std::vector<RowMajorMatrix> states;        // one R x C map per model state: before the pulse
    solver::BiasScheme scheme = solver::BiasScheme::half_voltage;
    std::vector<Eigen::Index> selected_rows;   // at least one
    std::vector<Eigen::Index> selected_columns;  // at least one
    WritePulse pulse;

    [[nodiscard]] bool is_selected(Eigen::Index i, Eigen::Index j) const;
};

// Throws InputError: a model without states, state maps that do not fit,
// a selected line outside the array, a pulse with a non-positive width,
// rise or fall, a non-finite voltage.
void validate(const ArrayWrite& write);

// The array with the scheme's line levels at the full pulse (time inside
// the plateau).
[[nodiscard]] CrossbarArray biased_array(const ArrayWrite& write);

struct WriteResult {
    std::vector<RowMajorMatrix> before, after;  // per state, R x C
    RowMajorMatrix peak_voltage;                // largest |cell voltage| during the pulse, volts
    int time_steps = 0;                         // accepted steps (solver) or time points (spice)
    double seconds = 0.0;                       // wall time of the engine run
};

// What a write did, from the first state: the selected cells' change and
// the worst disturb among all other cells.
struct WriteSummary {
    double selected_change = 0.0;      // the selected cell with the largest |dx| (signed)
    Eigen::Index selected_row = 0, selected_column = 0;
    double disturb_change = 0.0;       // the largest |dx| among the unselected cells (signed)
    Eigen::Index disturb_row = -1, disturb_column = -1;  // -1: every cell is selected
    double disturb_voltage = 0.0;      // the peak |voltage| that cell saw
    double largest_unselected_voltage = 0.0;  // the peak |voltage| over every unselected cell
};

[[nodiscard]] WriteSummary summarise(const ArrayWrite& write, const WriteResult& result);

struct SpiceWriteOptions {
    int points_per_pulse = 100;  // maximum time step = duration / this (and rise, fall / 10)
    double reltol = 1e-4;        // ngspice .options reltol
};

// The ngspice circuit (for inspection); throws InputError for ideal wires.
[[nodiscard]] netlist::Circuit array_write_circuit(const ArrayWrite& write, const SpiceWriteOptions& options = {});

[[nodiscard]] WriteResult write_spice(const ArrayWrite& write, spice::Engine& engine,
                                      const SpiceWriteOptions& options = {});

struct SolverWriteOptions {
    solver::NonlinearSolveOptions newton;  // each time step's array solve
    int max_steps_per_pulse = 100;         // maximum step = duration / this (and rise, fall / 10)
    double local_error_tolerance = 1e-4;   // per step, on each state (states are O(1))
    int max_state_iterations = 50;         // the per-cell Newton on the new states
    double state_tolerance = 1e-12;
    // (time, stop, accepted steps): called after each accepted step.
    std::function<void(double, double, int)> progress;
};

// Throws EngineError if no step converges even at 1e-9 of the maximum step,
// or if steps converge only when tiny (more than 50 x max_steps_per_pulse +
// 1000 steps); the message keeps the array Newton's own.
[[nodiscard]] WriteResult write_solve(const ArrayWrite& write, const SolverWriteOptions& options = {});

}  // namespace memcosim::experiments
