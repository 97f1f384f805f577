#include "experiments/cell_transient_run.hpp"

#include "core/error.hpp"
#include "experiments/dynamic_cells.hpp"
#include "experiments/implicit_cells.hpp"
#include "experiments/stateful_memory.hpp"
#include "models/evaluator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/series_cell.hpp"

#include <chrono>
#include <fmt/format.h>

namespace memcosim::experiments {
namespace {

// 1R model cells: the states of every cell eliminated at once per
// evaluation (batched evaluator).
class ModelCells final : public solver::TransientCells {
public:
    explicit ModelCells(const ModelCrossbar& m)
        : evaluator_(m.cell.model, models::resolve_parameters(m.cell.model, m.cell.parameters)),
          cells_(evaluator_, m.array.rows(), m.array.cols(), 50, 1e-12),
          x_(m.states),
          f_(m.states.size(), RowMajorMatrix::Zero(m.array.rows(), m.array.cols())) {}

    void begin_step(double h, bool trapezoidal) override {
        const auto [a, b] = implicit_step_weights(h, trapezoidal);
        cells_.begin(x_, f_, a, b);
    }
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix&, RowMajorMatrix& current,
                  RowMajorMatrix& conductance) override {
        cells_(v, current, conductance);
    }
    void accept() override {
        x_ = cells_.states();
        f_ = cells_.rates();
    }
    [[nodiscard]] const StateMaps& states() const { return x_; }

private:
    models::Evaluator evaluator_;
    ImplicitCells cells_;
    StateMaps x_, f_;
};

// Series pairs (1S1R, 1T1R, 2T2R): each cell's internal node eliminated by
// the scalar Newton of solver/series_cell.hpp, warm-started across calls.
class SeriesCells final : public solver::TransientCells {
public:
    SeriesCells(const CellCrossbar& c, const std::optional<solver::CompactTransistor>& transistor) {
        solver::MemoryLaw memory = memory_law(c);
        if (c.memory) {
            memory_ = std::make_shared<StatefulMemory>(*c.memory);
            memory = [state = memory_](Eigen::Index k, double v, double& current, double& slope) {
                (*state)(k, v, current, slope);
            };
        }
        // The linear memory and the compact transistor are pure; a model
        // evaluator (memory or selector) has scratch space: one thread.
        const bool thread_safe = !c.memory && c.type != CellType::one_s_one_r;
        evaluator_ = solver::series_cell_evaluator(c.array.rows(), c.array.cols(), std::move(memory),
                                                   access_law(c, transistor), thread_safe);
    }
    void begin_step(double h, bool trapezoidal) override {
        if (memory_) memory_->begin(h, trapezoidal);
    }
    void evaluate(const RowMajorMatrix& v, const RowMajorMatrix& column, RowMajorMatrix& current,
                  RowMajorMatrix& conductance) override {
        evaluator_(v, column, current, conductance);
    }
    void accept() override {
        if (memory_) memory_->accept();
    }
    [[nodiscard]] StateMaps states() const { return memory_ ? memory_->states() : StateMaps{}; }

private:
    std::shared_ptr<StatefulMemory> memory_;
    solver::ColumnAwareCellEvaluator evaluator_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::unique_ptr<solver::TransientCells> make_transient_cells(
    const CellCrossbar& crossbar, const std::optional<solver::CompactTransistor>& transistor) {
    validate(crossbar);
    if (crossbar.type == CellType::one_r) {
        if (crossbar.memory) return std::make_unique<ModelCells>(*crossbar.memory);
        return std::make_unique<solver::LinearTransientCells>(crossbar.array.conductance);
    }
    return std::make_unique<SeriesCells>(crossbar, transistor);
}

std::vector<RowMajorMatrix> memory_states(const solver::TransientCells& cells) {
    if (const auto* model = dynamic_cast<const ModelCells*>(&cells)) return model->states();
    if (const auto* series = dynamic_cast<const SeriesCells*>(&cells)) return series->states();
    return {};
}

netlist::Circuit cell_transient_circuit(const CellCrossbar& crossbar, const std::optional<RowPulse>& pulse,
                                        double step, double stop) {
    validate(crossbar);
    // The composite netlist with plain resistors as memory elements, whose
    // resistors then become dynamic model instances between the same nodes.
    CellCrossbar linear = crossbar;
    linear.memory.reset();
    netlist::Circuit circuit = cell_crossbar_circuit(linear);
    if (crossbar.memory) {
        (void)make_cells_dynamic(circuit, crossbar.memory->cell, crossbar.memory->states, "xg", "transient");
        circuit.title = fmt::format("memcosim transient: {} crossbar {}x{} of {} cells", to_string(crossbar.type),
                                    crossbar.array.rows(), crossbar.array.cols(), crossbar.memory->cell.model.name());
    }
    if (pulse) apply_row_pulse(circuit, crossbar.array, *pulse, step);
    circuit.options.emplace_back("method", "trap");
    circuit.analyses = {netlist::Transient{step, stop, 0.0, step, false}};
    return circuit;
}

TransientWaveforms cell_transient_spice(spice::Engine& engine, const CellCrossbar& crossbar,
                                        const std::optional<RowPulse>& pulse, double step, double stop,
                                        const spice::RunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const netlist::Circuit circuit = cell_transient_circuit(crossbar, pulse, step, stop);
    netlist::require_electrical_rules(circuit);
    TransientWaveforms waveforms = spice_transient_outputs(engine.run(netlist::write_spice_lines(circuit), options),
                                                           *circuit.outputs);
    waveforms.seconds = seconds_since(start);
    return waveforms;
}

TransientWaveforms cell_transient_solver(const CellCrossbar& crossbar,
                                         const std::optional<solver::CompactTransistor>& transistor,
                                         const std::optional<RowPulse>& pulse,
                                         const solver::NonlinearTransientSettings& settings) {
    const auto start = std::chrono::steady_clock::now();
    const auto cells = make_transient_cells(crossbar, transistor);
    const solver::NonlinearTransientResult result = solver::simulate_nonlinear_transient(
        crossbar.array, row_pulse_drive(pulse, settings.step, settings.stop), *cells, settings);
    TransientWaveforms waveforms;
    waveforms.times = result.times;
    const auto points = static_cast<Eigen::Index>(result.times.size());
    if (crossbar.type == CellType::two_t_two_r) {
        const Eigen::Index pairs = crossbar.array.cols() / 2;
        waveforms.values.resize(points, pairs);
        for (Eigen::Index p = 0; p < pairs; ++p) {
            waveforms.names.push_back(fmt::format("I{}", p));
            waveforms.values.col(p) = result.column_currents.col(2 * p) - result.column_currents.col(2 * p + 1);
        }
    } else {
        std::vector<Eigen::Index> columns;
        for (Eigen::Index j = 0; j < crossbar.array.cols(); ++j) {
            if (crossbar.array.column_termination(j).floating) continue;
            columns.push_back(j);
            waveforms.names.push_back(fmt::format("I{}", j));
        }
        waveforms.values.resize(points, static_cast<Eigen::Index>(columns.size()));
        for (std::size_t k = 0; k < columns.size(); ++k) {
            waveforms.values.col(static_cast<Eigen::Index>(k)) = result.column_currents.col(columns[k]);
        }
    }
    waveforms.seconds = seconds_since(start);
    return waveforms;
}

}  // namespace memcosim::experiments
