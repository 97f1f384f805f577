#include "solver/nonlinear_transient.hpp"

#include "core/error.hpp"
#include "solver/crossbar_system.hpp"

#include <Eigen/SparseCholesky>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::solver {
namespace {

using detail::Index;
using Sparse = Eigen::SparseMatrix<double>;

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

// The nodal matrix A + s I + K^T diag(g) K on a pattern fixed for the run,
// so that one symbolic analysis serves every factorization: the wire and
// end-segment values are kept once, and each iteration adds the shift and
// the cell conductances at known positions of the value array.
class NodalMatrix {
public:
    explicit NodalMatrix(const detail::CrossbarSystem& s) : rows_(s.rows), cols_(s.cols), n_(s.cells()) {
        std::vector<Eigen::Triplet<double>> t;
        t.reserve(static_cast<std::size_t>(14 * n_));
        const auto between = [&t](Index a, Index b, double g) {
            t.emplace_back(a, a, g);
            t.emplace_back(b, b, g);
            t.emplace_back(a, b, -g);
            t.emplace_back(b, a, -g);
        };
        for (Index k = 0; k < 2 * n_; ++k) t.emplace_back(k, k, 0.0);
        for (Index i = 0; i < rows_; ++i) {
            t.emplace_back(row(i, 0), row(i, 0), s.row_end[i]);
            for (Index j = 0; j + 1 < cols_; ++j) between(row(i, j), row(i, j + 1), s.g_row);
        }
        for (Index j = 0; j < cols_; ++j) {
            for (Index i = 0; i + 1 < rows_; ++i) between(column(i, j), column(i + 1, j), s.g_col);
            t.emplace_back(column(rows_ - 1, j), column(rows_ - 1, j), s.column_end[j]);
        }
        for (Index k = 0; k < n_; ++k) between(k, n_ + k, 0.0);  // the cells' places
        matrix_.resize(2 * n_, 2 * n_);
        matrix_.setFromTriplets(t.begin(), t.end());
        matrix_.makeCompressed();
        base_.assign(matrix_.valuePtr(), matrix_.valuePtr() + matrix_.nonZeros());
        diagonal_.resize(static_cast<std::size_t>(2 * n_));
        for (Index k = 0; k < 2 * n_; ++k) diagonal_[std::size_t(k)] = position(k, k);
        cell_.resize(static_cast<std::size_t>(n_));
        for (Index k = 0; k < n_; ++k) cell_[std::size_t(k)] = {position(k, n_ + k), position(n_ + k, k)};
        factor_.analyzePattern(matrix_);
    }

    // Factors A + s I + K^T diag(g) K.
    void factor(double shift, const RowMajorMatrix& g) {
        double* values = matrix_.valuePtr();
        std::copy(base_.begin(), base_.end(), values);
        for (Index k = 0; k < 2 * n_; ++k) values[diagonal_[std::size_t(k)]] += shift;
        for (Index k = 0; k < n_; ++k) {
            const double gk = g.data()[k];
            values[diagonal_[std::size_t(k)]] += gk;
            values[diagonal_[std::size_t(n_ + k)]] += gk;
            values[cell_[std::size_t(k)].first] -= gk;
            values[cell_[std::size_t(k)].second] -= gk;
        }
        factor_.factorize(matrix_);
        if (factor_.info() != Eigen::Success) {
            throw EngineError(fmt::format("nonlinear transient: LDL^T factorization of the {}x{} array failed", rows_,
                                          cols_));
        }
    }
    void solve(const Eigen::VectorXd& f, Eigen::VectorXd& x) const { x = factor_.solve(f); }

    [[nodiscard]] Index row(Index i, Index j) const { return i * cols_ + j; }
    [[nodiscard]] Index column(Index i, Index j) const { return n_ + i * cols_ + j; }

private:
    // Index into the value array of entry (r, c) (present by construction).
    Index position(Index r, Index c) const {
        const auto* outer = matrix_.outerIndexPtr();
        const auto* inner = matrix_.innerIndexPtr();
        const auto* begin = inner + outer[c];
        const auto* end = inner + outer[c + 1];
        const auto* at = std::lower_bound(begin, end, static_cast<Sparse::StorageIndex>(r));
        return static_cast<Index>(at - inner);
    }

    Index rows_, cols_, n_;
    Sparse matrix_;
    std::vector<double> base_;
    std::vector<Index> diagonal_;
    std::vector<std::pair<Index, Index>> cell_;
    Eigen::SimplicialLDLT<Sparse> factor_;
};

// One run: the system, the matrix and the work arrays.
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
        column_ = current_ = conductance_ = source_ = voltage_;
    }

    // The operating point at t = 0 (ngspice's start); false if Newton fails.
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
        const Eigen::VectorXd history = Eigen::VectorXd::Zero(2 * n_);
        std::string why;
        cells_.begin_step(0.0, false);
        if (!newton(0.0, 0.0, history, std::max(settings_.max_newton_iterations, 100), x, why)) {
            throw EngineError(fmt::format("nonlinear transient: no operating point at t = 0 s ({})", why));
        }
    }

    // Advances (x, capacitor currents) from t0 to t1 by one step of the
    // method, or by halves if that does not converge.
    void advance(double t0, double t1, bool trapezoidal, int depth, Eigen::VectorXd& x, Eigen::VectorXd& charge_current) {
        const double h = t1 - t0;
        const double shift = (trapezoidal ? 2.0 : 1.0) * capacitance_ / h;
        // The companion model's history: s x_n (+ C x'_n for the trapezoidal rule).
        Eigen::VectorXd history = shift * x;
        if (trapezoidal) history += charge_current;
        Eigen::VectorXd next = x;
        std::string why;
        cells_.begin_step(h, trapezoidal);
        if (newton(t1, shift, history, settings_.max_newton_iterations, next, why)) {
            if (trapezoidal) {
                charge_current = shift * (next - x) - charge_current;
            } else {
                charge_current = shift * (next - x);
            }
            x.swap(next);
            return;
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

    [[nodiscard]] long long iterations() const { return iterations_; }
    [[nodiscard]] int halved_steps() const { return halved_steps_; }
    [[nodiscard]] Index rows() const { return system_.rows; }
    [[nodiscard]] Index cols() const { return system_.cols; }

private:
    // Newton on A x + K^T I(Kx) + s x = b(t) + history from x; on success the
    // cells have accepted the point.
    bool newton(double t, double shift, const Eigen::VectorXd& history, int max_iterations, Eigen::VectorXd& x,
                std::string& why) {
        const double shape = drive_.shape(t);
        const double column_shape = drive_.columns_follow ? shape : 1.0;
        Eigen::VectorXd f(2 * n_), solution;
        double largest = 0.0;
        Index worst = 0;
        try {
            for (int iteration = 1; iteration <= max_iterations; ++iteration) {
                ++iterations_;
                for (Index k = 0; k < n_; ++k) {
                    voltage_.data()[k] = x[k] - x[n_ + k];
                    column_.data()[k] = x[n_ + k];
                }
                cells_.evaluate(voltage_, column_, current_, conductance_);
                if (!current_.allFinite() || !conductance_.allFinite()) {
                    why = "a cell returned a non-finite current or conductance";
                    return false;
                }
                conductance_ = conductance_.cwiseMax(settings_.minimum_conductance);
                // Norton currents of the linearised cells: out of the row node, into the column node.
                source_ = current_ - conductance_.cwiseProduct(voltage_);
                f = history;
                for (Index k = 0; k < n_; ++k) {
                    f[k] -= source_.data()[k];
                    f[n_ + k] += source_.data()[k];
                }
                for (Index i = 0; i < system_.rows; ++i) {
                    f[matrix_.row(i, 0)] += system_.row_end[i] * system_.row_source[i] * shape;
                }
                for (Index j = 0; j < system_.cols; ++j) {
                    f[matrix_.column(system_.rows - 1, j)] +=
                        system_.column_end[j] * system_.column_source[j] * column_shape;
                }
                matrix_.factor(shift, conductance_);
                matrix_.solve(f, solution);
                solution -= x;  // the update
                largest = solution.cwiseAbs().maxCoeff(&worst);
                if (!std::isfinite(largest)) {
                    why = "the linear solve gave a non-finite update";
                    return false;
                }
                const double damping = largest > settings_.max_voltage_step ? settings_.max_voltage_step / largest : 1.0;
                x += damping * solution;
                if (largest <= settings_.voltage_tolerance) {
                    // The cells were evaluated within the tolerance of the solution.
                    cells_.accept();
                    return true;
                }
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

    detail::CrossbarSystem system_;
    NodalMatrix matrix_;
    const TransientDrive& drive_;
    TransientCells& cells_;
    const NonlinearTransientSettings& settings_;
    double capacitance_;
    Index n_;
    RowMajorMatrix voltage_, column_, current_, conductance_, source_;
    long long iterations_ = 0;
    int halved_steps_ = 0;
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
    out.newton_iterations = integrator.iterations();
    out.halved_steps = integrator.halved_steps();
    return out;
}

}  // namespace memcosim::solver
