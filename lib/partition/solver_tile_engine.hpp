#pragma once
// The exact solver (solver/linear_crossbar_solver.hpp) as a tile engine.
//
// A tile is read for many input vectors with the same devices and wires;
// when there are more vectors than rows the R unit inputs are solved instead
// and combined (the read is linear). Each solve reaches relative residual
// 1e-10, so the currents are exact for every purpose here (the agreement
// tests hold it to ngspice).
#include "partition/tile_engine.hpp"
#include "solver/linear_crossbar_solver.hpp"

namespace memcosim::partition {

class SolverTileEngine final : public TileEngine {
public:
    // multigrid_pcg (the default; automatic means it too, because tiles are
    // read many times and PCG is the faster one from 32x32 up) or direct (a
    // sparse factorization per vector: the reference in tests).
    explicit SolverTileEngine(solver::LinearMethod method);

    [[nodiscard]] std::string name() const override;
    [[nodiscard]] Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) override;
    [[nodiscard]] RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) override;

private:
    solver::LinearMethod method_;
};

}  // namespace memcosim::partition
