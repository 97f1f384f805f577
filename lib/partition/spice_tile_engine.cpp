#include "partition/spice_tile_engine.hpp"

#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"

#include <fmt/format.h>

namespace memcosim::partition {

using generators::CrossbarNames;

SpiceTileEngine::SpiceTileEngine(spice::Engine& engine, Eigen::Index max_cells)
    : engine_(engine), max_cells_(max_cells) {}

spice::RunResult SpiceTileEngine::run(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                      const WireResistance& wires) {
    if (wires.ideal()) throw InputError("--engine spice needs wires with resistance (--r-row, --r-col > 0)");
    if (conductance.size() > max_cells_) {
        throw InputError(fmt::format("--engine spice: a {}x{} array is beyond the {} cells SPICE runs here in seconds; "
                                     "use smaller tiles for the spot check",
                                     conductance.rows(), conductance.cols(), max_cells_));
    }
    CrossbarArray array;
    array.conductance = conductance;
    array.inputs = voltages;
    array.row_wire_resistance = wires.row;
    array.column_wire_resistance = wires.column;
    ++runs_;
    return engine_.run(netlist::write_spice_lines(generators::build_crossbar_circuit(array)));
}

Eigen::MatrixXd SpiceTileEngine::column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                 const WireResistance& wires) {
    return read_each(conductance.cols(), voltages, [&](const Eigen::VectorXd& v) {
        const spice::RunResult result = run(conductance, v, wires);
        Eigen::VectorXd currents(conductance.cols());
        for (Eigen::Index j = 0; j < conductance.cols(); ++j) {
            currents(j) = result.vector(CrossbarNames::sense_current_vector(j)).real.at(0);
        }
        return currents;
    });
}

RowMajorMatrix SpiceTileEngine::cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                              const WireResistance& wires) {
    if (voltages.isZero(0.0)) return RowMajorMatrix::Zero(conductance.rows(), conductance.cols());
    const spice::RunResult result = run(conductance, voltages, wires);
    RowMajorMatrix cells(conductance.rows(), conductance.cols());
    for (Eigen::Index i = 0; i < cells.rows(); ++i) {
        for (Eigen::Index j = 0; j < cells.cols(); ++j) {
            cells(i, j) = result.vector(CrossbarNames::row_node(i, j)).real.at(0) -
                          result.vector(CrossbarNames::column_node(i, j)).real.at(0);
        }
    }
    return cells;
}

}  // namespace memcosim::partition
