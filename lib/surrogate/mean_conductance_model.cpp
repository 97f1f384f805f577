#include "surrogate/mean_conductance_model.hpp"

#include "surrogate/supported_read.hpp"

#include <cmath>

namespace memcosim::surrogate {

Eigen::VectorXd mean_conductance_column_currents(const CrossbarArray& array) {
    require_supported_read(array, "mean-conductance");
    if (array.ideal_wires()) return array.ideal_column_currents();
    const Eigen::Index rows = array.rows();
    const Eigen::Index cols = array.cols();
    const double g = array.conductance.mean();
    const double lambda_r = std::sqrt(array.row_wire_resistance * g);
    const double lambda_c = std::sqrt(array.column_wire_resistance * g);
    const auto c = static_cast<double>(cols);
    const auto r = static_cast<double>(rows);

    Eigen::VectorXd column_factor(cols);  // b_j: row-wire attenuation at column j
    for (Eigen::Index j = 0; j < cols; ++j) {
        column_factor(j) = std::cosh(lambda_r * (c - static_cast<double>(j) - 1.0)) / std::cosh(lambda_r * c);
    }
    Eigen::VectorXd row_factor(rows);  // a_i: column-wire attenuation at row i
    for (Eigen::Index i = 0; i < rows; ++i) {
        row_factor(i) = std::cosh(lambda_c * static_cast<double>(i)) / std::cosh(lambda_c * r);
    }
    const Eigen::VectorXd scaled_inputs = row_factor.cwiseProduct(array.inputs);
    return column_factor.cwiseProduct(array.conductance.transpose() * scaled_inputs);
}

}  // namespace memcosim::surrogate
