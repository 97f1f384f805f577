#pragma once
// ngspice as a tile engine, for spot checks of a partition: every array of
// every tile is generated as a netlist (generators/crossbar_generator.hpp,
// the same circuit the solver sees) and run once per input vector, never by
// superposition, so what is checked is the circuit the hardware would see.
// Arrays of more than `max_cells` cells are refused (SPICE would take
// minutes): DESIGN.md measured 256x256 at ~3 s and 512x512 at ~30 s.
#include "partition/tile_engine.hpp"
#include "spice/engine.hpp"

namespace memcosim::partition {

class SpiceTileEngine final : public TileEngine {
public:
    // The engine is borrowed (one per process) and must outlive this object.
    SpiceTileEngine(spice::Engine& engine, Eigen::Index max_cells);

    [[nodiscard]] std::string name() const override { return "spice"; }
    [[nodiscard]] Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) override;
    [[nodiscard]] RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) override;

    [[nodiscard]] std::size_t runs() const { return runs_; }  // ngspice runs so far

private:
    [[nodiscard]] spice::RunResult run(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                       const WireResistance& wires);

    spice::Engine& engine_;
    Eigen::Index max_cells_;
    std::size_t runs_ = 0;
};

}  // namespace memcosim::partition
