#pragma once
// A model memory element inside a composite cell during an implicit time
// step (experiments/cell_transient_run.hpp, experiments/cell_nodal_transient.hpp):
// per cell, for the voltage across it, its new states by Newton on
// x = x_old + a f_old + b f(v, x) (a = b = h/2 trapezoidal, a = 0, b = h
// backward Euler, a = b = 0 an operating point), the current and the total
// slope dI/dv = I_v + I_x dx/dv. The states of the last call per cell are
// the pending ones: the caller's last call per cell is at its solution.
#include "core/error.hpp"
#include "experiments/implicit_cells.hpp"
#include "experiments/model_crossbar.hpp"
#include "models/evaluator.hpp"

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <tuple>
#include <utility>

namespace memcosim::experiments {

// The weights (explicit on the old rate, implicit on the new) of a step:
// trapezoidal h/2, h/2; backward Euler 0, h; an operating point 0, 0.
inline std::pair<double, double> implicit_step_weights(double h, bool trapezoidal) {
    return trapezoidal ? std::pair{0.5 * h, 0.5 * h} : std::pair{0.0, h};
}

// A model memory element inside a series pair: per cell, for the voltage
// across it, its new states by Newton on x = x_old + a f_old + b f(v, x),
// the current and the total slope; the states of the last call per cell
// are the pending ones (the series solve's last call is at its solution).
class StatefulMemory {
public:
    explicit StatefulMemory(const ModelCrossbar& m)
        : evaluator_(m.cell.model, models::resolve_parameters(m.cell.model, m.cell.parameters)),
          count_(m.states.size()),
          x_(m.states),
          f_(m.states.size(), RowMajorMatrix::Zero(m.array.rows(), m.array.cols())),
          pending_x_(x_),
          pending_f_(f_) {}

    void begin(double h, bool trapezoidal) {
        std::tie(explicit_, implicit_) = implicit_step_weights(h, trapezoidal);
        pending_x_ = x_;  // each cell's start
    }
    void accept() {
        x_ = pending_x_;
        f_ = pending_f_;
    }
    [[nodiscard]] const StateMaps& states() const { return x_; }

    void operator()(Eigen::Index k, double v, double& current, double& slope) {
        const auto m = static_cast<Eigen::Index>(count_);
        std::array<double, models::max_states> x{};
        for (std::size_t s = 0; s < count_; ++s) x[s] = pending_x_[s].data()[k];
        Eigen::MatrixXd jacobian(m, m);
        Eigen::VectorXd residual(m);
        models::Evaluation e;
        bool converged = false;
        for (int iteration = 0; iteration < 50 && !converged; ++iteration) {
            e = evaluator_.evaluate(v, std::span<const double>(x.data(), count_));
            for (std::size_t s = 0; s < count_; ++s) {
                residual(Eigen::Index(s)) =
                    x[s] - x_[s].data()[k] - explicit_ * f_[s].data()[k] - implicit_ * e.rate[s];
                for (std::size_t l = 0; l < count_; ++l) {
                    jacobian(Eigen::Index(s), Eigen::Index(l)) = (s == l ? 1.0 : 0.0) - implicit_ * e.drate_dx[s][l];
                }
            }
            const Eigen::VectorXd delta = jacobian.partialPivLu().solve(residual);
            double largest = 0.0, scale = 0.0;
            for (std::size_t s = 0; s < count_; ++s) {
                x[s] -= delta(Eigen::Index(s));
                largest = std::max(largest, std::abs(delta(Eigen::Index(s))));
                scale = std::max(scale, std::abs(x[s]));
            }
            if (!std::isfinite(largest)) break;
            // The evaluation is kept: it is within the (negligible) last update of x.
            converged = largest <= 1e-12 + 1e-12 * scale;
        }
        if (!converged) {
            throw EngineError(fmt::format("memory element of cell {}: its new states do not converge at {} V", k, v));
        }
        Eigen::VectorXd drive(m);
        for (std::size_t s = 0; s < count_; ++s) drive(Eigen::Index(s)) = implicit_ * e.drate_dv[s];
        const Eigen::VectorXd dxdv = jacobian.partialPivLu().solve(drive);
        current = e.current;
        slope = e.dcurrent_dv;
        for (std::size_t s = 0; s < count_; ++s) {
            slope += e.dcurrent_dx[s] * dxdv(Eigen::Index(s));
            pending_x_[s].data()[k] = x[s];
            pending_f_[s].data()[k] = e.rate[s];
        }
    }

private:
    models::Evaluator evaluator_;
    std::size_t count_;
    StateMaps x_, f_, pending_x_, pending_f_;
    double explicit_ = 0.0, implicit_ = 0.0;
};

}  // namespace memcosim::experiments
