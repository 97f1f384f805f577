#include "surrogate/attenuation_model.hpp"

#include "core/error.hpp"
#include "surrogate/fused_column_pass.hpp"
#include "surrogate/line_profiles.hpp"
#include "surrogate/supported_read.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::surrogate {

namespace {

Eigen::VectorXd row_profile(double r, double h, Eigen::Index n) { return row_line_profile(r, h, n); }
Eigen::VectorXd column_profile(double r, double h, Eigen::Index n) { return column_line_profile(r, h, n); }

// d/dg of a profile, by a centred difference (the profiles are smooth in g).
template <class Profile>
Eigen::VectorXd profile_slope(Profile profile, double r, double g, Eigen::Index n) {
    constexpr double h = 1e-4;
    return (profile(r, g * (1.0 + h), n) - profile(r, g * (1.0 - h), n)) / (2.0 * h * g);
}

}  // namespace

const std::vector<std::string>& AttenuationParameters::names() {
    static const std::vector<std::string> names{"row_shunt_scale", "row_shunt_column_exponent",
                                                "column_shunt_scale"};
    return names;
}

ArrayCoupling array_coupling(const CrossbarArray& array) {
    const double g = array.conductance.mean();
    const auto rows = static_cast<double>(array.rows());
    const auto cols = static_cast<double>(array.cols());
    return {array.row_wire_resistance * g * cols * cols, array.column_wire_resistance * g * rows * rows};
}

AttenuationModel::AttenuationModel(AttenuationParameters parameters) : parameters_(std::move(parameters)) {
    if (parameters_.values.size() != AttenuationParameters::count) {
        throw InputError(fmt::format("surrogate attenuation model: {} parameters, expected {}",
                                     parameters_.values.size(), AttenuationParameters::count));
    }
    for (double v : parameters_.values) {
        if (!std::isfinite(v)) throw InputError("surrogate attenuation model: a parameter is not finite");
    }
}

Eigen::VectorXd AttenuationModel::column_currents(const CrossbarArray& array) const {
    require_supported_read(array, "attenuation");
    return column_currents_unchecked(array);
}

Eigen::VectorXd AttenuationModel::column_currents_unchecked(const CrossbarArray& array) const {
    if (array.ideal_wires()) return array.ideal_column_currents();
    const Eigen::Index rows = array.rows();
    const Eigen::Index cols = array.cols();
    const auto r = static_cast<std::size_t>(rows);
    const auto c = static_cast<std::size_t>(cols);
    const auto rows_d = static_cast<double>(rows);
    const double* g_data = array.conductance.data();
    const std::vector<double>& p = parameters_.values;
    const double r_row = array.row_wire_resistance;
    const double r_col = array.column_wire_resistance;

    // The point the column profile is expanded around: the mean of 16 rows
    // spread over the array (read before the pass, which needs it). Any
    // point near the mean serves, since each column's own mean enters
    // through the first-order term below.
    const double g_center = detail::strided_row_mean(g_data, r, c, std::max<std::size_t>(1, r / 16));
    const Eigen::VectorXd q0 = column_profile(r_col, p[2] * g_center, rows);
    const Eigen::VectorXd q1 = p[2] * profile_slope(column_profile, r_col, p[2] * g_center, rows);
    // h_i = p0 Q0(i)^p1 g_i: the row factor now, the row mean g_i in the pass.
    Eigen::VectorXd row_factor(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        row_factor(i) = p[0] * (p[1] == 1.0 ? q0(i) : std::pow(std::max(q0(i), 0.0), p[1]));
    }
    const Eigen::VectorXd wa = array.inputs.cwiseProduct(q0);
    const Eigen::VectorXd wb = wa.cwiseProduct(row_factor);
    const Eigen::VectorXd wc = array.inputs.cwiseProduct(q1);
    Eigen::VectorXd sa(cols), sb(cols), sc(cols), column_sums(cols), row_means(rows);
    detail::row_scaled_column_sums(g_data, r, c, wa.data(), wb.data(), wc.data(), sa.data(), sb.data(), sc.data(),
                                   column_sums.data(), row_means.data());

    // P(j; h) linear in h through two Chebyshev nodes spanning the rows' h_i:
    // P = A + B h, so sum_i G V Q0 P(j; h_i) = A sa + B sb.
    const Eigen::VectorXd h = row_factor.cwiseProduct(row_means);
    const double middle = 0.5 * (h.minCoeff() + h.maxCoeff());
    const double half = std::max(0.5 * (h.maxCoeff() - h.minCoeff()), 1e-3 * std::abs(middle) + 1e-300);
    const double n0 = middle - half * M_SQRT1_2, n1 = middle + half * M_SQRT1_2;
    const Eigen::ArrayXd p_n0 = row_profile(r_row, n0, cols).array();
    const Eigen::ArrayXd slope = (row_profile(r_row, n1, cols).array() - p_n0) / (n1 - n0);
    const Eigen::ArrayXd intercept = p_n0 - slope * n0;
    const Eigen::ArrayXd column_deviation = column_sums.array() / rows_d - g_center;
    return (intercept * sa.array() + slope * sb.array() +
            column_deviation * (intercept + slope * middle) * sc.array())
        .matrix();
}

}  // namespace memcosim::surrogate
