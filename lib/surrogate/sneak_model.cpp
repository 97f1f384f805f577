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
    static const std::vector<std::string> names{"line_load_scale", "self_drop_scale", "background_scale",
                                                "half_select_path_scale"};
    return names;
}

namespace {

// What the selected lines see: the potential the other rows present to the
// selected column at its cells (u) and the other columns to the selected
// row (w), and the per-cell conductances of those paths (chords).
struct Surroundings {
    double u = 0.0, w = 0.0;
    double g_column = 0.0, g_row = 0.0;  // chord conductance of a half-selected cell with its wire path
};

// A half-selected cell's chord in series with the other line's wire from
// its driver (v2, v3: N segments; floating lines: about N/3, the mean path
// of a current collected along the line), scaled by p3.
double with_path(double chord, double path_resistance) { return chord / (1.0 + path_resistance * chord); }

}  // namespace

SneakPrediction predict_sneak(const SneakCase& c, const SneakParameters& parameters) {
    validate(c);
    if (parameters.values.size() != SneakParameters::count) {
        throw InputError(fmt::format("sneak surrogate: {} parameters, expected {}", parameters.values.size(),
                                     SneakParameters::count));
    }
    // Each coefficient scales a resistance or a load, so it acts by its
    // magnitude: an unconstrained fit can never make a path negative.
    std::vector<double> p = parameters.values;
    for (double& value : p) value = std::abs(value);
    const Cell cell{c.v_read, c.selector_ratio == 0.0 ? 0.0 : c.v_read / (2.0 * std::acosh(c.selector_ratio / 2.0))};
    const double v = c.v_read, r = c.r_wire;
    const auto n = static_cast<Eigen::Index>(c.size);
    const double size = static_cast<double>(c.size), others = size - 1.0;
    const auto chord = [&](double across) {
        across = std::abs(across);
        return across > 0.0 ? cell.current(c.g_on, across) / across : c.g_on;
    };
    const bool floating = c.scheme == "float";
    const double path = p[3] * r * (floating ? size / 3.0 : size);
    Surroundings s;
    Eigen::VectorXd q, pr;  // the selected column's and row's lossy-line profiles
    const auto profiles = [&] {
        q = column_line_profile(r, p[0] * s.g_column, n);
        pr = row_line_profile(r, p[0] * s.g_row, n);
    };
    if (!floating) {
        // The drivers' potentials; under v3 the other cells carry current
        // (they see U - W = -V/3), so the other rows rise towards W at their
        // far end, where the selected column is, and the other columns fall
        // towards U at their top, where the selected row is (lossy lines
        // loaded by that block, scaled by p2). Under v2 they carry none.
        const double big_u = c.scheme == "v3" ? v / 3.0 : v / 2.0;
        const double big_w = c.scheme == "v3" ? 2.0 * v / 3.0 : v / 2.0;
        s.u = big_u;
        s.w = big_w;
        if (big_u != big_w && r > 0.0) {
            const double h = p[2] * chord(big_u - big_w);
            s.u = big_w + (big_u - big_w) * row_line_profile(r, h, n)(n - 1);
            s.w = big_u + (big_w - big_u) * column_line_profile(r, h, n)(0);
        }
        s.g_column = with_path(chord(s.u), path);
        s.g_row = with_path(chord(v - s.w), path);
        profiles();
    } else {
        // Floating lines: the selected row feeds the N-1 other columns (b),
        // which feed the (N-1)^2 other cells into the other rows (a), which
        // feed the selected column: a chain of three conductances, the two
        // outer ones through the selected lines' lossy profiles, the middle
        // one lengthened by its own wires (p2). Solved for a, b with the
        // chords at the current voltages; ideal wires give the exact a, b.
        s.u = floating_row_potential(cell, c.g_on, v, c.size);
        s.w = c.size > 1 ? floating_column_potential(cell, c.g_on, v, c.size, s.u) : 0.0;
        const double block_path = p[2] * (2.0 / 3.0) * r / std::max(others, 1.0);
        for (int refresh = 0; refresh < 3; ++refresh) {
            s.g_column = with_path(chord(s.u), path);
            s.g_row = with_path(chord(v - s.w), path);
            profiles();
            if (r == 0.0 || c.size == 1) break;
            // The line profiles change little with the voltages: held for
            // this pass, the chain's KCL is solved by nested bisection
            // (each side monotonic), then the profiles are refreshed.
            const double row_sum = pr.sum() - pr(n - 1), column_sum = q.sum() - q(0);
            const auto into_columns = [&](double b) { return row_sum * (v - b) * with_path(chord(v - b), path); };
            const auto into_column = [&](double a) { return column_sum * a * with_path(chord(a), path); };
            const auto through_block = [&](double a, double b) {
                const double g2 = others * others * chord(b - a);
                return (b - a) * g2 / (1.0 + block_path * g2);
            };
            const auto b_for = [&](double a) {  // into_columns(b) = through_block(a, b)
                double lo = a, hi = v;
                for (int k = 0; k < 80; ++k) {
                    const double mid = 0.5 * (lo + hi);
                    (into_columns(mid) > through_block(a, mid) ? lo : hi) = mid;
                }
                return 0.5 * (lo + hi);
            };
            double lo = 0.0, hi = v;  // through_block(a, b(a)) = into_column(a)
            for (int k = 0; k < 80; ++k) {
                const double mid = 0.5 * (lo + hi);
                (through_block(mid, b_for(mid)) > into_column(mid) ? lo : hi) = mid;
            }
            s.u = 0.5 * (lo + hi);
            s.w = b_for(s.u);
        }
    }
    // The selected cell (row 0, column N-1): its row node after the row's
    // drop towards w, its column node raised by the column's sneak current.
    const double x = s.w + (v - s.w) * pr(n - 1);
    const double y = s.u * (1.0 - q(0));
    const double open_voltage = x - y;
    // Its own current drops over both lines on the way (about 2 N segments).
    const double self_resistance = p[1] * 2.0 * r * size;
    const auto selected_current = [&](double g) {
        if (self_resistance == 0.0) return cell.current(g, open_voltage);
        double lo = 0.0, hi = open_voltage;  // v = open - R I(v), by bisection
        for (int k = 0; k < 100; ++k) {
            const double mid = 0.5 * (lo + hi);
            (mid + self_resistance * cell.current(g, mid) > open_voltage ? hi : lo) = mid;
        }
        return cell.current(g, 0.5 * (lo + hi));
    };
    const double sneak = s.u * s.g_column * (q.sum() - q(0));
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
