#pragma once
// Crossbars whose cells are Verilog-A device models at given states (a DC
// read of a programmed array), in both engines:
//  - spice: the 1R crossbar netlist with every cell resistor replaced by an
//    instance of the model's frozen-state subcircuit, the cell's state as an
//    instance parameter;
//  - solver: Newton on the whole array (solver/nonlinear_crossbar_solver),
//    cells evaluated in batch by the C++ evaluator.
#include "core/crossbar_array.hpp"
#include "experiments/device_experiment.hpp"
#include "netlist/circuit.hpp"
#include "solver/nonlinear_crossbar_solver.hpp"

namespace memcosim::experiments {

struct ModelCrossbar {
    CrossbarArray array;       // inputs and wires; the conductance map only gives the size
    DeviceUnderTest cell;      // the model and its parameter overrides, shared by every cell
    std::vector<RowMajorMatrix> states;  // one R x C map per model state
};

// Throws InputError if the state maps do not match the model or the array.
void validate(const ModelCrossbar& crossbar);

[[nodiscard]] netlist::Circuit model_crossbar_circuit(const ModelCrossbar& crossbar);

// Column currents (col,current convention of the 1R crossbar).
[[nodiscard]] Eigen::VectorXd model_crossbar_spice(const ModelCrossbar& crossbar, spice::Engine& engine);
[[nodiscard]] solver::NonlinearCrossbarSolution model_crossbar_solve(const ModelCrossbar& crossbar,
                                                                     const solver::NonlinearSolveOptions& options = {});

}  // namespace memcosim::experiments
