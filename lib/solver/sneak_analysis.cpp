#include "solver/sneak_analysis.hpp"

#include "core/error.hpp"
#include "solver/series_cell.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {

CellCurve linear_cell() { return {"1R", {}}; }

CellCurve sinh_selector_cell(double v0, double v_match) {
    if (!(v0 > 0.0) || !std::isfinite(v0)) throw InputError(fmt::format("sinh cell: v0 must be > 0 V, got {}", v0));
    if (!(v_match > 0.0) || !std::isfinite(v_match)) {
        throw InputError(fmt::format("sinh cell: the matching voltage must be > 0 V, got {}", v_match));
    }
    const double scale = v_match / std::sinh(v_match / v0);  // I(v_match) = g v_match
    return {fmt::format("1S1R sinh (v0 = {:.4g} V)", v0),
            [v0, scale](double g, double v, double& current, double& slope) {
                current = g * scale * std::sinh(v / v0);
                slope = g * scale / v0 * std::cosh(v / v0);
            }};
}

CellCurve series_selector_cell(std::string name,
                               std::function<void(double v, double& current, double& slope)> selector) {
    return {std::move(name), [selector = std::move(selector)](double g, double v, double& current, double& slope) {
                const MemoryLaw memory = [g](Eigen::Index, double u, double& i, double& di) {
                    di = g;
                    i = g * u;
                };
                const AccessLaw access = [&selector](Eigen::Index, double a, double c, double& i, double& da,
                                                     double& dc) {
                    selector(a - c, i, da);
                    dc = -da;
                };
                const SeriesPoint p = solve_series_pair(0, v, 0.0, 0.5 * v, memory, access);
                current = p.current;
                slope = p.slope;
            }};
}

double sinh_v0_for_ratio(double v_read, double ratio) {
    if (!(ratio > 2.0) || !std::isfinite(ratio)) {
        throw InputError(fmt::format("selector ratio I(V)/I(V/2) must be > 2 (2 is a linear cell), got {}", ratio));
    }
    if (!(v_read > 0.0)) throw InputError(fmt::format("selector: the read voltage must be > 0 V, got {}", v_read));
    return v_read / (2.0 * std::acosh(ratio / 2.0));  // 2 cosh(V / (2 v0)) = ratio
}

CellEvaluator cell_evaluator(const CellCurve& cell, const RowMajorMatrix& conductance) {
    if (cell.linear()) {
        return [conductance](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
            i = conductance.cwiseProduct(v);
            di = conductance;
        };
    }
    return [curve = cell.curve, conductance](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
        i.resize(v.rows(), v.cols());
        di.resize(v.rows(), v.cols());
        for (Eigen::Index k = 0; k < v.size(); ++k)
            curve(conductance.data()[k], v.data()[k], i.data()[k], di.data()[k]);
    };
}

namespace {

void check_settings(Eigen::Index size, const SneakSettings& s) {
    if (size < 1) throw InputError(fmt::format("sneak analysis: array size must be >= 1, got {}", size));
    if (!(s.g_on > 0.0) || !(s.g_off > 0.0) || !std::isfinite(s.g_on) || !std::isfinite(s.g_off)) {
        throw InputError(
            fmt::format("sneak analysis: --g-on and --g-off must be > 0 S, got {} and {}", s.g_on, s.g_off));
    }
    if (!(s.g_off < s.g_on)) {
        throw InputError(fmt::format("sneak analysis: --g-off ({}) must be below --g-on ({})", s.g_off, s.g_on));
    }
    if (!(s.v_read > 0.0) || !std::isfinite(s.v_read)) {
        throw InputError(fmt::format("sneak analysis: --v-read must be > 0 V, got {}", s.v_read));
    }
    if (!(s.r_wire >= 0.0) || !std::isfinite(s.r_wire)) {
        throw InputError(fmt::format("sneak analysis: --r-wire must be >= 0 ohm, got {}", s.r_wire));
    }
}

CellAccess read_with(const SneakSettings& s, Eigen::Index size, double g_selected) {
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Constant(size, size, s.g_on);
    const SelectedCell cell{0, size - 1};
    array.conductance(cell.row, cell.column) = g_selected;
    array.inputs = Eigen::VectorXd::Zero(size);
    array.row_wire_resistance = s.r_wire;
    array.column_wire_resistance = s.r_wire;
    if (s.cell.linear()) return access_cell(array, s.scheme, cell, s.v_read, s.options.linear);
    return access_cell(array, cell_evaluator(s.cell, array.conductance), s.scheme, cell, s.v_read, s.options);
}

}  // namespace

SneakPoint analyse_read(Eigen::Index size, const SneakSettings& settings) {
    check_settings(size, settings);
    const CellAccess on = read_with(settings, size, settings.g_on);
    const CellAccess off = read_with(settings, size, settings.g_off);
    SneakPoint point;
    point.size = size;
    point.on_current = on.sensed_current;
    point.off_current = off.sensed_current;
    point.read_margin = (on.sensed_current - off.sensed_current) / on.sensed_current;
    point.sneak_current = off.sneak_current;
    point.disturb_voltage = std::max(on.disturb_voltage(), off.disturb_voltage());
    return point;
}

}  // namespace memcosim::solver
