#pragma once
// Transient of a crossbar of nonlinear cells (device-model cells whose
// states evolve, composite 1S1R / 1T1R / 2T2R cells) with wire resistance
// and wire capacitance: the circuit ngspice integrates, with ngspice's
// method, so the two can be compared point by point.
//
// Unknowns: every row node u(i,j) and column node w(i,j) (x = [u; w]), each
// with CrossbarArray::wire_capacitance C to ground. The node equations at a
// time point are
//     A x + K^T I(K x) + C x' = b(t),
// A the wire chains with their end segments (crossbar_system.hpp without
// the cells), K x the cell voltages u - w, I the cell currents (row ->
// column) and b the sources behind the end segments. They are integrated on
// the schedule of solver/crossbar_transient.hpp (fixed steps STEP plus the
// drive's corners, a backward Euler step of a tenth of the interval after
// t = 0 and after each corner, trapezoidal otherwise), each step replacing
// C x' by its companion model, as SPICE does:
//     trapezoidal:     C x'_{n+1} = s (x_{n+1} - x_n) - C x'_n,  s = 2C/h
//     backward Euler:  C x'_{n+1} = s (x_{n+1} - x_n),            s = C/h
// which leaves a nonlinear DC crossbar with s on every node's diagonal.
// Newton solves it: each iteration linearises every cell (conductance
// g = dI/dv in parallel with a Norton current I - g v) and solves the
// resulting SPD system by a sparse LDL^T whose symbolic analysis is done
// once for the whole run (solver/transient_nodal_matrix.hpp). A step's
// Newton starts from the last point, or with reuse_factorization from the
// line through the last two points within a stretch of trapezoidal steps.
//
// Convergence: every node's update within voltage_tolerance AND, tested
// then, KCL on every whole line (settings below); an update within
// tolerance on an imbalanced line refactors and iterates on.
//
// Chord Newton (reuse_factorization): the update is J^-1 r with r the exact
// KCL residual and J the last factorized matrix, kept across iterations and
// steps while the updates contract fast; it is refactored when the step
// size (so the C/h shift) changes, when an update is not at most
// reuse_contraction times the previous one, and a step that fails with a
// kept factorization is redone by full Newton before it is halved. The
// converged point solves the same equations to the same tolerance either
// way: the cells' conductances (about 1e-4 S) are small beside the wires'
// and C/h, so a stale J costs an iteration now and then, not accuracy.
//
// The cells see the step through TransientCells: a cell with states
// eliminates its new states for the step's method (experiments/
// transient_cells.hpp), so I(v) and dI/dv are the totals at the new time.
// Column-aware cells (a 1T1R transistor whose source is the column node)
// get the column potential, whose influence Newton lags as the DC solver
// does (nonlinear_crossbar_solver.hpp).
//
// A step whose Newton does not converge is retried as two half steps (the
// same method), down to 1/64 of the step; then EngineError names the time.
#include "core/crossbar_array.hpp"
#include "solver/crossbar_transient.hpp"

#include <functional>
#include <string>
#include <vector>

namespace memcosim::solver {

class TransientCells {
public:
    virtual ~TransientCells() = default;
    // Starts a step of size h from the last accepted point; `trapezoidal`
    // false: backward Euler. h = 0: an operating point (states held).
    virtual void begin_step(double h, bool trapezoidal) = 0;
    // Cell currents (row -> column) and dI/dv at a fixed column potential,
    // at the new time, for cell voltages v and column node potentials.
    virtual void evaluate(const RowMajorMatrix& v, const RowMajorMatrix& column, RowMajorMatrix& current,
                          RowMajorMatrix& conductance) = 0;
    // The last evaluate() was at the converged point of the step: it becomes
    // the start of the next one.
    virtual void accept() = 0;
};

struct NonlinearTransientSettings {
    double step = 0.0;  // seconds, > 0: output spacing and largest time step
    double stop = 0.0;  // seconds, > step
    int max_newton_iterations = 50;      // per step
    double voltage_tolerance = 1e-9;     // volts: converged when every node moves less than this
    double max_voltage_step = 0.2;       // volts a node may move per Newton iteration (damping)
    double minimum_conductance = 1e-15;  // siemens: floor on dI/dv so every system stays SPD
    int max_halvings = 6;                // a failed step is retried as halves, this deep
    // Chord Newton and the predictor (see above); false: plain full Newton,
    // a factorization at every iteration, each step started at the last point.
    bool reuse_factorization = true;
    double reuse_contraction = 0.25;     // largest accepted ratio of successive updates
    // Convergence also needs KCL on every whole line (row or column): the sum
    // of its nodes' residuals (the wire currents cancel in it; what is left
    // is the line's net current through its cells, end segment and
    // capacitors) within current_abstol + current_reltol * the largest of
    // those currents + the line's external conductance * voltage_tolerance.
    // A line held only weakly (picoamperes) can show a tiny update under a
    // stale factorization while its potential is still far off; its net
    // current then is not small.
    double current_abstol = 1e-14;       // amperes
    double current_reltol = 1e-3;
    std::function<void(double, double)> progress;  // (time, stop) after each time point
    // After each time point: its time and the cell voltages (R x C).
    std::function<void(double, const RowMajorMatrix&)> observe;
};

struct NonlinearTransientResult {
    std::vector<double> times;          // every time point of the schedule
    RowMajorMatrix column_currents;     // times x C: into column j's terminal, amperes (0 if floating)
    RowMajorMatrix row_currents;        // times x R: from row i's driver, amperes
    RowMajorMatrix final_cell_voltages; // R x C at stop
    long long newton_iterations = 0;    // over all steps
    long long factorizations = 0;       // numeric LDL^T factorizations, over all steps
    double cell_seconds = 0.0;          // wall time in TransientCells::evaluate
    double linear_seconds = 0.0;        // wall time factorizing and solving
    int halved_steps = 0;               // steps that needed halving
    long long line_kcl_rejections = 0;  // updates within tolerance refused for a line's KCL imbalance
};

// Throws InputError for an invalid array, ideal wires, a negative
// capacitance or bad step/stop; EngineError naming the time when a step
// does not converge even halved max_halvings times (with the cells' or
// Newton's own reason).
[[nodiscard]] NonlinearTransientResult simulate_nonlinear_transient(const CrossbarArray& array,
                                                                    const TransientDrive& drive,
                                                                    TransientCells& cells,
                                                                    const NonlinearTransientSettings& settings);

// Cells of fixed conductance (the array's map): the linear transient
// through the nonlinear path, for tests.
class LinearTransientCells final : public TransientCells {
public:
    explicit LinearTransientCells(RowMajorMatrix conductance) : conductance_(std::move(conductance)) {}
    void begin_step(double, bool) override {}
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix&, RowMajorMatrix& current,
                  RowMajorMatrix& conductance) override {
        current = conductance_.cwiseProduct(v);
        conductance = conductance_;
    }
    void accept() override {}

private:
    RowMajorMatrix conductance_;
};

}  // namespace memcosim::solver
