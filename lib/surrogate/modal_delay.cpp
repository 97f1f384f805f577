#include "surrogate/modal_delay.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace memcosim::surrogate {

namespace {

// Beyond this many time constants a mode's exponential is below 2e-22.
constexpr double negligible_exponent = 50.0;

// Eigenvalues 4 sin^2(theta_k / 2), theta_k = (2k+1) pi / (2n+1), of the
// n-node chain with one Dirichlet end and one open end (ascending).
Eigen::VectorXd chain_eigenvalues(long n) {
    Eigen::VectorXd lambda(n);
    for (long k = 0; k < n; ++k) {
        const double theta = (2.0 * static_cast<double>(k) + 1.0) * std::numbers::pi / (2.0 * static_cast<double>(n) + 1.0);
        const double s = std::sin(0.5 * theta);
        lambda(k) = 4.0 * s * s;
    }
    return lambda;
}

// Column k: the normalised eigenvector 2/sqrt(2n+1) sin((p+1) theta_k), p
// the distance from the Dirichlet end. The Chebyshev recurrence
// s_{p+1} = 2 cos(theta) s_p - s_{p-1} replaces n^2 sine calls; its rounding
// grows like p / sin(theta), below 1e-10 for n <= 4096.
Eigen::MatrixXd chain_eigenvectors(long n) {
    Eigen::MatrixXd q(n, n);
    const double norm = 2.0 / std::sqrt(2.0 * static_cast<double>(n) + 1.0);
    for (long k = 0; k < n; ++k) {
        const double theta = (2.0 * static_cast<double>(k) + 1.0) * std::numbers::pi / (2.0 * static_cast<double>(n) + 1.0);
        const double two_cos = 2.0 * std::cos(theta);
        double previous = 0.0, current = std::sin(theta);
        for (long p = 0; p < n; ++p) {
            q(p, k) = norm * current;
            const double next = two_cos * current - previous;
            previous = current;
            current = next;
        }
    }
    return q;
}

// (1 - exp(-x)) / x: the factor a ramp of duration rise puts on a mode of
// rate s (x = s rise), seen from the end of the ramp.
double ramp_factor(double x) { return x < 1e-12 ? 1.0 : -std::expm1(-x) / x; }

}  // namespace

ModalReadResponse::ModalReadResponse(UniformReadTransient read) : read_(std::move(read)) {
    const UniformReadTransient& r = read_;
    if (r.rows < 1 || r.cols < 1 || !(r.r_row > 0.0) || !(r.r_col > 0.0) || !(r.c_wire > 0.0) || !(r.g > 0.0) ||
        !std::isfinite(r.r_row * r.r_col * r.c_wire * r.g) || !(r.rise >= 0.0)) {
        throw InputError(fmt::format("modal delay: need rows, cols >= 1 and r_row, r_col, c_wire, g > 0, rise >= 0 "
                                     "(got {}x{}, {} / {} ohm, {} F, {} S, rise {} s)",
                                     r.rows, r.cols, r.r_row, r.r_col, r.c_wire, r.g, r.rise));
    }
    if (r.inputs.size() != 0 && r.inputs.size() != r.rows) {
        throw InputError(fmt::format("modal delay: {} inputs for {} rows", r.inputs.size(), r.rows));
    }
    g_row_ = 1.0 / r.r_row;
    g_col_ = 1.0 / r.r_col;
    lambda_ = chain_eigenvalues(r.cols);
    mu_ = chain_eigenvalues(r.rows);
    row_modes_ = chain_eigenvectors(r.cols);
    driver_weight_ = row_modes_.row(0).transpose();
    // Column modes run from the sense end (i = R-1, p = 0) to the top.
    const Eigen::MatrixXd column_modes = chain_eigenvectors(r.rows);
    sense_weight_ = column_modes.row(0).transpose();
    Eigen::VectorXd inputs_from_sense(r.rows);
    for (long i = 0; i < r.rows; ++i) inputs_from_sense(r.rows - 1 - i) = r.inputs.size() == 0 ? 1.0 : r.inputs(i);
    projected_inputs_ = column_modes.transpose() * inputs_from_sense;

    // Final state of pair (m, k): w = b g / det, b = g_r P_m D_k.
    Eigen::VectorXd h = Eigen::VectorXd::Zero(r.cols);
    for (long k = 0; k < r.cols; ++k) {
        const double a = g_row_ * lambda_(k);
        double sum = 0.0;
        for (long m = 0; m < r.rows; ++m) {
            const double d = g_col_ * mu_(m);
            const double det = a * d + r.g * (a + d);
            sum += sense_weight_(m) * projected_inputs_(m) * r.g / det;
        }
        h(k) = g_row_ * driver_weight_(k) * sum;
    }
    final_ = g_col_ * (row_modes_ * h);
}

ModalReadResponse::PairTerms ModalReadResponse::pair_terms(long m, long k) const {
    const double g = read_.g;
    const double a = g_row_ * lambda_(k) + g, d = g_col_ * mu_(m) + g;
    const double det = g_row_ * lambda_(k) * g_col_ * mu_(m) + g * (g_row_ * lambda_(k) + g_col_ * mu_(m));
    const double b = g_row_ * projected_inputs_(m) * driver_weight_(k);
    // Final state (u, w) = b / det (d, g); eigen-pairs of [[a, -g], [-g, d]]
    // by one Jacobi rotation; the small rate as det / large (no cancellation).
    const double u_final = b * d / det, w_final = b * g / det;
    const double large = 0.5 * (a + d) + std::hypot(0.5 * (a - d), g);
    const double small = det / large;
    const double phi = 0.5 * std::atan2(-2.0 * g, a - d);
    const double cs = std::cos(phi), sn = std::sin(phi);
    // Large-rate eigenvector (cs, sn), small-rate (-sn, cs); the deviation
    // x(t) - x_final = -sum_e e (e . x_final) exp(-rate_e t).
    const double along_large = cs * u_final + sn * w_final;
    const double along_small = -sn * u_final + cs * w_final;
    PairTerms terms;
    terms.rate_fast = large / read_.c_wire;
    terms.rate_slow = small / read_.c_wire;
    terms.weight_fast = -sense_weight_(m) * sn * along_large * ramp_factor(terms.rate_fast * read_.rise);
    terms.weight_slow = -sense_weight_(m) * cs * along_small * ramp_factor(terms.rate_slow * read_.rise);
    return terms;
}

Eigen::VectorXd ModalReadResponse::deviations(double t) const {
    t = std::max(t, 0.0);
    const long rows = read_.rows, cols = read_.cols;
    // Modes whose smaller rate exceeds 50 / t have died out (rates are at
    // least g_r lambda_k / c and g_c mu_m / c, both ascending).
    const double cutoff = t > 0.0 ? negligible_exponent * read_.c_wire / t : INFINITY;
    long active_k = 0, active_m = 0;
    while (active_k < cols && g_row_ * lambda_(active_k) < cutoff) ++active_k;
    while (active_m < rows && g_col_ * mu_(active_m) < cutoff) ++active_m;
    Eigen::VectorXd h = Eigen::VectorXd::Zero(cols);
    const auto add = [&](long m, long k) {
        const PairTerms p = pair_terms(m, k);
        h(k) += p.weight_fast * std::exp(-p.rate_fast * t) + p.weight_slow * std::exp(-p.rate_slow * t);
    };
    for (long k = 0; k < active_k; ++k) {
        for (long m = 0; m < rows; ++m) add(m, k);
    }
    for (long m = 0; m < active_m; ++m) {
        for (long k = active_k; k < cols; ++k) add(m, k);
    }
    // Only the first active_k entries are nonzero unless column modes are active.
    if (active_m == 0) return g_col_ * (row_modes_.leftCols(active_k) * h.head(active_k));
    return g_col_ * (row_modes_ * h);
}

double ModalReadResponse::worst_relative_deviation(double t) const {
    return (deviations(t).array().abs() / final_.array().abs()).maxCoeff();
}

ModalSettling ModalReadResponse::settling(double tolerance) const {
    if (!(tolerance > 0.0 && tolerance < 1.0)) {
        throw InputError(fmt::format("modal delay: settling tolerance {} outside (0, 1)", tolerance));
    }
    if ((final_.array() == 0.0).any()) throw EngineError("modal delay: a column's final current is 0: no relative band");
    // The slowest rate of all is pair (0, 0)'s smaller one.
    const double slowest_time = 1.0 / pair_terms(0, 0).rate_slow;
    // A time well inside the band (a tenth of it) for every column.
    double high = slowest_time;
    for (int guard = 0; worst_relative_deviation(high) > 0.1 * tolerance; ++guard) {
        if (guard > 200) throw EngineError("modal delay: no settled time found");
        high *= 1.5;
    }
    // Scan down in 3 % steps to the last time outside the band.
    const double floor = 1e-9 * slowest_time;
    double low = high;
    for (;;) {
        low = high * 0.97;
        if (low < floor) return {0.0, 0};
        if (worst_relative_deviation(low) > tolerance) break;
        high = low;
    }
    while (high - low > 1e-9 * high) {
        const double mid = 0.5 * (low + high);
        (worst_relative_deviation(mid) > tolerance ? low : high) = mid;
    }
    Eigen::Index slowest = 0;
    (deviations(low).array().abs() / final_.array().abs()).maxCoeff(&slowest);
    return {high, static_cast<long>(slowest)};
}

ModalSettling modal_settling_delay(const UniformReadTransient& read, double tolerance) {
    return ModalReadResponse(read).settling(tolerance);
}

}  // namespace memcosim::surrogate
