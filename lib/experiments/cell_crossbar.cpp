#include "experiments/cell_crossbar.hpp"

#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "models/evaluator.hpp"
#include "models/spice_lowering.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace memcosim::experiments {

CellType parse_cell_type(const std::string& text) {
    std::string upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "1R") return CellType::one_r;
    if (upper == "1S1R") return CellType::one_s_one_r;
    if (upper == "1T1R") return CellType::one_t_one_r;
    if (upper == "2T2R") return CellType::two_t_two_r;
    throw InputError(fmt::format("--cell: unknown cell type '{}' (expected 1R, 1S1R, 1T1R or 2T2R)", text));
}

const char* to_string(CellType type) {
    switch (type) {
        case CellType::one_r: return "1R";
        case CellType::one_s_one_r: return "1S1R";
        case CellType::one_t_one_r: return "1T1R";
        case CellType::two_t_two_r: return "2T2R";
    }
    return "?";
}

bool has_transistor(CellType type) { return type == CellType::one_t_one_r || type == CellType::two_t_two_r; }

void validate(const CellCrossbar& c) {
    c.array.validate();
    if (c.memory) validate(*c.memory);
    if (c.type == CellType::one_s_one_r) {
        if (!c.selector) throw InputError("1S1R cells need a selector model");
        if (c.selector->model.state_count() != 0) {
            throw InputError(fmt::format("selector '{}' has {} state(s); a selector must be stateless",
                                         c.selector->model.name(), c.selector->model.state_count()));
        }
        (void)models::resolve_parameters(c.selector->model, c.selector->parameters);
    }
    if (has_transistor(c.type)) {
        if (!c.transistor) throw InputError(fmt::format("{} cells need an access transistor", to_string(c.type)));
        if (!std::isfinite(c.gate_voltage)) throw InputError("--v-gate must be finite");
        if (c.gate_voltages.size() != 0 && c.gate_voltages.size() != c.array.rows()) {
            throw InputError(fmt::format("gate voltages: {} values for {} word lines", c.gate_voltages.size(),
                                         c.array.rows()));
        }
        if (!c.gate_voltages.allFinite()) throw InputError("gate voltages must be finite");
    } else if (c.gate_voltages.size() != 0) {
        throw InputError(fmt::format("{} cells have no gates: per-row gate voltages apply to 1T1R and 2T2R",
                                     to_string(c.type)));
    }
    if (c.type == CellType::two_t_two_r) {
        if (c.array.cols() % 2 != 0) {
            throw InputError(fmt::format("2T2R: the array needs an even number of columns (G+, G- side by side), got {}",
                                         c.array.cols()));
        }
        // A single-cell access may leave whole pairs open (the float scheme);
        // a pair half open would compare a sensed column with a floating one.
        for (Eigen::Index p = 0; p < c.array.cols() / 2 && !c.half_open_pairs; ++p) {
            if (c.array.column_termination(2 * p).floating != c.array.column_termination(2 * p + 1).floating) {
                throw InputError(fmt::format("2T2R: pair {} has one column floating and the other sensed", p));
            }
        }
    }
}

namespace {

using Names = generators::CrossbarNames;

std::string internal_node(Eigen::Index i, Eigen::Index j) { return fmt::format("m{}_{}", i, j); }
std::string gate_node(Eigen::Index i) { return fmt::format("gw{}", i); }

// "rg3_7" / "xg3_7" -> (3, 7).
std::pair<Eigen::Index, Eigen::Index> cell_of(const std::string& name) {
    const auto separator = name.find('_');
    return {std::stol(name.substr(2, separator - 2)), std::stol(name.substr(separator + 1))};
}

// Cuts every memory element's column end loose onto its internal node;
// returns the cells in circuit order.
std::vector<std::pair<Eigen::Index, Eigen::Index>> split_cells(netlist::Circuit& circuit) {
    std::vector<std::pair<Eigen::Index, Eigen::Index>> cells;
    for (auto& element : circuit.elements) {
        if (auto* r = std::get_if<netlist::Resistor>(&element); r && r->name.rfind("rg", 0) == 0) {
            cells.push_back(cell_of(r->name));
            r->negative = internal_node(cells.back().first, cells.back().second);
        } else if (auto* x = std::get_if<netlist::SubcircuitInstance>(&element); x && x->name.rfind("xg", 0) == 0) {
            cells.push_back(cell_of(x->name));
            x->nodes.at(1) = internal_node(cells.back().first, cells.back().second);
        }
    }
    return cells;
}

void add_selectors(const CellCrossbar& c, const std::vector<std::pair<Eigen::Index, Eigen::Index>>& cells,
                   netlist::Circuit& circuit) {
    models::SpiceLoweringOptions naming;
    naming.name = "selector_cell";
    const auto lowered = models::lower_to_spice(c.selector->model, models::SubcircuitMode::frozen_state, naming);
    circuit.subcircuits.push_back(lowered.subcircuit);
    const auto parameters = models::instance_parameters(c.selector->model, lowered, c.selector->parameters);
    for (const auto& [i, j] : cells) {
        circuit.add(netlist::SubcircuitInstance{fmt::format("xs{}_{}", i, j),
                                                {internal_node(i, j), Names::column_node(i, j)},
                                                lowered.subcircuit.name,
                                                parameters});
    }
}

void add_transistors(const CellCrossbar& c, const std::vector<std::pair<Eigen::Index, Eigen::Index>>& cells,
                     netlist::Circuit& circuit) {
    const auto& card = *c.transistor;
    circuit.models.push_back(card.model);
    for (Eigen::Index i = 0; i < c.array.rows(); ++i) {
        circuit.add(netlist::VoltageSource{fmt::format("vgate{}", i), gate_node(i), netlist::ground,
                                           netlist::Dc{c.gate_at(i)}});
    }
    for (const auto& [i, j] : cells) {
        circuit.add(netlist::Mosfet{fmt::format("mt{}_{}", i, j), internal_node(i, j), gate_node(i),
                                    Names::column_node(i, j), netlist::ground, card.model.name,
                                    {{"w", card.width}, {"l", card.length}}});
    }
}

// 2T2R: the declared outputs become the pair differences, each as the
// voltage of a behavioral source (numerically equal to I+ - I- in amperes).
void declare_pair_outputs(const CellCrossbar& c, netlist::Circuit& circuit) {
    netlist::OutputTable outputs{"col", "current", {}};
    for (Eigen::Index p = 0; p < c.array.cols() / 2; ++p) {
        // An open pair has no output; nor has a half-open one (a write's).
        if (c.array.column_termination(2 * p).floating || c.array.column_termination(2 * p + 1).floating) continue;
        const std::string node = fmt::format("pair{}", p);
        circuit.add(netlist::BehavioralSource{fmt::format("bpair{}", p), node, netlist::ground,
                                              netlist::BehavioralSource::Output::voltage,
                                              fmt::format("i({})-i({})", Names::sense_source(2 * p),
                                                          Names::sense_source(2 * p + 1))});
        circuit.add(netlist::Resistor{fmt::format("rpair{}", p), node, netlist::ground, 1.0});
        outputs.rows.emplace_back(std::to_string(p), node);
    }
    circuit.outputs = std::move(outputs);
}

}  // namespace

netlist::Circuit cell_crossbar_circuit(const CellCrossbar& c) {
    validate(c);
    auto circuit = c.memory ? model_crossbar_circuit(*c.memory) : generators::build_crossbar_circuit(c.array);
    if (c.type == CellType::one_r) return circuit;
    circuit.title = fmt::format("memcosim crossbar {} {}x{}", to_string(c.type), c.array.rows(), c.array.cols());
    const auto cells = split_cells(circuit);
    if (c.type == CellType::one_s_one_r) {
        circuit.comments.push_back(fmt::format("1S1R: row --memory-- m<i>_<j> --selector {}-- column",
                                               c.selector->model.name()));
        add_selectors(c, cells, circuit);
    } else {
        circuit.comments.push_back(fmt::format(
            "{}: row --memory-- m<i>_<j> --NMOS {} (W={} L={}, gate gw<i> at {}, bulk 0)-- column", to_string(c.type),
            c.transistor->label, c.transistor->width, c.transistor->length,
            c.gate_voltages.size() == 0 ? fmt::format("{} V", c.gate_voltage) : std::string("vgate<i>")));
        add_transistors(c, cells, circuit);
    }
    if (c.type == CellType::two_t_two_r) {
        circuit.comments.emplace_back("2T2R: pair p = columns 2p (G+) and 2p+1 (G-); output I(2p) - I(2p+1)");
        declare_pair_outputs(c, circuit);
    }
    return circuit;
}

Eigen::VectorXd cell_crossbar_spice(const CellCrossbar& c, spice::Engine& engine) {
    const auto circuit = cell_crossbar_circuit(c);
    netlist::require_electrical_rules(circuit);
    const auto result = engine.run(netlist::write_spice_lines(circuit));
    Eigen::VectorXd currents(c.array.cols());
    for (Eigen::Index j = 0; j < currents.size(); ++j) {
        // A floating column has no terminal: 0, as the solver reports it.
        currents(j) = c.array.column_termination(j).floating
                          ? 0.0
                          : result.vector(Names::sense_current_vector(j)).real.at(0);
    }
    return currents;
}

Eigen::VectorXd pair_currents(const Eigen::VectorXd& physical) {
    Eigen::VectorXd pairs(physical.size() / 2);
    for (Eigen::Index p = 0; p < pairs.size(); ++p) pairs(p) = physical(2 * p) - physical(2 * p + 1);
    return pairs;
}

solver::MemoryLaw memory_law(const CellCrossbar& c) {
    if (!c.memory) {
        return [g = c.array.conductance](Eigen::Index k, double v, double& current, double& slope) {
            slope = g.data()[k];
            current = slope * v;
        };
    }
    const auto& m = *c.memory;
    auto evaluator = std::make_shared<models::Evaluator>(
        m.cell.model, models::resolve_parameters(m.cell.model, m.cell.parameters));
    return [evaluator, states = m.states](Eigen::Index k, double v, double& current, double& slope) {
        std::array<double, models::max_states> x{};
        for (std::size_t s = 0; s < states.size(); ++s) x[s] = states[s].data()[k];
        const auto e = evaluator->evaluate(v, std::span<const double>(x.data(), states.size()));
        current = e.current;
        slope = e.dcurrent_dv;
    };
}

solver::AccessLaw access_law(const CellCrossbar& c, const std::optional<solver::CompactTransistor>& transistor) {
    if (c.type == CellType::one_s_one_r) {
        auto evaluator = std::make_shared<models::Evaluator>(
            c.selector->model, models::resolve_parameters(c.selector->model, c.selector->parameters));
        return [evaluator](Eigen::Index, double a, double col, double& current, double& d_a, double& d_c) {
            const auto e = evaluator->evaluate(a - col, {});
            current = e.current;
            d_a = e.dcurrent_dv;
            d_c = -e.dcurrent_dv;
        };
    }
    if (!transistor) throw InputError(fmt::format("{} cells need the fitted transistor model", to_string(c.type)));
    // Cell k = i C + j sits on word line i.
    Eigen::VectorXd gates = c.gate_voltages;
    if (gates.size() == 0) gates = Eigen::VectorXd::Constant(c.array.rows(), c.gate_voltage);
    return [t = *transistor, gates = std::move(gates), cols = c.array.cols()](
               Eigen::Index k, double a, double col, double& current, double& d_a, double& d_c) {
        const auto e = solver::evaluate(t, gates(k / cols), a, col);
        current = e.current;
        d_a = e.d_drain;
        d_c = e.d_source;
    };
}

solver::NonlinearCrossbarSolution cell_crossbar_solve(const CellCrossbar& c,
                                                      const std::optional<solver::CompactTransistor>& transistor,
                                                      const solver::NonlinearSolveOptions& options) {
    validate(c);
    if (c.type == CellType::one_r) {
        if (c.memory) return model_crossbar_solve(*c.memory, options);
        return solver::solve_nonlinear_crossbar(
            c.array,
            [g = c.array.conductance](const RowMajorMatrix& v, RowMajorMatrix& i, RowMajorMatrix& di) {
                i = g.cwiseProduct(v);
                di = g;
            },
            options);
    }
    // The linear memory, the compact transistor are pure; a model evaluator
    // (memory or selector) has scratch space and runs on one thread.
    const bool thread_safe = !c.memory && c.type != CellType::one_s_one_r;
    const auto cells = solver::series_cell_evaluator(c.array.rows(), c.array.cols(), memory_law(c),
                                                     access_law(c, transistor), thread_safe);
    return solver::solve_nonlinear_crossbar(c.array, cells, options);
}

}  // namespace memcosim::experiments
