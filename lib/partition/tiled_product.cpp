#include "partition/tiled_product.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace memcosim::partition {

void check_input_width(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs, const std::string& source) {
    if (inputs.cols() != weights.rows()) {
        throw InputError(fmt::format("{}: input vectors have {} values but the matrix has {} rows (one per input)",
                                     source, inputs.cols(), weights.rows()));
    }
    if (inputs.rows() < 1) throw InputError(fmt::format("{}: no input vectors", source));
    if (!inputs.allFinite()) throw InputError(fmt::format("{}: an input value is not finite", source));
}

Eigen::MatrixXd ideal_product(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs) {
    return inputs * weights;
}

Eigen::MatrixXd run_tiled_product(const RowMajorMatrix& weights, const Eigen::MatrixXd& inputs,
                                  const PartitionStrategy& strategy, TileEngine& engine, const TileProgress& progress) {
    strategy.validate();
    check_input_width(weights, inputs, "inputs");
    const TileGrid grid = make_tile_grid(weights.rows(), weights.cols(), strategy.tile);
    Eigen::MatrixXd outputs = Eigen::MatrixXd::Zero(inputs.rows(), weights.cols());
    const double x_scale = inputs.cwiseAbs().maxCoeff();
    if (x_scale == 0.0) return outputs;
    // Row voltages, matrix rows x K: the largest |x| drives read_voltage.
    const Eigen::MatrixXd voltages = inputs.transpose() * (strategy.read_voltage / x_scale);
    for (std::size_t t = 0; t < grid.blocks.size(); ++t) {
        const TileBlock& block = grid.blocks[t];
        const MappedBlock mapped = program_tile(weights, block, t, strategy);
        if (mapped.weights_per_siemens != 0.0) {  // an all-zero tile adds nothing
            const Eigen::MatrixXd v = tile_voltages(voltages, block, strategy.tile);
            std::vector<Eigen::MatrixXd> currents;
            for (const auto& g : mapped.arrays) currents.push_back(engine.column_currents(g, v, strategy.wires));
            const Eigen::MatrixXd decoded = decode_outputs(mapped, currents);  // tile cols x K
            outputs.middleCols(block.col0, block.cols) +=
                decoded.topRows(block.cols).transpose() * (x_scale / strategy.read_voltage);
        }
        if (progress) progress(t + 1, grid.blocks.size());
    }
    return outputs;
}

}  // namespace memcosim::partition
