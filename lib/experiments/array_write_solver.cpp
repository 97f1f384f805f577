// The fast path of a write (experiments/array_write.hpp): implicit
// trapezoidal steps of the whole array, each a nonlinear DC crossbar of
// cells whose new states are eliminated per cell.
#include "core/error.hpp"
#include "experiments/array_write.hpp"
#include "experiments/array_write_pulse.hpp"
#include "models/evaluator.hpp"
#include "netlist/waveform_value.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::experiments {
namespace {

using Maps = std::vector<RowMajorMatrix>;  // one R x C map per state

// The cells of one trapezoidal step from (x_old, f_old) over h, as a
// CellEvaluator of the cell voltage at the new time: for each v it solves
// x = x_old + h/2 (f_old + f(v, x)) per cell (Newton with the exact
// d f/d x) and returns I(v, x(v)) and the total dI/dv = I_v + I_x dx/dv,
// dx/dv = (1 - h/2 f_x)^-1 h/2 f_v. It keeps x(v) and f(v, x(v)) of the
// last voltages it saw.
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

    // Starts a step: the states and rates at its beginning and its size.
    void begin(const Maps& x_old, const Maps& f_old, double h) {
        x_old_ = &x_old;
        f_old_ = &f_old;
        h_ = h;
        for (std::size_t k = 0; k < m_; ++k) x_[k] = x_old[k] + h * f_old[k];  // explicit predictor
    }

    // The rates at voltages v with the states held at x (no step): the
    // first step's f_old.
    [[nodiscard]] Maps rates_at(const RowMajorMatrix& v, const Maps& x) {
        x_ = x;
        evaluate(v);
        return rate_;
    }

    void operator()(const RowMajorMatrix& v, RowMajorMatrix& current, RowMajorMatrix& conductance) {
        solve_states(v);
        current = current_;
        conductance = dcurrent_dv_;
        const double half = 0.5 * h_;
        const auto n = v.size();
        if (m_ == 1) {
            for (Eigen::Index c = 0; c < n; ++c) {
                const double dxdv = half * drate_dv_[0].data()[c] / (1.0 - half * drate_dx_[0].data()[c]);
                conductance.data()[c] += dcurrent_dx_[0].data()[c] * dxdv;
            }
            return;
        }
        const auto m = static_cast<Eigen::Index>(m_);
        Eigen::MatrixXd jacobian(m, m);
        Eigen::VectorXd rhs(m);
        for (Eigen::Index c = 0; c < n; ++c) {
            for (std::size_t k = 0; k < m_; ++k) {
                rhs(Eigen::Index(k)) = half * drate_dv_[k].data()[c];
                for (std::size_t l = 0; l < m_; ++l) {
                    jacobian(Eigen::Index(k), Eigen::Index(l)) =
                        (k == l ? 1.0 : 0.0) - half * drate_dx_[k * m_ + l].data()[c];
                }
            }
            const Eigen::VectorXd dxdv = jacobian.partialPivLu().solve(rhs);
            for (std::size_t k = 0; k < m_; ++k) conductance.data()[c] += dcurrent_dx_[k].data()[c] * dxdv(Eigen::Index(k));
        }
    }

    [[nodiscard]] const Maps& states() const { return x_; }
    [[nodiscard]] const Maps& rates() const { return rate_; }

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
        const double half = 0.5 * h_;
        const auto n = v.size();
        for (int iteration = 0; iteration < max_iterations_; ++iteration) {
            evaluate(v);
            double largest = 0.0, scale = 0.0;
            if (m_ == 1) {
                double* x = x_[0].data();
                const double* x0 = (*x_old_)[0].data();
                const double* f0 = (*f_old_)[0].data();
                for (Eigen::Index c = 0; c < n; ++c) {
                    const double residual = x[c] - x0[c] - half * (f0[c] + rate_[0].data()[c]);
                    const double delta = residual / (1.0 - half * drate_dx_[0].data()[c]);
                    x[c] -= delta;
                    largest = std::max(largest, std::abs(delta));
                    scale = std::max(scale, std::abs(x[c]));
                }
            } else {
                largest = multi_state_update(half, scale);
            }
            if (!std::isfinite(largest)) break;
            // Converged: the outputs of this evaluation are at x within the
            // last (negligible) update, so they are kept without another pass.
            if (largest <= tolerance_ + 1e-12 * scale) return;
        }
        throw EngineError(fmt::format("write: the cells' new states do not converge in {} iterations",
                                      max_iterations_));
    }

    double multi_state_update(double half, double& scale) {
        const auto m = static_cast<Eigen::Index>(m_);
        const auto n = current_.size();
        Eigen::MatrixXd jacobian(m, m);
        Eigen::VectorXd residual(m);
        double largest = 0.0;
        for (Eigen::Index c = 0; c < n; ++c) {
            for (std::size_t k = 0; k < m_; ++k) {
                residual(Eigen::Index(k)) = x_[k].data()[c] - (*x_old_)[k].data()[c] -
                                            half * ((*f_old_)[k].data()[c] + rate_[k].data()[c]);
                for (std::size_t l = 0; l < m_; ++l) {
                    jacobian(Eigen::Index(k), Eigen::Index(l)) =
                        (k == l ? 1.0 : 0.0) - half * drate_dx_[k * m_ + l].data()[c];
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
    const Maps* x_old_ = nullptr;
    const Maps* f_old_ = nullptr;
    double h_ = 0.0;
    Maps x_, rate_, dcurrent_dx_, drate_dv_, drate_dx_;
    RowMajorMatrix current_, dcurrent_dv_;
};

// The array's boundary at a fraction `level` of the full pulse.
CrossbarArray scaled(const CrossbarArray& full, double level) {
    CrossbarArray array = full;
    array.inputs *= level;
    array.column_bias *= level;
    return array;
}

struct StepOutcome {
    bool converged = false;
    std::string failure;  // why not
    RowMajorMatrix voltage;
};

// Newton on the array from `voltage` (the previous step's solution), the
// method of solver::solve_nonlinear_crossbar (each iteration one linear
// crossbar solve of the cells linearised as g in parallel with a Norton
// current), which itself always starts from the ideal-wire point: from the
// previous step two or three iterations do. False if it has not converged
// within `iterations`; on true the cells' states are at the solution to
// within the voltage tolerance.
bool warm_newton(const CrossbarArray& array, ImplicitCells& cells, const solver::NonlinearSolveOptions& newton,
                 int iterations, RowMajorMatrix& voltage) {
    CrossbarArray linearised = array;
    RowMajorMatrix current(voltage.rows(), voltage.cols()), conductance = current;
    for (int iteration = 0; iteration < iterations; ++iteration) {
        cells(voltage, current, conductance);
        if (!current.allFinite() || !conductance.allFinite()) return false;
        linearised.conductance = conductance.cwiseMax(newton.minimum_conductance);
        linearised.cell_source_currents = current - linearised.conductance.cwiseProduct(voltage);
        const auto solution = solver::solve_linear_crossbar(linearised, newton.linear);
        const RowMajorMatrix step = (solution.cell_voltages() - voltage)
                                        .cwiseMax(-newton.max_voltage_step)
                                        .cwiseMin(newton.max_voltage_step);
        voltage += step;
        if (step.cwiseAbs().maxCoeff() <= newton.voltage_tolerance) return true;
    }
    return false;
}

constexpr int warm_iterations = 8;

// One step's array solve: warm from `previous` when there is one, else (or
// if that fails) solver::solve_nonlinear_crossbar from its own start.
StepOutcome try_step(const CrossbarArray& array, ImplicitCells& cells, const solver::NonlinearSolveOptions& newton,
                     const RowMajorMatrix& previous) {
    StepOutcome outcome;
    try {
        if (previous.size() != 0) {
            outcome.voltage = previous;
            if (warm_newton(array, cells, newton, std::min(warm_iterations, newton.max_newton_iterations),
                            outcome.voltage)) {
                outcome.converged = true;
                return outcome;
            }
        }
        const solver::CellEvaluator evaluator = [&cells](const RowMajorMatrix& v, RowMajorMatrix& i,
                                                         RowMajorMatrix& g) { cells(v, i, g); };
        const auto solved = solver::solve_nonlinear_crossbar(array, evaluator, newton);
        outcome.voltage = solved.solution.cell_voltages();
        // The states and rates at exactly the voltages of the solution.
        RowMajorMatrix current(outcome.voltage.rows(), outcome.voltage.cols()), conductance = current;
        cells(outcome.voltage, current, conductance);
        outcome.converged = true;
    } catch (const EngineError& error) {
        outcome.failure = error.what();
    }
    return outcome;
}

}  // namespace

WriteResult write_solve(const ArrayWrite& write, const SolverWriteOptions& options) {
    validate(write);
    if (options.max_steps_per_pulse < 1) throw InputError("write: steps per pulse must be >= 1");
    const auto start = std::chrono::steady_clock::now();
    const CrossbarArray full = biased_array(write);
    models::Evaluator evaluator(write.cell.model, models::resolve_parameters(write.cell.model, write.cell.parameters));
    const Eigen::Index rows = full.rows(), cols = full.cols();
    ImplicitCells cells(evaluator, rows, cols, options.max_state_iterations, options.state_tolerance);

    const netlist::Waveform shape = unit_pulse(write.pulse);
    const double stop = write.pulse.duration();
    const double max_step = std::min({stop / options.max_steps_per_pulse, write.pulse.rise / 10.0,
                                      write.pulse.fall / 10.0});
    std::vector<double> stops = netlist::waveform_breakpoints(shape, stop);
    stops.push_back(stop);
    std::sort(stops.begin(), stops.end());

    WriteResult result;
    result.before = write.states;
    result.peak_voltage = RowMajorMatrix::Zero(rows, cols);
    Maps x = write.states;
    // Every source is at 0 V at t = 0: every cell at 0 V.
    Maps f = cells.rates_at(RowMajorMatrix::Zero(rows, cols), x);
    double t = 0.0, h_last = max_step;
    auto next_stop = std::upper_bound(stops.begin(), stops.end(), 0.0);
    RowMajorMatrix previous;  // the last step's cell voltages: where the next Newton starts
    const int step_budget = 50 * options.max_steps_per_pulse + 1000;
    std::string last_failure;
    while (t < stop && next_stop != stops.end()) {
        double h = std::min({max_step, 2.0 * h_last, *next_stop - t});
        StepOutcome outcome;
        for (;;) {
            cells.begin(x, f, h);
            outcome = try_step(scaled(full, netlist::waveform_value(shape, t + h)), cells, options.newton, previous);
            if (!outcome.converged) last_failure = outcome.failure;
            if (outcome.converged) {
                double error = 0.0;
                for (std::size_t k = 0; k < x.size(); ++k) {
                    error = std::max(error, 0.5 * (cells.states()[k] - x[k] - h * f[k]).cwiseAbs().maxCoeff());
                }
                if (error <= options.local_error_tolerance || h <= 1e-6 * max_step) break;
            }
            h *= 0.5;
            if (h < 1e-9 * max_step) {
                throw EngineError(fmt::format("write: no time step converges at t = {:.6e} s ({})", t,
                                              outcome.failure.empty() ? "local error too large" : outcome.failure));
            }
        }
        // Steps that only converge when tiny (the array Newton failing at
        // any practical step) would crawl for ever: give up, saying why.
        if (result.time_steps >= step_budget) {
            throw EngineError(fmt::format(
                "write: gave up after {} time steps at t = {:.6e} s of {:.6e} s (the array Newton converges only at "
                "steps of {:.3e} s; last failure: {})",
                result.time_steps, t, stop, h, last_failure.empty() ? "local error too large" : last_failure));
        }
        h_last = h;
        t = (t + h >= *next_stop * (1.0 - 1e-12)) ? *next_stop : t + h;
        if (t >= *next_stop) next_stop = std::upper_bound(stops.begin(), stops.end(), t);
        x = cells.states();
        f = cells.rates();
        result.peak_voltage = result.peak_voltage.cwiseMax(outcome.voltage.cwiseAbs());
        previous = std::move(outcome.voltage);
        ++result.time_steps;
        if (options.progress) options.progress(t, stop, result.time_steps);
    }
    result.after = std::move(x);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace memcosim::experiments
