#include "partition/solver_tile_engine.hpp"

namespace memcosim::partition {

namespace {

CrossbarArray make_array(const RowMajorMatrix& conductance, const WireResistance& wires) {
    CrossbarArray array;
    array.conductance = conductance;
    array.inputs = Eigen::VectorXd::Zero(conductance.rows());
    array.row_wire_resistance = wires.row;
    array.column_wire_resistance = wires.column;
    return array;
}

solver::LinearSolveOptions options_for(solver::LinearMethod method) {
    solver::LinearSolveOptions options;
    options.method = method;
    return options;
}

}  // namespace

SolverTileEngine::SolverTileEngine(solver::LinearMethod method)
    : method_(method == solver::LinearMethod::automatic ? solver::LinearMethod::multigrid_pcg : method) {}

std::string SolverTileEngine::name() const {
    return method_ == solver::LinearMethod::direct ? "solver-direct" : "solver";
}

Eigen::MatrixXd SolverTileEngine::column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) {
    wires.validate();
    if (wires.ideal()) return conductance.transpose() * voltages;
    CrossbarArray array = make_array(conductance, wires);
    // A fresh solve per vector: the solver's set-up (wire factors, coarse
    // factorization) reads the inputs too, so it cannot be kept across them.
    return read_by_superposition(array.cols(), voltages, [&](const Eigen::VectorXd& v) {
        array.inputs = v;
        return Eigen::VectorXd(solver::solve_linear_crossbar(array, options_for(method_)).column_currents);
    });
}

RowMajorMatrix SolverTileEngine::cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) {
    wires.validate();
    if (wires.ideal() || voltages.isZero(0.0)) return IdealTileEngine().cell_voltages(conductance, voltages, wires);
    CrossbarArray array = make_array(conductance, wires);
    array.inputs = voltages;
    return solver::solve_linear_crossbar(array, options_for(method_)).cell_voltages();
}

}  // namespace memcosim::partition
