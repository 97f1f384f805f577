#include "solver/nonlinear_transient.hpp"

#include "core/error.hpp"
#include "solver/crossbar_system.hpp"
#include "solver/transient_nodal_matrix.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

using detail::Index;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void validate(const CrossbarArray& array, const TransientDrive& drive, const NonlinearTransientSettings& settings) {
    array.validate();
    if (array.ideal_wires()) throw InputError("nonlinear transient: ideal (0 ohm) wires have no nodes to charge");
    if (!(array.wire_capacitance >= 0.0) || !std::isfinite(array.wire_capacitance)) {
        throw InputError(fmt::format("nonlinear transient: wire capacitance must be >= 0 F, got {}",
                                     array.wire_capacitance));
    }
    if (!(settings.step > 0.0) || !std::isfinite(settings.step)) {
        throw InputError(fmt::format("nonlinear transient: step must be > 0, got {}", settings.step));
    }
    if (!(settings.stop > settings.step) || !std::isfinite(settings.stop)) {
        throw InputError(fmt::format("nonlinear transient: stop ({}) must be larger than step ({})", settings.stop,
                                     settings.step));
    }
    if (!drive.shape) throw InputError("nonlinear transient: no drive waveform");
    if (settings.max_newton_iterations < 1) throw InputError("nonlinear transient: Newton iterations must be >= 1");
}

// One run: the system, the matrix, the kept factorization and the work
// arrays (sized once: the step loop allocates nothing itself).
class Integrator {
public:
    Integrator(const CrossbarArray& array, const TransientDrive& drive, TransientCells& cells,
               const NonlinearTransientSettings& settings)
        : system_(detail::make_system(array)),
          matrix_(system_),
          drive_(drive),
          cells_(cells),
          settings_(settings),
          capacitance_(array.wire_capacitance),
          n_(system_.cells()) {
        voltage_.resize(system_.rows, system_.cols);
        column_ = current_ = conductance_ = voltage_;
        history_.resize(2 * n_);
        next_ = residual_ = update_ = wires_ = last_x_ = history_;
    }

    // The operating point at t = 0 (ngspice's start); throws if Newton fails.
    void start(Eigen::VectorXd& x) {
        const double shape = drive_.shape(0.0);
        x = Eigen::VectorXd::Zero(2 * n_);
        // The start of Newton: every line at its source (the ideal-wire point).
        for (Index i = 0; i < system_.rows; ++i) {
            if (system_.row_end[i] != 0.0) x.segment(i * system_.cols, system_.cols).setConstant(system_.row_source[i] * shape);
        }
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        for (Index j = 0; j < system_.cols; ++j) {
            if (system_.column_end[j] == 0.0) continue;
            for (Index i = 0; i < system_.rows; ++i) x[matrix_.column(i, j)] = system_.column_source[j] * column_shape;
        }
        history_.setZero();
        std::string why;
        cells_.begin_step(0.0, false);
        // Full Newton: the first factorization is at a guess far from the point.
        if (!newton(0.0, 0.0, std::max(settings_.max_newton_iterations, 100), false, x, why)) {
            throw EngineError(fmt::format("nonlinear transient: no operating point at t = 0 s ({})", why));
        }
    }

    // Advances (x, capacitor currents) from t0 to t1 by one step of the
    // method, or by halves if that does not converge.
    void advance(double t0, double t1, bool trapezoidal, int depth, Eigen::VectorXd& x, Eigen::VectorXd& charge_current) {
        const double h = t1 - t0;
        const double shift = (trapezoidal ? 2.0 : 1.0) * capacitance_ / h;
        std::string why;
        // Chord Newton first; if it fails, full Newton on the same step.
        const int attempts = settings_.reuse_factorization ? 2 : 1;
        for (int attempt = 0; attempt < attempts; ++attempt) {
            const bool reuse = settings_.reuse_factorization && attempt == 0;
            // The companion model's history: s x_n (+ C x'_n for the trapezoidal rule).
            history_ = shift * x;
            if (trapezoidal) history_ += charge_current;
            // Newton's start: the line through the last two points (the
            // previous step's slope) within a stretch of trapezoidal steps,
            // else the last point; the converged point is the same to the
            // tolerance, it only takes fewer iterations.
            next_ = x;
            if (reuse && trapezoidal && last_trapezoidal_ && last_step_ > 0.0) {
                next_ += (h / last_step_) * (x - last_x_);
            }
            cells_.begin_step(h, trapezoidal);
            if (newton(t1, shift, settings_.max_newton_iterations, reuse, next_, why)) {
                if (trapezoidal) {
                    charge_current = shift * (next_ - x) - charge_current;
                } else {
                    charge_current = shift * (next_ - x);
                }
                last_x_ = x;
                last_step_ = h;
                last_trapezoidal_ = trapezoidal;
                x.swap(next_);
                return;
            }
        }
        if (depth >= settings_.max_halvings) {
            throw EngineError(fmt::format(
                "nonlinear transient: Newton does not converge at t = {:.6e} s (step {:.3e} s, halved {} times): {}",
                t1, h, depth, why));
        }
        if (depth == 0) ++halved_steps_;
        const double middle = t0 + 0.5 * h;
        advance(t0, middle, trapezoidal, depth + 1, x, charge_current);
        advance(middle, t1, trapezoidal, depth + 1, x, charge_current);
    }

    void record(double t, const Eigen::VectorXd& x, Index n, NonlinearTransientResult& out) const {
        const double shape = drive_.shape(t);
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        for (Index j = 0; j < system_.cols; ++j) {
            const double end = x[matrix_.column(system_.rows - 1, j)];
            out.column_currents(n, j) = system_.column_end[j] * (end - system_.column_source[j] * column_shape);
        }
        for (Index i = 0; i < system_.rows; ++i) {
            out.row_currents(n, i) = system_.row_end[i] * (system_.row_source[i] * shape - x[matrix_.row(i, 0)]);
        }
    }

    void cell_voltages(const Eigen::VectorXd& x, RowMajorMatrix& v) const {
        v.resize(system_.rows, system_.cols);
        for (Index k = 0; k < n_; ++k) v.data()[k] = x[k] - x[n_ + k];
    }

    void statistics(NonlinearTransientResult& out) const {
        out.newton_iterations = iterations_;
        out.halved_steps = halved_steps_;
        out.factorizations = factorizations_;
        out.line_kcl_rejections = line_kcl_rejections_;
        out.cell_seconds = cell_seconds_;
        out.linear_seconds = linear_seconds_;
    }
    [[nodiscard]] Index rows() const { return system_.rows; }
    [[nodiscard]] Index cols() const { return system_.cols; }

private:
    // Newton on A x + K^T I(Kx) + s x = b(t) + history_ from x; on success
    // the cells have accepted the point. `reuse`: chord Newton, starting
    // from the kept factorization if it has this shift.
    bool newton(double t, double shift, int max_iterations, bool reuse, Eigen::VectorXd& x, std::string& why) {
        const double shape = drive_.shape(t);
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        double largest = 0.0, previous = 0.0;
        Index worst = 0;
        // A kept factorization of another step size (shift) is refactored;
        // steps of one size differ by rounding (t1 - t0), which is harmless.
        bool refactor = !reuse || !factored_ || std::abs(factored_shift_ - shift) > 1e-3 * shift;
        try {
            for (int iteration = 1; iteration <= max_iterations; ++iteration) {
                ++iterations_;
                for (Index k = 0; k < n_; ++k) {
                    voltage_.data()[k] = x[k] - x[n_ + k];
                    column_.data()[k] = x[n_ + k];
                }
                const auto cells_start = Clock::now();
                cells_.evaluate(voltage_, column_, current_, conductance_);
                cell_seconds_ += seconds_since(cells_start);
                if (!current_.allFinite() || !conductance_.allFinite()) {
                    why = "a cell returned a non-finite current or conductance";
                    return false;
                }
                // The KCL residual b + history - (A + s I) x - K^T I(K x).
                matrix_.apply_wires(shift, x, wires_);
                residual_ = history_ - wires_;
                for (Index k = 0; k < n_; ++k) {
                    residual_[k] -= current_.data()[k];
                    residual_[n_ + k] += current_.data()[k];
                }
                for (Index i = 0; i < system_.rows; ++i) {
                    residual_[matrix_.row(i, 0)] += system_.row_end[i] * system_.row_source[i] * shape;
                }
                for (Index j = 0; j < system_.cols; ++j) {
                    residual_[matrix_.column(system_.rows - 1, j)] +=
                        system_.column_end[j] * system_.column_source[j] * column_shape;
                }
                const auto linear_start = Clock::now();
                if (refactor || !reuse) {
                    conductance_ = conductance_.cwiseMax(settings_.minimum_conductance);
                    factored_ = false;  // until it succeeds
                    matrix_.factor(shift, conductance_);
                    factored_ = true;
                    factored_shift_ = shift;
                    ++factorizations_;
                    refactor = false;
                }
                matrix_.solve(residual_, update_);
                linear_seconds_ += seconds_since(linear_start);
                largest = update_.cwiseAbs().maxCoeff(&worst);
                if (!std::isfinite(largest)) {
                    why = "the linear solve gave a non-finite update";
                    return false;
                }
                const double damping = largest > settings_.max_voltage_step ? settings_.max_voltage_step / largest : 1.0;
                x += damping * update_;
                if (largest <= settings_.voltage_tolerance) {
                    if (lines_balanced(shift, shape, column_shape, x)) {
                        // The cells were evaluated within the tolerance of the solution.
                        cells_.accept();
                        return true;
                    }
                    // A small update on an imbalanced line: the kept matrix, not
                    // the point, made it small. Iterate on with the Jacobian.
                    ++line_kcl_rejections_;
                    refactor = true;
                    previous = largest;
                    continue;
                }
                // Poor contraction: the kept matrix is too far from the Jacobian.
                if (iteration > 1 && largest > settings_.reuse_contraction * previous) refactor = true;
                previous = largest;
            }
        } catch (const EngineError& error) {
            why = error.what();
            return false;
        }
        const bool on_row = worst < n_;
        const Index cell = on_row ? worst : worst - n_;
        why = fmt::format("{} iterations, last update {:.3e} V at {} node ({}, {})", max_iterations, largest,
                          on_row ? "row" : "column", cell / system_.cols, cell % system_.cols);
        return false;
    }

    // KCL on each whole line at the last evaluation (residual_, current_,
    // conductance_ of this iteration; x before its update): see the header.
    bool lines_balanced(double shift, double shape, double column_shape, const Eigen::VectorXd& x) const {
        const Index rows = system_.rows, cols = system_.cols;
        const auto charge = [&](Index node) { return std::abs(shift * x[node] - history_[node]); };
        for (Index i = 0; i < rows; ++i) {
            double net = 0.0, scale = 0.0, external = system_.row_end[i] + cols * shift;
            for (Index j = 0; j < cols; ++j) {
                const Index node = matrix_.row(i, j), k = i * cols + j;
                net += residual_[node];
                scale = std::max({scale, std::abs(current_.data()[k]), charge(node)});
                external += std::abs(conductance_.data()[k]);
            }
            scale = std::max(scale, std::abs(system_.row_end[i] * (system_.row_source[i] * shape - x[matrix_.row(i, 0)])));
            if (!balanced(net, scale, external)) return false;
        }
        for (Index j = 0; j < cols; ++j) {
            double net = 0.0, scale = 0.0, external = system_.column_end[j] + rows * shift;
            for (Index i = 0; i < rows; ++i) {
                const Index node = matrix_.column(i, j), k = i * cols + j;
                net += residual_[node];
                scale = std::max({scale, std::abs(current_.data()[k]), charge(node)});
                external += std::abs(conductance_.data()[k]);
            }
            const Index end = matrix_.column(rows - 1, j);
            scale = std::max(scale, std::abs(system_.column_end[j] * (system_.column_source[j] * column_shape - x[end])));
            if (!balanced(net, scale, external)) return false;
        }
        return true;
    }
    [[nodiscard]] bool balanced(double net, double scale, double external) const {
        return std::abs(net) <= settings_.current_abstol + settings_.current_reltol * scale +
                                    external * settings_.voltage_tolerance;
    }

    detail::CrossbarSystem system_;
    detail::TransientNodalMatrix matrix_;
    const TransientDrive& drive_;
    TransientCells& cells_;
    const NonlinearTransientSettings& settings_;
    double capacitance_;
    Index n_;
    RowMajorMatrix voltage_, column_, current_, conductance_;
    Eigen::VectorXd history_, next_, residual_, update_, wires_;
    Eigen::VectorXd last_x_;  // the point before the last accepted one, for the predictor
    double last_step_ = 0.0;
    bool last_trapezoidal_ = false;
    bool factored_ = false;
    double factored_shift_ = 0.0;
    long long iterations_ = 0;
    long long factorizations_ = 0;
    int halved_steps_ = 0;
    long long line_kcl_rejections_ = 0;
    double cell_seconds_ = 0.0, linear_seconds_ = 0.0;
};

}  // namespace

NonlinearTransientResult simulate_nonlinear_transient(const CrossbarArray& array, const TransientDrive& drive,
                                                      TransientCells& cells,
                                                      const NonlinearTransientSettings& settings) {
    validate(array, drive, settings);
    Integrator integrator(array, drive, cells, settings);
    const TransientSchedule schedule = transient_schedule(settings.step, settings.stop, drive.breakpoints);
    NonlinearTransientResult out;
    out.times = schedule.times;
    const auto points = static_cast<Index>(out.times.size());
    out.column_currents.resize(points, integrator.cols());
    out.row_currents.resize(points, integrator.rows());

    Eigen::VectorXd x, charge_current = Eigen::VectorXd::Zero(2 * array.rows() * array.cols());
    integrator.start(x);
    integrator.record(0.0, x, 0, out);
    RowMajorMatrix v;
    if (settings.observe) {
        integrator.cell_voltages(x, v);
        settings.observe(0.0, v);
    }
    for (Index n = 1; n < points; ++n) {
        integrator.advance(out.times[std::size_t(n - 1)], out.times[std::size_t(n)],
                           !schedule.backward_euler[std::size_t(n)], 0, x, charge_current);
        integrator.record(out.times[std::size_t(n)], x, n, out);
        if (settings.observe) {
            integrator.cell_voltages(x, v);
            settings.observe(out.times[std::size_t(n)], v);
        }
        if (settings.progress) settings.progress(out.times[std::size_t(n)], settings.stop);
    }
    integrator.cell_voltages(x, out.final_cell_voltages);
    integrator.statistics(out);
    return out;
}

}  // namespace memcosim::solver
