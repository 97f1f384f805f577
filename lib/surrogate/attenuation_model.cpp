#include "surrogate/attenuation_model.hpp"

#include "core/error.hpp"
#include "surrogate/fused_column_pass.hpp"
#include "surrogate/line_profiles.hpp"
#include "surrogate/power_of_profile.hpp"
#include "surrogate/supported_read.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace memcosim::surrogate {

namespace {

// Per-read working vectors, carved from one buffer kept per thread: a read
// allocates nothing but its result once the buffer has grown to the array.
struct Scratch {
    std::vector<double> buffer;
    double* take(std::size_t n) {
        double* p = buffer.data() + used;
        used += n;
        return p;
    }
    std::size_t used = 0;
};

Scratch& scratch_for(std::size_t rows, std::size_t cols) {
    thread_local Scratch scratch;
    const std::size_t need = 2 * std::max(rows, cols) + 2 + 9 * rows + 8 * cols;
    if (scratch.buffer.size() < need) scratch.buffer.resize(need);
    scratch.used = 0;
    return scratch;
}

}  // namespace

PortableArithmetic::PortableArithmetic() { detail::enter_portable_mode(); }
PortableArithmetic::~PortableArithmetic() { detail::leave_portable_mode(); }

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
    Scratch& scratch = scratch_for(r, c);
    double* powers = scratch.take(2 * std::max(r, c) + 2);
    using Column = Eigen::Map<Eigen::ArrayXd>;
    Column q0(scratch.take(r), rows), q1(scratch.take(r), rows), row_factor(scratch.take(r), rows);
    Column wa(scratch.take(r), rows), wb(scratch.take(r), rows), wc(scratch.take(r), rows);
    Column row_means(scratch.take(r), rows), below(scratch.take(r), rows);
    Column sa(scratch.take(c), cols), sb(scratch.take(c), cols), sc(scratch.take(c), cols);
    Column column_sums(scratch.take(c), cols), p_n0(scratch.take(c), cols), p_n1(scratch.take(c), cols);

    // The point the column profile is expanded around: the mean of 16 rows
    // spread over the array (read before the pass, which needs it). Any
    // point near the mean serves, since each column's own mean enters
    // through the first-order term below.
    const double g_center = detail::strided_row_mean(g_data, r, c, std::max<std::size_t>(1, r / 16));
    const double g_column = p[2] * g_center;
    column_line_profile_into(r_col, g_column, rows, powers, q0.data());
    // dQ/dg by a centred difference (Q is smooth in g), times p2 (chain rule).
    constexpr double step = 1e-4;
    column_line_profile_into(r_col, g_column * (1.0 + step), rows, powers, q1.data());
    column_line_profile_into(r_col, g_column * (1.0 - step), rows, powers, below.data());
    q1 = p[2] * ((q1 - below) / (2.0 * step * g_column));
    // h_i = p0 Q0(i)^p1 g_i: the row factor now, the row mean g_i from the pass.
    // Q0^p1 by a vectorised exp(p1 log Q0) (power_of_profile.hpp): at 512
    // rows 0.7 us against 3.5 us for std::exp/std::log per row and 4.7 us
    // for std::pow (measured, bench/RESULTS.md).
    if (p[1] == 1.0) {
        row_factor = p[0] * q0;
    } else {
        detail::power_of_profile(q0.data(), r, p[1], row_factor.data());
        row_factor *= p[0];
    }
    wa = array.inputs.array() * q0;
    wb = wa * row_factor;
    wc = array.inputs.array() * q1;
    // One touch of every row: sb holds sum_i G_ij wb_i without the row mean
    // g_i, which is only known once the row has been read (below).
    detail::single_touch_column_sums(g_data, r, c, wa.data(), wb.data(), wc.data(), sa.data(), sb.data(), sc.data(),
                                     column_sums.data(), row_means.data());

    // The row-mean-weighted sum sum_i G_ij wb_i g_i, split around the array
    // mean gbar: gbar sum_i G_ij wb_i + sum_i G_ij wb_i (g_i - gbar), the
    // second part with G_ij replaced by its rank-one estimate g_i g_j / gbar
    // (g_j: column mean). Exact when G is rank one (uniform arrays, uniform
    // rows or columns, outer products); otherwise off by the residual
    // sum_i (G_ij - g_i g_j / gbar) wb_i (g_i - gbar), a product of two
    // fluctuations (attenuation_model.hpp).
    double h_min = row_factor(0) * row_means(0), h_max = h_min;
    double mean_total = 0.0;
    for (Eigen::Index i = 0; i < rows; ++i) {
        const double h = row_factor(i) * row_means(i);
        h_min = std::min(h_min, h);
        h_max = std::max(h_max, h);
        mean_total += row_means(i);
    }
    const double g_bar = mean_total / rows_d;
    double spread = 0.0;     // sum_i wb_i g_i (g_i - gbar)
    double variance = 0.0;   // of the row means
    for (Eigen::Index i = 0; i < rows; ++i) {
        const double deviation = row_means(i) - g_bar;
        spread += wb(i) * row_means(i) * deviation;
        variance += deviation * deviation;
    }
    const double spread_per_g = g_bar > 0.0 ? spread / g_bar : 0.0;
    // Rows whose means differ widely (structured maps: binary weights, rows
    // at different levels) make the rank-one estimate's residual large:
    // then the exact row-mean-weighted sum, at the price of a second read.
    const bool exact_row_weighting = std::sqrt(variance / rows_d) > AttenuationModel::row_spread_limit * g_bar;
    if (exact_row_weighting) {
        Column weights(scratch.take(r), rows), unused_sums(scratch.take(c), cols);
        weights = wb * row_means;
        detail::weighted_column_sums(g_data, r, c, weights.data(), 1, sb.data(), unused_sums.data());
    }
    const double middle = 0.5 * (h_min + h_max);
    const double half = std::max(0.5 * (h_max - h_min), 1e-3 * std::abs(middle) + 1e-300);
    const double n0 = middle - half * M_SQRT1_2, n1 = middle + half * M_SQRT1_2;
    row_line_profile_into(r_row, n0, cols, powers, p_n0.data());
    row_line_profile_into(r_row, n1, cols, powers, p_n1.data());
    Eigen::VectorXd out(cols);
    const double inverse_rows = 1.0 / rows_d;
    for (Eigen::Index j = 0; j < cols; ++j) {
        const double slope = (p_n1(j) - p_n0(j)) / (n1 - n0);
        const double intercept = p_n0(j) - slope * n0;
        const double column_mean = column_sums(j) * inverse_rows;
        const double weighted_by_row_means =
            exact_row_weighting ? sb(j) : g_bar * sb(j) + column_mean * spread_per_g;
        out(j) = intercept * sa(j) + slope * weighted_by_row_means +
                 (column_mean - g_center) * (intercept + slope * middle) * sc(j);
    }
    return out;
}

}  // namespace memcosim::surrogate
