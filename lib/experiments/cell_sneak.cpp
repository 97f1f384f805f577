#include "experiments/cell_sneak.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::experiments {
namespace {

void check(Eigen::Index size, const CellSneakSettings& s) {
    if (size < 1) throw InputError(fmt::format("sneak analysis: array size must be >= 1, got {}", size));
    if (s.cell.type == CellType::two_t_two_r) {
        throw InputError("sneak analysis: 2T2R is read as a difference of two cells, not as one cell ON vs OFF; "
                         "use --cell 1T1R (the same access transistor)");
    }
    if (!(s.g_on > 0.0) || !(s.g_off > 0.0) || !(s.g_off < s.g_on) || !std::isfinite(s.g_on)) {
        throw InputError(fmt::format("sneak analysis: need 0 < --g-off < --g-on, got {} and {}", s.g_off, s.g_on));
    }
    if (!(s.v_read > 0.0) || !std::isfinite(s.v_read)) {
        throw InputError(fmt::format("sneak analysis: --v-read must be > 0 V, got {}", s.v_read));
    }
    if (!(s.r_wire >= 0.0) || !std::isfinite(s.r_wire)) {
        throw InputError(fmt::format("sneak analysis: --r-wire must be >= 0 ohm, got {}", s.r_wire));
    }
}

solver::SneakPoint summarise(Eigen::Index size, const CellAccessReading& on, const CellAccessReading& off) {
    solver::SneakPoint point;
    point.size = size;
    point.on_current = on.sensed_current;
    point.off_current = off.sensed_current;
    point.read_margin = (on.sensed_current - off.sensed_current) / on.sensed_current;
    point.sneak_current = off.sneak_current;
    point.disturb_voltage = std::max({on.half_selected_voltage, on.unselected_voltage, off.half_selected_voltage,
                                      off.unselected_voltage});
    return point;
}

}  // namespace

CellAccessTarget sneak_target(Eigen::Index size, const CellSneakSettings& s) {
    return {s.scheme, 0, size - 1, s.v_read};
}

CellCrossbar sneak_crossbar(Eigen::Index size, const CellSneakSettings& s, double g_selected) {
    check(size, s);
    CellCrossbar c = s.cell;
    c.memory.reset();
    c.array = CrossbarArray{};
    c.array.conductance = RowMajorMatrix::Constant(size, size, s.g_on);
    const auto target = sneak_target(size, s);
    c.array.conductance(target.row, target.column) = g_selected;
    c.array.inputs = Eigen::VectorXd::Zero(size);
    c.array.row_wire_resistance = s.r_wire;
    c.array.column_wire_resistance = s.r_wire;
    apply_access(c, target);
    if (has_transistor(c.type)) select_word_line(c, target.row, s.cell.gate_voltage, s.gate_off);
    validate(c);
    return c;
}

solver::SneakPoint analyse_cell_read(Eigen::Index size, const CellSneakSettings& s,
                                     const std::optional<solver::CompactTransistor>& transistor) {
    const auto target = sneak_target(size, s);
    const auto on = cell_access_solve(sneak_crossbar(size, s, s.g_on), target, transistor, s.options);
    const auto off = cell_access_solve(sneak_crossbar(size, s, s.g_off), target, transistor, s.options);
    return summarise(size, on.reading, off.reading);
}

solver::SneakPoint analyse_cell_read_spice(Eigen::Index size, const CellSneakSettings& s, spice::Engine& engine) {
    const auto target = sneak_target(size, s);
    const auto on = cell_access_spice(sneak_crossbar(size, s, s.g_on), target, engine);
    const auto off = cell_access_spice(sneak_crossbar(size, s, s.g_off), target, engine);
    return summarise(size, on, off);
}

}  // namespace memcosim::experiments
