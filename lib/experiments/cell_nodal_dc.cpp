#include "experiments/cell_nodal_dc.hpp"

#include "core/error.hpp"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace memcosim::experiments {
namespace {

// Unknown numbering: rows, then columns, then internal nodes. With ideal
// wires a whole line is one node.
struct Layout {
    Eigen::Index rows = 0, cols = 0;
    bool ideal = false;
    Eigen::Index row_count = 0, column_count = 0;

    [[nodiscard]] Eigen::Index row(Eigen::Index i, Eigen::Index j) const { return ideal ? i : i * cols + j; }
    [[nodiscard]] Eigen::Index column(Eigen::Index i, Eigen::Index j) const {
        return row_count + (ideal ? j : i * cols + j);
    }
    [[nodiscard]] Eigen::Index internal(Eigen::Index i, Eigen::Index j) const {
        return row_count + column_count + i * cols + j;
    }
    [[nodiscard]] Eigen::Index size() const { return row_count + column_count + rows * cols; }
};

// One line end: the node next to the source and the conductance between
// them (0 with `held`: the node is the source).
struct LineEnd {
    Eigen::Index node = 0;
    double source = 0.0;
    double conductance = 0.0;
    bool held = false;
};

// The system's residual (current leaving each node) and Jacobian at x.
class NodalSystem {
public:
    NodalSystem(const CellCrossbar& c, const solver::CompactTransistor& t) : c_(c), t_(t), memory_(memory_law(c)) {
        const auto& a = c.array;
        layout_.rows = a.rows();
        layout_.cols = a.cols();
        layout_.ideal = a.ideal_wires();
        layout_.row_count = layout_.ideal ? a.rows() : a.rows() * a.cols();
        layout_.column_count = layout_.ideal ? a.cols() : a.rows() * a.cols();
        held_.assign(static_cast<std::size_t>(layout_.size()), false);
        held_value_.assign(held_.size(), 0.0);
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
            const auto driver = a.row_driver(i);
            if (driver.floating) {
                row_ends_.push_back(LineEnd{-1, 0.0, 0.0, false});
                continue;
            }
            const double r = driver.resistance + (layout_.ideal ? 0.0 : a.row_wire_resistance);
            add_end(row_ends_, layout_.row(i, 0), a.inputs(i), r);
        }
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            const auto termination = a.column_termination(j);
            if (termination.floating) {
                column_ends_.push_back(LineEnd{-1, 0.0, 0.0, false});
                continue;
            }
            const double r = termination.resistance + (layout_.ideal ? 0.0 : a.column_wire_resistance);
            add_end(column_ends_, layout_.column(a.rows() - 1, j), a.column_bias_voltage(j), r);
        }
    }

    [[nodiscard]] const Layout& layout() const { return layout_; }
    [[nodiscard]] bool held(Eigen::Index n) const { return held_[static_cast<std::size_t>(n)]; }
    [[nodiscard]] double held_value(Eigen::Index n) const { return held_value_[static_cast<std::size_t>(n)]; }
    [[nodiscard]] const std::vector<LineEnd>& column_ends() const { return column_ends_; }
    [[nodiscard]] const LineEnd& row_end(Eigen::Index i) const { return row_ends_[static_cast<std::size_t>(i)]; }

    // f: currents leaving each free node through the circuit's elements (a
    // held node's entry is its distance from the source); J = df/dx. The
    // triplet list has the same entries in the same order at every call.
    void evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& f, std::vector<Eigen::Triplet<double>>& jacobian,
                  RowMajorMatrix* memory_current = nullptr, RowMajorMatrix* cell_current = nullptr) const {
        f.setZero(layout_.size());
        jacobian.clear();
        const auto stamp = [&](Eigen::Index node, Eigen::Index by, double value) {
            if (!held(node)) jacobian.emplace_back(node, by, value);
        };
        const auto leave = [&](Eigen::Index node, double current) {
            if (!held(node)) f(node) += current;
        };
        const auto conductance = [&](Eigen::Index p, Eigen::Index q, double g) {
            const double i = g * (x(p) - x(q));
            leave(p, i);
            leave(q, -i);
            stamp(p, p, g);
            stamp(p, q, -g);
            stamp(q, q, g);
            stamp(q, p, -g);
        };
        const auto& a = c_.array;
        if (!layout_.ideal) {
            for (Eigen::Index i = 0; i < a.rows(); ++i) {
                for (Eigen::Index j = 0; j + 1 < a.cols(); ++j) {
                    conductance(layout_.row(i, j), layout_.row(i, j + 1), 1.0 / a.row_wire_resistance);
                }
            }
            for (Eigen::Index i = 0; i + 1 < a.rows(); ++i) {
                for (Eigen::Index j = 0; j < a.cols(); ++j) {
                    conductance(layout_.column(i, j), layout_.column(i + 1, j), 1.0 / a.column_wire_resistance);
                }
            }
        }
        for (const auto* ends : {&row_ends_, &column_ends_}) {
            for (const auto& end : *ends) {
                if (end.node < 0 || end.held) continue;
                leave(end.node, end.conductance * (x(end.node) - end.source));
                stamp(end.node, end.node, end.conductance);
            }
        }
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
            const double gate = c_.gate_at(i);
            for (Eigen::Index j = 0; j < a.cols(); ++j) {
                const Eigen::Index r = layout_.row(i, j), m = layout_.internal(i, j), q = layout_.column(i, j);
                double i_mem = 0.0, g_mem = 0.0;
                memory_(i * a.cols() + j, x(r) - x(m), i_mem, g_mem);
                leave(r, i_mem);
                leave(m, -i_mem);
                stamp(r, r, g_mem);
                stamp(r, m, -g_mem);
                stamp(m, m, g_mem);
                stamp(m, r, -g_mem);
                const auto channel = solver::evaluate(t_, gate, x(m), x(q));  // drain m, source on the column
                leave(m, channel.current);
                leave(q, -channel.current);
                stamp(m, m, channel.d_drain);
                stamp(m, q, channel.d_source);
                stamp(q, q, -channel.d_source);
                stamp(q, m, -channel.d_drain);
                const auto drain = solver::junction_current(t_, x(m));
                const auto source = solver::junction_current(t_, x(q));
                leave(m, drain.current);
                stamp(m, m, drain.slope);
                leave(q, source.current);
                stamp(q, q, source.slope);
                if (memory_current) (*memory_current)(i, j) = i_mem;
                if (cell_current) (*cell_current)(i, j) = channel.current - source.current;
            }
        }
        for (Eigen::Index n = 0; n < layout_.size(); ++n) {
            if (!held(n)) continue;
            f(n) = x(n) - held_value(n);
            jacobian.emplace_back(n, n, 1.0);
        }
    }

private:
    void add_end(std::vector<LineEnd>& ends, Eigen::Index node, double source, double resistance) {
        LineEnd end{node, source, 0.0, resistance == 0.0};
        if (end.held) {
            held_[static_cast<std::size_t>(node)] = true;
            held_value_[static_cast<std::size_t>(node)] = source;
        } else {
            end.conductance = 1.0 / resistance;
        }
        ends.push_back(end);
    }

    const CellCrossbar& c_;
    const solver::CompactTransistor& t_;
    solver::MemoryLaw memory_;
    Layout layout_;
    std::vector<bool> held_;
    std::vector<double> held_value_;
    std::vector<LineEnd> row_ends_, column_ends_;
};

// Start: driven lines at their sources, floating ones at 0 V, each internal
// node half way between its row and column.
Eigen::VectorXd initial_point(const CellCrossbar& c, const NodalSystem& system) {
    const auto& l = system.layout();
    const auto& a = c.array;
    Eigen::VectorXd x = Eigen::VectorXd::Zero(l.size());
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        const double v = a.row_driver(i).floating ? 0.0 : a.inputs(i);
        for (Eigen::Index j = 0; j < a.cols(); ++j) x(l.row(i, j)) = v;
    }
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
        const double u = a.column_termination(j).floating ? 0.0 : a.column_bias_voltage(j);
        for (Eigen::Index i = 0; i < a.rows(); ++i) x(l.column(i, j)) = u;
    }
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            x(l.internal(i, j)) = 0.5 * (x(l.row(i, j)) + x(l.column(i, j)));
        }
    }
    for (Eigen::Index n = 0; n < l.size(); ++n) {
        if (system.held(n)) x(n) = system.held_value(n);
    }
    return x;
}

std::string node_name(const Layout& l, Eigen::Index n) {
    const auto cell = [&](Eigen::Index k) { return fmt::format("({}, {})", k / l.cols, k % l.cols); };
    if (n < l.row_count) return l.ideal ? fmt::format("row {}", n) : fmt::format("row node {}", cell(n));
    n -= l.row_count;
    if (n < l.column_count) return l.ideal ? fmt::format("column {}", n) : fmt::format("column node {}", cell(n));
    return fmt::format("internal node of cell {}", cell(n - l.column_count));
}

}  // namespace

CellNodalSolution solve_cell_nodal(const CellCrossbar& c, const solver::CompactTransistor& t,
                                   const CellNodalOptions& options) {
    validate(c);
    if (!has_transistor(c.type)) {
        throw InputError(fmt::format("the nodal cell solve is for 1T1R and 2T2R cells, not {}", to_string(c.type)));
    }
    const NodalSystem system(c, t);
    const auto& l = system.layout();
    Eigen::VectorXd x = initial_point(c, system), f;
    std::vector<Eigen::Triplet<double>> triplets;
    Eigen::SparseMatrix<double> jacobian(l.size(), l.size());
    Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
    bool analysed = false;
    CellNodalSolution out;
    Eigen::Index worst = 0;
    for (int iteration = 1; iteration <= options.max_newton_iterations; ++iteration) {
        system.evaluate(x, f, triplets);
        if (!f.allFinite()) throw EngineError("nodal cell solve: a device returned a non-finite current");
        jacobian.setFromTriplets(triplets.begin(), triplets.end());
        if (!analysed) {
            lu.analyzePattern(jacobian);
            analysed = true;
        }
        lu.factorize(jacobian);
        if (lu.info() != Eigen::Success) {
            throw EngineError(fmt::format("nodal cell solve: the Jacobian is singular ({})", lu.lastErrorMessage()));
        }
        const Eigen::VectorXd step = lu.solve(-f);
        double largest = 0.0;
        for (Eigen::Index n = 0; n < l.size(); ++n) {
            const double s = std::clamp(step(n), -options.max_voltage_step, options.max_voltage_step);
            x(n) += s;
            if (std::abs(s) > largest) {
                largest = std::abs(s);
                worst = n;
            }
        }
        out.newton_iterations = iteration;
        if (largest <= options.voltage_tolerance) break;
        if (iteration == options.max_newton_iterations) {
            throw EngineError(fmt::format(
                "nodal cell solve: Newton did not converge in {} iterations (last step {:.3e} V at the {})",
                options.max_newton_iterations, largest, node_name(l, worst)));
        }
    }
    const auto& a = c.array;
    out.memory_current.resize(a.rows(), a.cols());
    out.cell_current.resize(a.rows(), a.cols());
    system.evaluate(x, f, triplets, &out.memory_current, &out.cell_current);
    auto& s = out.solution;
    s.row_voltages.resize(a.rows(), a.cols());
    s.column_voltages.resize(a.rows(), a.cols());
    out.internal.resize(a.rows(), a.cols());
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            s.row_voltages(i, j) = x(l.row(i, j));
            s.column_voltages(i, j) = x(l.column(i, j));
            out.internal(i, j) = x(l.internal(i, j));
        }
    }
    // Terminal currents: through the end conductance, or, at a held node
    // (ideal wires and an ideal source: the whole line is that node), what
    // the cells deliver into it.
    s.column_currents = Eigen::VectorXd::Zero(a.cols());
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
        const auto& end = system.column_ends()[static_cast<std::size_t>(j)];
        if (end.node < 0) continue;
        s.column_currents(j) = end.held ? out.cell_current.col(j).sum() : end.conductance * (x(end.node) - end.source);
    }
    s.row_currents = Eigen::VectorXd::Zero(a.rows());
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        const auto& end = system.row_end(i);
        if (end.node < 0) continue;
        s.row_currents(i) = end.held ? out.memory_current.row(i).sum() : end.conductance * (end.source - x(end.node));
    }
    s.iterations = 0;
    return out;
}

}  // namespace memcosim::experiments
