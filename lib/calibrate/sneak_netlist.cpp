#include "calibrate/sneak_netlist.hpp"

#include "calibrate/sneak_calibration.hpp"
#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/bias_scheme.hpp"
#include "solver/sneak_analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>

namespace memcosim::calibrate {

using nlohmann::json;
using Names = generators::CrossbarNames;

namespace {

// The selector law's two constants: I = scale g sinh(v / v0).
struct SinhLaw {
    double v0 = 0.0, scale = 0.0;
};

SinhLaw sinh_law(const surrogate::SneakCase& c) {
    const double v0 = solver::sinh_v0_for_ratio(c.v_read, c.selector_ratio);
    return {v0, c.v_read / std::sinh(c.v_read / v0)};
}

double cell_current(const surrogate::SneakCase& c, double g, double v) {
    if (c.selector_ratio == 0.0) return g * v;
    const SinhLaw law = sinh_law(c);
    return g * law.scale * std::sinh(v / law.v0);
}

constexpr Eigen::Index selected_row = 0;

Eigen::Index selected_column(const surrogate::SneakCase& c) { return static_cast<Eigen::Index>(c.size) - 1; }

// The generator's resistor "rg<i>_<j>" becomes a B current source from the
// row node to the column node carrying the selector law.
void replace_cells_by_selectors(const surrogate::SneakCase& c, const CrossbarArray& array, netlist::Circuit& circuit) {
    const SinhLaw law = sinh_law(c);
    for (netlist::Element& element : circuit.elements) {
        const auto* resistor = std::get_if<netlist::Resistor>(&element);
        if (resistor == nullptr || resistor->name.rfind("rg", 0) != 0) continue;
        Eigen::Index i = 0, j = 0;
        if (std::sscanf(resistor->name.c_str(), "rg%td_%td", &i, &j) != 2) continue;
        const double coefficient = law.scale * array.conductance(i, j);
        element = netlist::BehavioralSource{
            fmt::format("bg{}_{}", i, j), resistor->positive, resistor->negative, netlist::BehavioralSource::Output::current,
            fmt::format("{:.17g}*sinh(v({},{})/{:.17g})", coefficient, resistor->positive, resistor->negative, law.v0)};
    }
    circuit.title = fmt::format("memcosim sneak read 1S1R {}x{} (sinh selector cells, K = {})", c.size, c.size,
                                c.selector_ratio);
}

// The read's array: every cell ON but the selected one, rows and columns
// biased by the scheme (the same array solver::analyse_read solves).
CrossbarArray sneak_array(const surrogate::SneakCase& c, double g_selected) {
    CrossbarArray array;
    const auto n = static_cast<Eigen::Index>(c.size);
    array.conductance = RowMajorMatrix::Constant(n, n, c.g_on);
    array.conductance(selected_row, selected_column(c)) = g_selected;
    array.inputs = Eigen::VectorXd::Zero(n);
    array.row_wire_resistance = c.r_wire;
    array.column_wire_resistance = c.r_wire;
    return array;
}

void check_case(const surrogate::SneakCase& c, double g_selected) {
    (void)surrogate::predict_sneak(c, {});  // the surrogate's checks of the case
    if (!(c.r_wire > 0.0)) {
        throw InputError(fmt::format("sneak netlist: wire resistance {} ohm: ideal wires have no SPICE resistor", c.r_wire));
    }
    if (!(g_selected > 0.0)) throw InputError(fmt::format("sneak netlist: selected conductance {} must be > 0", g_selected));
}

}  // namespace

SneakTolerances sneak_tolerances(const surrogate::SneakCase& c) {
    constexpr double eps = 2.220446049250313e-16;  // double precision
    constexpr double margin = 10.0;                // above the round-off floor
    const double slope_at_zero = c.selector_ratio == 0.0 ? 1.0 : sinh_law(c).scale / sinh_law(c).v0;
    const double wire_current = c.v_read / c.r_wire;            // scale of the wire terms in each KCL sum
    const double tie = static_cast<double>(c.size) * c.g_on * slope_at_zero;  // a floating line's hold
    SneakTolerances t;
    t.abstol = std::max(t.abstol, margin * eps * wire_current);
    t.vntol = std::max(t.vntol, margin * eps * wire_current / tie);
    return t;
}

netlist::Circuit build_sneak_circuit(const surrogate::SneakCase& c, double g_selected) {
    check_case(c, g_selected);
    CrossbarArray array = sneak_array(c, g_selected);
    solver::apply_bias_scheme(array, solver::parse_bias_scheme(c.scheme), {selected_row, selected_column(c)}, c.v_read);
    netlist::Circuit circuit = generators::build_crossbar_circuit(array);
    circuit.comments.push_back(fmt::format("sneak read: scheme {}, selected cell (0, {}) at {} S, g_on {} S, v_read {} V",
                                           c.scheme, c.size - 1, g_selected, c.g_on, c.v_read));
    if (c.selector_ratio != 0.0) replace_cells_by_selectors(c, array, circuit);
    // Newton to far below the surrogate's error, above the round-off floor
    // (sneak_netlist.hpp): the margin is a difference of two currents.
    const SneakTolerances t = sneak_tolerances(c);
    circuit.options.emplace_back("reltol", fmt::format("{:.3g}", t.reltol));
    circuit.options.emplace_back("abstol", fmt::format("{:.3g}", t.abstol));
    circuit.options.emplace_back("vntol", fmt::format("{:.3g}", t.vntol));
    return circuit;
}

SneakNodeVoltages exact_sneak_node_voltages(const surrogate::SneakCase& c, double g_selected) {
    check_case(c, g_selected);
    const CrossbarArray array = sneak_array(c, g_selected);
    const solver::SneakSettings s = sneak_settings(c);
    const solver::BiasScheme scheme = solver::parse_bias_scheme(c.scheme);
    const solver::SelectedCell cell{selected_row, selected_column(c)};
    const solver::CellAccess access =
        s.cell.linear() ? solver::access_cell(array, scheme, cell, c.v_read, s.options.linear)
                        : solver::access_cell(array, solver::cell_evaluator(s.cell, array.conductance), scheme, cell,
                                              c.v_read, s.options);
    return {access.solution.row_voltages, access.solution.column_voltages};
}

std::vector<std::string> sneak_netlist_lines(const surrogate::SneakCase& c, double g_selected,
                                             const SneakNodeVoltages* start) {
    std::vector<std::string> lines = netlist::write_spice_lines(build_sneak_circuit(c, g_selected));
    if (start == nullptr) return lines;
    const Eigen::Index n = static_cast<Eigen::Index>(c.size);
    if (start->row.rows() != n || start->row.cols() != n || start->column.rows() != n || start->column.cols() != n) {
        throw InputError(fmt::format("sneak netlist: start voltages are not {0}x{0}", n));
    }
    std::vector<std::string> nodeset;
    nodeset.reserve(static_cast<std::size_t>(2 * n * n));
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            nodeset.push_back(fmt::format(".nodeset v({})={:.17g}", Names::row_node(i, j), start->row(i, j)));
            nodeset.push_back(fmt::format(".nodeset v({})={:.17g}", Names::column_node(i, j), start->column(i, j)));
        }
    }
    // Before the analysis card.
    const auto analysis = std::find(lines.begin(), lines.end(), std::string(".op"));
    if (analysis == lines.end()) throw EngineError("sneak netlist: the generated netlist has no .op card");
    lines.insert(analysis, nodeset.begin(), nodeset.end());
    return lines;
}

SneakSpiceRead run_sneak_read(spice::Engine& engine, const surrogate::SneakCase& c, double g_selected,
                              const std::vector<std::string>& lines) {
    const Eigen::Index column = selected_column(c);
    const auto start = std::chrono::steady_clock::now();
    const spice::RunResult result = engine.run(lines);
    SneakSpiceRead read;
    read.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double v_row = result.vector(Names::row_node(selected_row, column)).real.at(0);
    const double v_column = result.vector(Names::column_node(selected_row, column)).real.at(0);
    read.sensed = result.vector(Names::sense_current_vector(column)).real.at(0);
    read.cell = cell_current(c, g_selected, v_row - v_column);
    return read;
}

SneakSpiceResult run_sneak_spice(spice::Engine& engine, const surrogate::SneakCase& c) {
    double seconds = 0.0;
    const auto read = [&](double g_selected) {
        std::vector<std::string> lines;
        if (c.selector_ratio != 0.0) {
            const SneakNodeVoltages start = exact_sneak_node_voltages(c, g_selected);
            lines = sneak_netlist_lines(c, g_selected, &start);
        } else {
            lines = sneak_netlist_lines(c, g_selected, nullptr);  // linear: Newton converges at once
        }
        const SneakSpiceRead r = run_sneak_read(engine, c, g_selected, lines);
        seconds += r.seconds;
        return r;
    };
    const SneakSpiceRead on = read(c.g_on);
    const SneakSpiceRead off = read(c.g_off);
    SneakSpiceResult out;
    out.on_current = on.sensed;
    out.off_current = off.sensed;
    out.read_margin = (on.sensed - off.sensed) / on.sensed;
    out.sneak_current = off.sensed - off.cell;
    out.seconds = seconds;
    return out;
}

json sneak_case_to_json(const surrogate::SneakCase& c) {
    return {{"size", c.size},   {"scheme", c.scheme}, {"g_on", c.g_on},
            {"g_off", c.g_off}, {"v_read", c.v_read}, {"r_wire", c.r_wire},
            {"selector_ratio", c.selector_ratio}};
}

surrogate::SneakCase sneak_case_from_json(const json& j) {
    surrogate::SneakCase c;
    try {
        c.size = j.at("size").get<long>();
        c.scheme = j.at("scheme").get<std::string>();
        c.g_on = j.at("g_on").get<double>();
        c.g_off = j.at("g_off").get<double>();
        c.v_read = j.at("v_read").get<double>();
        c.r_wire = j.at("r_wire").get<double>();
        c.selector_ratio = j.at("selector_ratio").get<double>();
    } catch (const json::exception& error) {
        throw InputError(fmt::format("sneak case: {}", error.what()));
    }
    return c;
}

json run_sneak_job(spice::Engine& engine, const json& request) {
    const SneakSpiceResult r = run_sneak_spice(engine, sneak_case_from_json(request.at("case")));
    return {{"ok", true},
            {"on_current", r.on_current},
            {"off_current", r.off_current},
            {"read_margin", r.read_margin},
            {"sneak_current", r.sneak_current},
            {"seconds", r.seconds}};
}

}  // namespace memcosim::calibrate
