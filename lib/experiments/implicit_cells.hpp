#pragma once
// Memristor cells inside an implicit time step of an array (the write of
// experiments/array_write.hpp and the transients of
// experiments/cell_transient_run.hpp): every cell's new states are
// eliminated for a given cell voltage, so the array solve sees a plain
// nonlinear cell I(v) with its total derivative.
#include "core/crossbar_array.hpp"
#include "models/evaluator.hpp"

#include "core/error.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace memcosim::experiments {

using StateMaps = std::vector<RowMajorMatrix>;  // one R x C map per state

// The cells of one implicit step from (x_old, f_old), as a CellEvaluator of
// the cell voltage at the new time: for each v it solves
// x = x_old + a f_old + b f(v, x) per cell (Newton with the exact d f/d x;
// a = b = h/2 for the trapezoidal rule, a = 0, b = h for backward Euler)
// and returns I(v, x(v)) and the total dI/dv = I_v + I_x dx/dv,
// dx/dv = (1 - b f_x)^-1 b f_v. It keeps x(v) and f(v, x(v)) of the last
// voltages it saw.
class ImplicitCells {
public:
    ImplicitCells(models::Evaluator& evaluator, Eigen::Index rows, Eigen::Index cols, int max_iterations,
                  double tolerance)
        : evaluator_(evaluator), m_(evaluator.state_count()), max_iterations_(max_iterations), tolerance_(tolerance) {
        const auto zero = RowMajorMatrix::Zero(rows, cols);
        x_.assign(m_, zero);
        rate_.assign(m_, zero);
        dcurrent_dx_.assign(m_, zero);
        drate_dv_.assign(m_, zero);
        drate_dx_.assign(m_ * m_, zero);
        current_ = dcurrent_dv_ = zero;
    }

    // Starts a step: the states and rates at its beginning and the weights
    // of x = x_old + explicit f_old + implicit f(v, x): h/2 and h/2 for the
    // trapezoidal rule, 0 and h for backward Euler, 0 and 0 to hold the states.
    void begin(const StateMaps& x_old, const StateMaps& f_old, double explicit_weight, double implicit_weight) {
        x_old_ = &x_old;
        f_old_ = &f_old;
        explicit_ = explicit_weight;
        implicit_ = implicit_weight;
        const double h = explicit_weight + implicit_weight;
        for (std::size_t k = 0; k < m_; ++k) x_[k] = x_old[k] + h * f_old[k];  // explicit predictor
    }
    // A trapezoidal step of size h.
    void begin(const StateMaps& x_old, const StateMaps& f_old, double h) { begin(x_old, f_old, 0.5 * h, 0.5 * h); }

    // The rates at voltages v with the states held at x (no step): the
    // first step's f_old.
    [[nodiscard]] StateMaps rates_at(const RowMajorMatrix& v, const StateMaps& x) {
        x_ = x;
        evaluate(v);
        return rate_;
    }

    void operator()(const RowMajorMatrix& v, RowMajorMatrix& current, RowMajorMatrix& conductance) {
        solve_states(v);
        current = current_;
        conductance = dcurrent_dv_;
        const double weight = implicit_;
        const auto n = v.size();
        if (m_ == 1) {
            for (Eigen::Index c = 0; c < n; ++c) {
                const double dxdv = weight * drate_dv_[0].data()[c] / (1.0 - weight * drate_dx_[0].data()[c]);
                conductance.data()[c] += dcurrent_dx_[0].data()[c] * dxdv;
            }
            return;
        }
        const auto m = static_cast<Eigen::Index>(m_);
        Eigen::MatrixXd jacobian(m, m);
        Eigen::VectorXd rhs(m);
        for (Eigen::Index c = 0; c < n; ++c) {
            for (std::size_t k = 0; k < m_; ++k) {
                rhs(Eigen::Index(k)) = weight * drate_dv_[k].data()[c];
                for (std::size_t l = 0; l < m_; ++l) {
                    jacobian(Eigen::Index(k), Eigen::Index(l)) =
                        (k == l ? 1.0 : 0.0) - weight * drate_dx_[k * m_ + l].data()[c];
                }
            }
            const Eigen::VectorXd dxdv = jacobian.partialPivLu().solve(rhs);
            for (std::size_t k = 0; k < m_; ++k) conductance.data()[c] += dcurrent_dx_[k].data()[c] * dxdv(Eigen::Index(k));
        }
    }

    [[nodiscard]] const StateMaps& states() const { return x_; }
    [[nodiscard]] const StateMaps& rates() const { return rate_; }

private:
    void evaluate(const RowMajorMatrix& v) {
        const auto n = static_cast<std::size_t>(v.size());
        models::BatchInput input;
        input.voltage = std::span<const double>(v.data(), n);
        models::BatchOutput output;
        output.current = std::span<double>(current_.data(), n);
        output.dcurrent_dv = std::span<double>(dcurrent_dv_.data(), n);
        for (std::size_t k = 0; k < m_; ++k) {
            input.states[k] = std::span<const double>(x_[k].data(), n);
            output.rate[k] = std::span<double>(rate_[k].data(), n);
            output.dcurrent_dx[k] = std::span<double>(dcurrent_dx_[k].data(), n);
            output.drate_dv[k] = std::span<double>(drate_dv_[k].data(), n);
            for (std::size_t l = 0; l < m_; ++l) output.drate_dx[k][l] = std::span<double>(drate_dx_[k * m_ + l].data(), n);
        }
        evaluator_.evaluate(input, output);
    }

    // Newton per cell on x - x_old - h/2 (f_old + f(v, x)) = 0, all cells at
    // once; on return every output is at the final x (to within the state
    // tolerance).
    void solve_states(const RowMajorMatrix& v) {
        const double weight = implicit_;
        const auto n = v.size();
        for (int iteration = 0; iteration < max_iterations_; ++iteration) {
            evaluate(v);
            double largest = 0.0, scale = 0.0;
            if (m_ == 1) {
                double* x = x_[0].data();
                const double* x0 = (*x_old_)[0].data();
                const double* f0 = (*f_old_)[0].data();
                for (Eigen::Index c = 0; c < n; ++c) {
                    const double residual = x[c] - x0[c] - explicit_ * f0[c] - weight * rate_[0].data()[c];
                    const double delta = residual / (1.0 - weight * drate_dx_[0].data()[c]);
                    x[c] -= delta;
                    largest = std::max(largest, std::abs(delta));
                    scale = std::max(scale, std::abs(x[c]));
                }
            } else {
                largest = multi_state_update(weight, scale);
            }
            if (!std::isfinite(largest)) break;
            // Converged: the outputs of this evaluation are at x within the
            // last (negligible) update, so they are kept without another pass.
            if (largest <= tolerance_ + 1e-12 * scale) return;
        }
        throw EngineError(fmt::format("memristor cells: the new states do not converge in {} iterations", max_iterations_));
    }

    double multi_state_update(double weight, double& scale) {
        const auto m = static_cast<Eigen::Index>(m_);
        const auto n = current_.size();
        Eigen::MatrixXd jacobian(m, m);
        Eigen::VectorXd residual(m);
        double largest = 0.0;
        for (Eigen::Index c = 0; c < n; ++c) {
            for (std::size_t k = 0; k < m_; ++k) {
                residual(Eigen::Index(k)) = x_[k].data()[c] - (*x_old_)[k].data()[c] -
                                            explicit_ * (*f_old_)[k].data()[c] - weight * rate_[k].data()[c];
                for (std::size_t l = 0; l < m_; ++l) {
                    jacobian(Eigen::Index(k), Eigen::Index(l)) =
                        (k == l ? 1.0 : 0.0) - weight * drate_dx_[k * m_ + l].data()[c];
                }
            }
            const Eigen::VectorXd delta = jacobian.partialPivLu().solve(residual);
            for (std::size_t k = 0; k < m_; ++k) {
                x_[k].data()[c] -= delta(Eigen::Index(k));
                scale = std::max(scale, std::abs(x_[k].data()[c]));
            }
            largest = std::max(largest, delta.cwiseAbs().maxCoeff());
        }
        return largest;
    }

    models::Evaluator& evaluator_;
    std::size_t m_;
    int max_iterations_;
    double tolerance_;
    const StateMaps* x_old_ = nullptr;
    const StateMaps* f_old_ = nullptr;
    double explicit_ = 0.0, implicit_ = 0.0;
    StateMaps x_, rate_, dcurrent_dx_, drate_dv_, drate_dx_;
    RowMajorMatrix current_, dcurrent_dv_;
};

}  // namespace memcosim::experiments
