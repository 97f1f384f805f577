// The fast path of a write (experiments/array_write.hpp): implicit
// trapezoidal steps of the whole array, each a nonlinear DC crossbar of
// cells whose new states are eliminated per cell.
#include "core/error.hpp"
#include "experiments/array_write.hpp"
#include "experiments/array_write_pulse.hpp"
#include "experiments/cell_transient_run.hpp"
#include "experiments/implicit_cells.hpp"
#include "models/evaluator.hpp"
#include "netlist/waveform_value.hpp"
#include "solver/linear_crossbar_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::experiments {
namespace {

using Maps = StateMaps;

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

// With wire capacitance the node voltages are states too: the whole pulse
// is the nonlinear transient of solver/nonlinear_transient.hpp (every line
// source following the pulse), on fixed steps of ngspice's largest step,
// with its trapezoidal / backward Euler schedule.
WriteResult write_with_capacitance(const ArrayWrite& write, const SolverWriteOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const CrossbarArray full = biased_array(write);
    CellCrossbar cells;
    cells.type = CellType::one_r;
    cells.array = full;
    cells.memory = ModelCrossbar{full, write.cell, write.states};
    const auto transient_cells = make_transient_cells(cells, std::nullopt);

    const netlist::Waveform shape = unit_pulse(write.pulse);
    const double stop = write.pulse.duration();
    solver::TransientDrive drive{[shape](double t) { return netlist::waveform_value(shape, t); },
                                 netlist::waveform_breakpoints(shape, stop), true};
    solver::NonlinearTransientSettings settings;
    settings.step = std::min({stop / options.max_steps_per_pulse, write.pulse.rise / 10.0, write.pulse.fall / 10.0});
    settings.stop = stop;
    settings.max_newton_iterations = options.newton.max_newton_iterations;
    settings.max_voltage_step = options.newton.max_voltage_step;
    settings.minimum_conductance = options.newton.minimum_conductance;
    WriteResult result;
    result.before = write.states;
    result.peak_voltage = RowMajorMatrix::Zero(full.rows(), full.cols());
    settings.observe = [&result](double, const RowMajorMatrix& v) {
        result.peak_voltage = result.peak_voltage.cwiseMax(v.cwiseAbs());
    };
    int steps = 0;
    settings.progress = [&](double t, double end) {
        ++steps;
        if (options.progress) options.progress(t, end, steps);
    };
    const auto outcome = solver::simulate_nonlinear_transient(full, drive, *transient_cells, settings);
    result.after = memory_states(*transient_cells);  // accepted with the last step
    result.time_steps = static_cast<int>(outcome.times.size()) - 1;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace

WriteResult write_solve(const ArrayWrite& write, const SolverWriteOptions& options) {
    validate(write);
    if (options.max_steps_per_pulse < 1) throw InputError("write: steps per pulse must be >= 1");
    if (write.array.wire_capacitance > 0.0) return write_with_capacitance(write, options);
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
