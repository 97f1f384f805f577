#include "experiments/cell_nodal_transient.hpp"

#include "core/error.hpp"
#include "experiments/stateful_memory.hpp"
#include "solver/crossbar_system.hpp"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace memcosim::experiments {

TerminalVoltages limit_transistor_step(const TerminalVoltages& last, const TerminalVoltages& proposed,
                                       double threshold) {
    TerminalVoltages out = proposed;
    // Gate-source: how far vgs may go in one iteration depends on where it
    // was. Far above threshold the channel is a resistor and large moves
    // are harmless; close to threshold the current changes its character
    // (square law / cut-off), so a move across it is taken in pieces.
    const double old_vgs = last.vgs, delta = proposed.vgs - old_vgs;
    const double wide = 2.0 * std::abs(old_vgs - threshold) + 2.0;  // largest move away from a far point
    const double narrow = 0.5 * wide + 2.0;
    const double strong = threshold + 3.5;                         // above this: deep strong inversion
    if (old_vgs >= threshold) {
        if (old_vgs >= strong) {
            if (delta <= 0.0) {
                out.vgs = proposed.vgs >= strong ? std::max(proposed.vgs, old_vgs - narrow)
                                                 : std::max(proposed.vgs, threshold + 2.0);
            } else {
                out.vgs = std::min(proposed.vgs, old_vgs + wide);
            }
        } else if (delta <= 0.0) {
            out.vgs = std::max(proposed.vgs, threshold - 0.5);  // from on: no deeper than 0.5 V below threshold
        } else {
            out.vgs = std::min(proposed.vgs, threshold + 4.0);
        }
    } else if (delta <= 0.0) {
        out.vgs = std::max(proposed.vgs, old_vgs - wide);
    } else {
        // From cut-off: at most to half a volt above threshold in one go.
        const double ceiling = threshold + 0.5;
        out.vgs = proposed.vgs <= ceiling ? std::min(proposed.vgs, old_vgs + narrow) : ceiling;
    }
    // Drain-source: large vds moves are limited relative to where it was.
    const double old_vds = last.vds;
    if (old_vds >= 3.5) {
        out.vds = proposed.vds > old_vds ? std::min(proposed.vds, 3.0 * old_vds + 2.0)
                                         : (proposed.vds < 3.5 ? std::max(proposed.vds, 2.0) : proposed.vds);
    } else {
        out.vds = proposed.vds > old_vds ? std::min(proposed.vds, 4.0) : std::max(proposed.vds, -0.5);
    }
    return out;
}

namespace {

using Index = Eigen::Index;

struct Layout {
    Index rows = 0, cols = 0;
    [[nodiscard]] Index cells() const { return rows * cols; }
    [[nodiscard]] Index row(Index i, Index j) const { return i * cols + j; }
    [[nodiscard]] Index column(Index i, Index j) const { return cells() + i * cols + j; }
    [[nodiscard]] Index internal(Index i, Index j) const { return 2 * cells() + i * cols + j; }
    [[nodiscard]] Index size() const { return 3 * cells(); }
};

std::string node_name(const Layout& l, Index n) {
    const char* kind = n < l.cells() ? "row node" : n < 2 * l.cells() ? "column node" : "internal node";
    const Index k = n % l.cells();
    return fmt::format("{} ({}, {})", kind, k / l.cols, k % l.cols);
}

// The memory elements: a model's states eliminated per cell, or a fixed law.
class Memory {
public:
    explicit Memory(const CellCrossbar& c) {
        if (c.memory) {
            model_ = std::make_unique<StatefulMemory>(*c.memory);
        } else {
            law_ = memory_law(c);
        }
    }
    void begin(double h, bool trapezoidal) {
        if (model_) model_->begin(h, trapezoidal);
    }
    void accept() {
        if (model_) model_->accept();
    }
    void operator()(Index k, double v, double& current, double& slope) {
        if (model_) {
            (*model_)(k, v, current, slope);
        } else {
            law_(k, v, current, slope);
        }
    }
    [[nodiscard]] StateMaps states() const { return model_ ? model_->states() : StateMaps{}; }

private:
    std::unique_ptr<StatefulMemory> model_;
    solver::MemoryLaw law_;
};

class Integrator {
public:
    Integrator(const CellCrossbar& c, const solver::CompactTransistor& t, const solver::TransientDrive& drive,
               const solver::NonlinearTransientSettings& settings, const CellNodalTransientOptions& options)
        : t_(t),
          system_(solver::detail::make_system(c.array)),
          drive_(drive),
          settings_(settings),
          options_(options),
          memory_(c),
          capacitance_(c.array.wire_capacitance) {
        layout_.rows = c.array.rows();
        layout_.cols = c.array.cols();
        const Index n = layout_.size();
        f_.resize(n);
        scale_.resize(n);
        history_ = Eigen::VectorXd::Zero(n);
        jacobian_.resize(n, n);
        last_drain_ = RowMajorMatrix::Zero(layout_.rows, layout_.cols);
        last_source_ = last_drain_;
        gates_.resize(layout_.rows);
        for (Index i = 0; i < layout_.rows; ++i) gates_(i) = c.gate_at(i);
    }

    [[nodiscard]] const Layout& layout() const { return layout_; }

    void start(Eigen::VectorXd& x) {
        const double shape = drive_.shape(0.0);
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        x = Eigen::VectorXd::Zero(layout_.size());
        for (Index i = 0; i < layout_.rows; ++i) {
            if (system_.row_end[i] == 0.0) continue;
            for (Index j = 0; j < layout_.cols; ++j) x[layout_.row(i, j)] = system_.row_source[i] * shape;
        }
        for (Index j = 0; j < layout_.cols; ++j) {
            if (system_.column_end[j] == 0.0) continue;
            for (Index i = 0; i < layout_.rows; ++i) x[layout_.column(i, j)] = system_.column_source[j] * column_shape;
        }
        for (Index i = 0; i < layout_.rows; ++i) {
            for (Index j = 0; j < layout_.cols; ++j) {
                x[layout_.internal(i, j)] = 0.5 * (x[layout_.row(i, j)] + x[layout_.column(i, j)]);
                last_drain_(i, j) = x[layout_.internal(i, j)];
                last_source_(i, j) = x[layout_.column(i, j)];
            }
        }
        history_.setZero();
        memory_.begin(0.0, false);
        std::string why;
        if (!newton(0.0, 0.0, std::max(settings_.max_newton_iterations, 200), x, why)) {
            throw EngineError(fmt::format("nodal cell transient: no operating point at t = 0 s ({})", why));
        }
    }

    void advance(double t0, double t1, bool trapezoidal, int depth, Eigen::VectorXd& x,
                 Eigen::VectorXd& charge_current) {
        const double h = t1 - t0;
        const double shift = (trapezoidal ? 2.0 : 1.0) * capacitance_ / h;
        history_ = shift * x;
        if (trapezoidal) history_ += charge_current;
        next_ = x;
        const RowMajorMatrix drain = last_drain_, source = last_source_;
        memory_.begin(h, trapezoidal);
        std::string why;
        if (newton(t1, shift, settings_.max_newton_iterations, next_, why)) {
            charge_current = trapezoidal ? Eigen::VectorXd(shift * (next_ - x) - charge_current)
                                         : Eigen::VectorXd(shift * (next_ - x));
            x.swap(next_);
            return;
        }
        last_drain_ = drain;  // the limiting restarts from the accepted point
        last_source_ = source;
        if (depth >= settings_.max_halvings) {
            throw EngineError(fmt::format(
                "nodal cell transient: Newton does not converge at t = {:.6e} s (step {:.3e} s, halved {} times): {}",
                t1, h, depth, why));
        }
        if (depth == 0) ++halved_steps_;
        const double middle = t0 + 0.5 * h;
        advance(t0, middle, trapezoidal, depth + 1, x, charge_current);
        advance(middle, t1, trapezoidal, depth + 1, x, charge_current);
    }

    void cell_voltages(const Eigen::VectorXd& x, RowMajorMatrix& v) const {
        v.resize(layout_.rows, layout_.cols);
        for (Index k = 0; k < layout_.cells(); ++k) v.data()[k] = x[k] - x[layout_.cells() + k];
    }

    void finish(const Eigen::VectorXd& x, CellNodalTransientResult& out) const {
        out.states = memory_.states();
        out.final_row.resize(layout_.rows, layout_.cols);
        out.final_column.resize(layout_.rows, layout_.cols);
        for (Index k = 0; k < layout_.cells(); ++k) {
            out.final_row.data()[k] = x[k];
            out.final_column.data()[k] = x[layout_.cells() + k];
        }
        out.newton_iterations = iterations_;
        out.limited_iterations = limited_iterations_;
        out.halved_steps = halved_steps_;
    }

private:
    // f (current leaving each node), its scale (the largest single current
    // through the node) and the Jacobian at x, the channels linearised at
    // their limited terminal voltages; returns whether any was limited.
    bool evaluate(double t, double shift, const Eigen::VectorXd& x) {
        const double shape = drive_.shape(t);
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        f_.setZero();
        scale_.setZero();
        triplets_.clear();
        const auto leave = [&](Index node, double current) {
            f_[node] += current;
            scale_[node] = std::max(scale_[node], std::abs(current));
        };
        const auto stamp = [&](Index p, Index q, double value) { triplets_.emplace_back(p, q, value); };
        const auto conductance = [&](Index p, Index q, double g) {
            const double i = g * (x[p] - x[q]);
            leave(p, i);
            leave(q, -i);
            stamp(p, p, g);
            stamp(p, q, -g);
            stamp(q, q, g);
            stamp(q, p, -g);
        };
        const Index rows = layout_.rows, cols = layout_.cols;
        for (Index i = 0; i < rows; ++i) {
            for (Index j = 0; j + 1 < cols; ++j) conductance(layout_.row(i, j), layout_.row(i, j + 1), system_.g_row);
        }
        for (Index i = 0; i + 1 < rows; ++i) {
            for (Index j = 0; j < cols; ++j) {
                conductance(layout_.column(i, j), layout_.column(i + 1, j), system_.g_col);
            }
        }
        for (Index i = 0; i < rows; ++i) {
            if (system_.row_end[i] == 0.0) continue;
            const Index node = layout_.row(i, 0);
            leave(node, system_.row_end[i] * (x[node] - system_.row_source[i] * shape));
            stamp(node, node, system_.row_end[i]);
        }
        for (Index j = 0; j < cols; ++j) {
            if (system_.column_end[j] == 0.0) continue;
            const Index node = layout_.column(rows - 1, j);
            leave(node, system_.column_end[j] * (x[node] - system_.column_source[j] * column_shape));
            stamp(node, node, system_.column_end[j]);
        }
        if (shift > 0.0) {
            for (Index node = 0; node < 2 * layout_.cells(); ++node) {
                leave(node, shift * x[node] - history_[node]);
                stamp(node, node, shift);
            }
        }
        bool limited = false;
        for (Index i = 0; i < rows; ++i) {
            const double gate = gates_(i);
            for (Index j = 0; j < cols; ++j) {
                const Index r = layout_.row(i, j), m = layout_.internal(i, j), q = layout_.column(i, j);
                double i_mem = 0.0, g_mem = 0.0;
                memory_(i * cols + j, x[r] - x[m], i_mem, g_mem);
                leave(r, i_mem);
                leave(m, -i_mem);
                stamp(r, r, g_mem);
                stamp(r, m, -g_mem);
                stamp(m, m, g_mem);
                stamp(m, r, -g_mem);
                // The channel at its limited terminal voltages, linearised there.
                double vm = x[m], vq = x[q];
                if (options_.limit_transistors) limited |= limit(gate, last_drain_(i, j), last_source_(i, j), vm, vq);
                last_drain_(i, j) = vm;
                last_source_(i, j) = vq;
                const auto channel = solver::evaluate(t_, gate, vm, vq);  // drain m, source on the column
                const double current =
                    channel.current + channel.d_drain * (x[m] - vm) + channel.d_source * (x[q] - vq);
                leave(m, current);
                leave(q, -current);
                stamp(m, m, channel.d_drain);
                stamp(m, q, channel.d_source);
                stamp(q, q, -channel.d_source);
                stamp(q, m, -channel.d_drain);
                const auto drain_junction = solver::junction_current(t_, x[m]);
                const auto source_junction = solver::junction_current(t_, x[q]);
                leave(m, drain_junction.current);
                stamp(m, m, drain_junction.slope);
                leave(q, source_junction.current);
                stamp(q, q, source_junction.slope);
            }
        }
        return limited;
    }

    // Limits (vm, vq) from the last evaluated pair, in the orientation of
    // the last point (source = the lower terminal there); true if it moved them.
    bool limit(double gate, double last_m, double last_q, double& vm, double& vq) const {
        const bool forward = last_m >= last_q;
        const double old_source = forward ? last_q : last_m, old_drain = forward ? last_m : last_q;
        const double new_source = forward ? vq : vm, new_drain = forward ? vm : vq;
        const TerminalVoltages old_point{gate - old_source, old_drain - old_source};
        const TerminalVoltages proposed{gate - new_source, new_drain - new_source};
        const TerminalVoltages kept =
            limit_transistor_step(old_point, proposed, solver::threshold_voltage(t_, std::max(old_source, 0.0)));
        const double source = gate - kept.vgs, drain = source + kept.vds;
        const double limited_m = forward ? drain : source, limited_q = forward ? source : drain;
        const bool moved = std::abs(limited_m - vm) > 1e-12 || std::abs(limited_q - vq) > 1e-12;
        if (moved) {
            vm = limited_m;
            vq = limited_q;
        }
        return moved;
    }

    bool newton(double t, double shift, int max_iterations, Eigen::VectorXd& x, std::string& why) {
        double last_update = std::numeric_limits<double>::infinity();
        Index worst = 0;
        double worst_residual = 0.0;
        Index worst_residual_node = 0;
        try {
            for (int iteration = 1; iteration <= max_iterations; ++iteration) {
                ++iterations_;
                const bool limited = evaluate(t, shift, x);
                if (limited) ++limited_iterations_;
                if (!f_.allFinite()) {
                    why = "a device returned a non-finite current";
                    return false;
                }
                worst_residual = 0.0;
                bool balanced = true;
                for (Index n = 0; n < layout_.size(); ++n) {
                    const double allowed = options_.current_abstol + options_.current_reltol * scale_[n];
                    if (std::abs(f_[n]) > allowed) balanced = false;
                    if (std::abs(f_[n]) - allowed > worst_residual) {
                        worst_residual = std::abs(f_[n]) - allowed;
                        worst_residual_node = n;
                    }
                }
                // Converged: the last update was within tolerance, this
                // evaluation (at x itself, nothing limited) balances KCL.
                if (!limited && balanced && last_update <= settings_.voltage_tolerance) {
                    memory_.accept();
                    return true;
                }
                jacobian_.setFromTriplets(triplets_.begin(), triplets_.end());
                if (!analysed_) {
                    lu_.analyzePattern(jacobian_);
                    analysed_ = true;
                }
                lu_.factorize(jacobian_);
                if (lu_.info() != Eigen::Success) {
                    why = fmt::format("the Jacobian is singular ({})", lu_.lastErrorMessage());
                    return false;
                }
                step_ = lu_.solve(-f_);
                last_update = 0.0;
                for (Index n = 0; n < layout_.size(); ++n) {
                    const double s = std::clamp(step_[n], -settings_.max_voltage_step, settings_.max_voltage_step);
                    if (!std::isfinite(s)) {
                        why = "the linear solve gave a non-finite update";
                        return false;
                    }
                    x[n] += s;
                    if (std::abs(s) > last_update) {
                        last_update = std::abs(s);
                        worst = n;
                    }
                }
            }
        } catch (const EngineError& error) {
            why = error.what();
            return false;
        }
        why = fmt::format("{} iterations, last update {:.3e} V at the {}, KCL off by {:.3e} A beyond tolerance at the {}",
                          max_iterations, last_update, node_name(layout_, worst), worst_residual,
                          node_name(layout_, worst_residual_node));
        return false;
    }

    const solver::CompactTransistor& t_;
    solver::detail::CrossbarSystem system_;
    const solver::TransientDrive& drive_;
    const solver::NonlinearTransientSettings& settings_;
    const CellNodalTransientOptions& options_;
    Memory memory_;
    double capacitance_;
    Layout layout_;
    Eigen::VectorXd gates_;
    Eigen::VectorXd f_, scale_, history_, next_, step_;
    RowMajorMatrix last_drain_, last_source_;  // each channel's last evaluated (limited) terminal voltages
    std::vector<Eigen::Triplet<double>> triplets_;
    Eigen::SparseMatrix<double> jacobian_;
    Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu_;
    bool analysed_ = false;
    long long iterations_ = 0, limited_iterations_ = 0;
    int halved_steps_ = 0;
};

}  // namespace

CellNodalTransientResult simulate_cell_nodal_transient(const CellCrossbar& c, const solver::CompactTransistor& t,
                                                       const solver::TransientDrive& drive,
                                                       const solver::NonlinearTransientSettings& settings,
                                                       const CellNodalTransientOptions& options) {
    validate(c);
    if (!has_transistor(c.type)) {
        throw InputError(fmt::format("the nodal cell transient is for 1T1R and 2T2R cells, not {}", to_string(c.type)));
    }
    if (c.array.ideal_wires()) throw InputError("nodal cell transient: ideal (0 ohm) wires have no nodes to charge");
    if (!(settings.step > 0.0) || !(settings.stop > settings.step)) {
        throw InputError(fmt::format("nodal cell transient: need 0 < step < stop, got step {} and stop {}",
                                     settings.step, settings.stop));
    }
    if (!drive.shape) throw InputError("nodal cell transient: no drive waveform");
    Integrator integrator(c, t, drive, settings, options);
    const solver::TransientSchedule schedule = solver::transient_schedule(settings.step, settings.stop, drive.breakpoints);
    CellNodalTransientResult out;
    out.times = schedule.times;
    Eigen::VectorXd x;
    integrator.start(x);
    Eigen::VectorXd charge_current = Eigen::VectorXd::Zero(x.size());
    RowMajorMatrix v;
    if (settings.observe) {
        integrator.cell_voltages(x, v);
        settings.observe(0.0, v);
    }
    for (std::size_t n = 1; n < out.times.size(); ++n) {
        integrator.advance(out.times[n - 1], out.times[n], !schedule.backward_euler[n], 0, x, charge_current);
        if (settings.observe) {
            integrator.cell_voltages(x, v);
            settings.observe(out.times[n], v);
        }
        if (settings.progress) settings.progress(out.times[n], settings.stop);
    }
    integrator.finish(x, out);
    return out;
}

}  // namespace memcosim::experiments
