#pragma once
// What computes one physical array's read: the exact solver now, ngspice for
// spot checks (spice_tile_engine.hpp), later a calibrated surrogate. All see
// the crossbar convention of DESIGN.md: rows driven at the left through the
// row wire, columns sensed at the bottom at 0 V.
//
// A surrogate engine derives from TileEngine, returns its name, and reports
// the error it was calibrated to in calibration_error(); `memcosim
// partition` prints that beside every number it produces with the surrogate.
#include "core/crossbar_array.hpp"

#include <functional>
#include <optional>
#include <string>

namespace memcosim::partition {

// Per segment, ohm; both 0 means ideal wires (the read is then G^T V).
struct WireResistance {
    double row = 0.0;
    double column = 0.0;
    [[nodiscard]] bool ideal() const { return row == 0.0 && column == 0.0; }
    // Throws InputError unless both are > 0, or both are 0.
    void validate() const;
};

class TileEngine {
public:
    virtual ~TileEngine() = default;
    [[nodiscard]] virtual std::string name() const = 0;

    // Currents into the sense nodes, C x K, for the K input vectors held in
    // the columns of `voltages` (R x K, volts).
    [[nodiscard]] virtual Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance,
                                                          const Eigen::MatrixXd& voltages,
                                                          const WireResistance& wires) = 0;

    // Voltage across every cell, row(i,j) - col(i,j), for one input vector.
    [[nodiscard]] virtual RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance,
                                                       const Eigen::VectorXd& voltages,
                                                       const WireResistance& wires) = 0;

    // Relative error against the exact solver measured on held-out points
    // when the engine was calibrated; none for the exact engines.
    [[nodiscard]] virtual std::optional<double> calibration_error() const { return std::nullopt; }
};

// Ignores the wires: I = G^T V. The reference for quantisation and variation
// errors alone, and what every engine must give with ideal wires.
class IdealTileEngine final : public TileEngine {
public:
    [[nodiscard]] std::string name() const override { return "ideal"; }
    [[nodiscard]] Eigen::MatrixXd column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                  const WireResistance& wires) override;
    [[nodiscard]] RowMajorMatrix cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                               const WireResistance& wires) override;
};

// One read of one input vector -> column currents.
using SingleRead = std::function<Eigen::VectorXd(const Eigen::VectorXd& voltages)>;

// Currents for the K inputs in the columns of `voltages` from `read`: the
// read is linear in the inputs, so when K exceeds the R rows it is cheaper to
// read the R unit inputs once and combine them (I = T V with T the C x R
// transfer matrix). Zero input vectors give zero currents without a read.
[[nodiscard]] Eigen::MatrixXd read_by_superposition(Eigen::Index cols, const Eigen::MatrixXd& voltages,
                                                    const SingleRead& read);

// The same, always one read per nonzero input vector (what a SPICE spot
// check must do: run the circuit the hardware would see).
[[nodiscard]] Eigen::MatrixXd read_each(Eigen::Index cols, const Eigen::MatrixXd& voltages, const SingleRead& read);

}  // namespace memcosim::partition
