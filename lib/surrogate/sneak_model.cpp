#include "surrogate/sneak_model.hpp"

#include "core/error.hpp"
#include "surrogate/line_profiles.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::surrogate {

namespace {

struct Cell {
    double v_read = 0.0;
    double v0 = 0.0;  // 0: linear
    [[nodiscard]] double current(double g, double v) const {
        if (v0 == 0.0) return g * v;
        return g * v_read * std::sinh(v / v0) / std::sinh(v_read / v0);
    }
};

// The floating scheme's two potentials, Newton on the symmetric 2x2 KCL.
double floating_row_potential(const Cell& cell, double g, double v, long n) {
    const double m = static_cast<double>(n - 1);
    double a = m * v / (2.0 * m + 1.0), b = (m + 1.0) * v / (2.0 * m + 1.0);  // the linear answer
    if (cell.v0 == 0.0 || n == 1) return n == 1 ? 0.0 : a;
    for (int iteration = 0; iteration < 100; ++iteration) {
        const auto f = [&](double x, double y, double& f1, double& f2) {
            f1 = cell.current(g, v - y) + m * cell.current(g, x - y);
            f2 = m * cell.current(g, y - x) - cell.current(g, x);
        };
        double f1, f2;
        f(a, b, f1, f2);
        const double h = 1e-7 * std::max(v, 1e-3);
        double f1a, f2a, f1b, f2b;
        f(a + h, b, f1a, f2a);
        f(a, b + h, f1b, f2b);
        const double j11 = (f1a - f1) / h, j12 = (f1b - f1) / h, j21 = (f2a - f2) / h, j22 = (f2b - f2) / h;
        const double det = j11 * j22 - j12 * j21;
        if (det == 0.0) break;
        const double da = (-f1 * j22 + f2 * j12) / det, db = (-f2 * j11 + f1 * j21) / det;
        a += da;
        b += db;
        if (std::abs(da) + std::abs(db) < 1e-14 * v) break;
    }
    return a;
}

void validate(const SneakCase& c) {
    if (c.size < 1) throw InputError(fmt::format("sneak surrogate: size must be >= 1, got {}", c.size));
    if (c.scheme != "v2" && c.scheme != "v3" && c.scheme != "float") {
        throw InputError(fmt::format("sneak surrogate: scheme '{}' (expected v2, v3 or float)", c.scheme));
    }
    if (!(c.g_on > c.g_off) || !(c.g_off > 0.0)) {
        throw InputError(fmt::format("sneak surrogate: need g_on > g_off > 0, got {} and {}", c.g_on, c.g_off));
    }
    if (!(c.v_read > 0.0) || !(c.r_wire >= 0.0)) throw InputError("sneak surrogate: v_read > 0 and r_wire >= 0");
    if (c.selector_ratio != 0.0 && !(c.selector_ratio > 2.0)) {
        throw InputError(fmt::format("sneak surrogate: selector ratio must be > 2, got {}", c.selector_ratio));
    }
}

// b, the other columns' potential, from the rows' a: (N-1) I(b - a) = I(a).
double floating_column_potential(const Cell& cell, double g, double v, long n, double a) {
    const double m = static_cast<double>(n - 1);
    double lo = a, hi = v;
    for (int k = 0; k < 200; ++k) {
        const double mid = 0.5 * (lo + hi);
        (m * cell.current(g, mid - a) > cell.current(g, a) ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

const std::vector<std::string>& SneakParameters::names() {
    static const std::vector<std::string> names{"line_load_scale", "self_drop_scale"};
    return names;
}

SneakPrediction predict_sneak(const SneakCase& c, const SneakParameters& parameters) {
    validate(c);
    if (parameters.values.size() != SneakParameters::count) {
        throw InputError(fmt::format("sneak surrogate: {} parameters, expected {}", parameters.values.size(),
                                     SneakParameters::count));
    }
    const std::vector<double>& p = parameters.values;
    const Cell cell{c.v_read, c.selector_ratio == 0.0 ? 0.0 : c.v_read / (2.0 * std::acosh(c.selector_ratio / 2.0))};
    const double v = c.v_read;
    const auto n = static_cast<Eigen::Index>(c.size);
    // U: the potential the other rows hold (the selected column's sneak
    // sources); W: the potential the other columns hold (the selected row's loads).
    double u = v / 2.0, w = v / 2.0;
    if (c.scheme == "v3") {
        u = v / 3.0;
        w = 2.0 * v / 3.0;
    }
    if (c.scheme == "float") {
        u = floating_row_potential(cell, c.g_on, v, c.size);
        w = c.size > 1 ? floating_column_potential(cell, c.g_on, v, c.size, u) : 0.0;
    }
    const auto chord = [&](double across) { return across > 0.0 ? cell.current(c.g_on, across) / across : c.g_on; };
    const double g_column = p[0] * chord(u);      // the selected column's other cells, per cell
    const double g_row = p[0] * chord(v - w);     // the selected row's other cells, per cell
    // Lossy-line profiles (line_profiles.hpp); ideal wires give all ones.
    const Eigen::VectorXd q = column_line_profile(c.r_wire, g_column, n);
    const Eigen::VectorXd pr = row_line_profile(c.r_wire, g_row, n);
    // The selected cell (row 0, column N-1): its row node after the row's
    // drop towards W, its column node raised by the column's sneak current.
    const double x = w + (v - w) * pr(n - 1);
    const double y = u * (1.0 - q(0));
    const double open_voltage = x - y;
    // Its own current drops over both lines on the way (about 2 N segments).
    const double self_resistance = p[1] * 2.0 * c.r_wire * static_cast<double>(c.size);
    const auto selected_current = [&](double g) {
        if (self_resistance == 0.0) return cell.current(g, open_voltage);
        double lo = 0.0, hi = open_voltage;  // v = open - R I(v), by bisection
        for (int k = 0; k < 100; ++k) {
            const double mid = 0.5 * (lo + hi);
            (mid + self_resistance * cell.current(g, mid) > open_voltage ? hi : lo) = mid;
        }
        return cell.current(g, 0.5 * (lo + hi));
    };
    const double sneak = u * g_column * (q.sum() - q(0));
    SneakPrediction out;
    const double on_cell = selected_current(c.g_on) * q(0);
    const double off_cell = selected_current(c.g_off) * q(0);
    out.on_current = on_cell + sneak;
    out.off_current = off_cell + sneak;
    out.read_margin = (out.on_current - out.off_current) / out.on_current;
    out.sneak_current = sneak;
    return out;
}

}  // namespace memcosim::surrogate
