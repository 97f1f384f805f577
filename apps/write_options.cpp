#include "write_options.hpp"

#include "cell_options.hpp"
#include "core/error.hpp"
#include "crossbar_options.hpp"

#include <fmt/format.h>

namespace memcosim::cli {

void WriteOptions::add_to(CLI::App& command) {
    command.add_option("--model", model, "cell model (see `memcosim models list`), NAME|FILE.va[:K=V,...]")
        ->required();
    command.add_option("--rows", rows, "number of rows (word lines)")->required()->check(CLI::Range(1L, 65536L));
    command.add_option("--cols", cols, "number of columns (bit lines)")->required()->check(CLI::Range(1L, 65536L));
    command.add_option("--cell-row", cell_row, "row of the selected cell (0-based)")->required();
    command.add_option("--cell-col", cell_columns,
                       "column of the selected cell (0-based); several, comma separated, for a row write")
        ->required()
        ->delimiter(',');
    command.add_option("--scheme", scheme, "v2 (others V/2), v3 (rows V/3, columns 2V/3) or float (others open)")
        ->capture_default_str()
        ->check(CLI::IsMember({"v2", "v3", "float"}));
    command.add_option("--v-write", v_write, "write voltage on the selected row, volts (selected column at 0 V)")
        ->required();
    command.add_option("--width", width, "pulse width at full level, seconds")->required();
    command.add_option("--rise", rise, "rise time, seconds (default: a tenth of the width)");
    command.add_option("--fall", fall, "fall time, seconds (default: the rise time)");
    command.add_option("--states", state_files, "one R x C state map CSV per model state (before the pulse)")
        ->delimiter(',')
        ->check(CLI::ExistingFile);
    command.add_option("--state-uniform", state_uniform, "every cell at these states (one per state)")->delimiter(',');
    command.add_option("--r-wire", r_wire, "wire resistance per segment, ohm, rows and columns (default 0: ideal)");
    command.add_option("--r-row", r_row, "row wire resistance per segment, ohm");
    command.add_option("--r-col", r_col, "column wire resistance per segment, ohm");
    command.add_option("--r-driver", r_driver, "output resistance of every line driver, ohm")->capture_default_str();
    command.add_option("--c-wire", c_wire,
                       "wire capacitance per row and column node to ground, farad (needs wire resistance; the "
                       "solver then integrates the node voltages with the states, trapezoidal on fixed steps)")
        ->capture_default_str();
    command.add_option("--engine", engine, "solver (fast path) or spice (ngspice, dynamic model subcircuits)")
        ->capture_default_str()
        ->check(CLI::IsMember({"solver", "spice"}));
    command.add_option("--newton-iterations", newton_iterations, "solver: Newton iterations allowed per time step")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command.add_option("--steps", steps, "maximum time step = pulse duration / this (both engines)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command.add_option("-o,--output", output, "CSV file to write (stdout if omitted)");
    command.add_option("--plot", plot, "PNG heat map of the state change (gnuplot)");
    command.add_option("--cell", cell,
                       "cell type: 1R (the model alone), 1S1R (selector in series), 1T1R (NMOS access transistor, "
                       "gate on the word line), 2T2R (pairs of 1T1R columns 2p = G+, 2p+1 = G-: --cols counts "
                       "physical columns, --cell-col the pair, --device the device written)")
        ->capture_default_str();
    selector_flag = command.add_option("--selector", selector,
                                       "1S1R: the selector, a stateless model NAME|FILE.va[:K=V,...]")
                        ->capture_default_str();
    transistor_flag = command.add_option("--transistor", transistor,
                                         "1T1R/2T2R: level1, bsim4 or FILE[:w=M,l=M] (one NMOS .model card)")
                          ->capture_default_str();
    command.add_option("--v-gate", v_gate,
                       "1T1R/2T2R: the selected word line's gate voltage, volts (default: the card's nominal)");
    command.add_option("--v-gate-off", v_gate_off, "1T1R/2T2R: every other word line's gate voltage, volts (default 0)");
    command.add_option("--gates", gates_file,
                       "1T1R/2T2R: one gate voltage per word line, volts, one value per line (instead of --v-gate "
                       "and --v-gate-off)");
    device_flag = command.add_option("--device", device, "2T2R: the device of the pair the write programs, G+ or G-")
                      ->capture_default_str()
                      ->check(CLI::IsMember({"G+", "G-"}));
}

experiments::ArrayWrite WriteOptions::build() const {
    if (r_wire && (r_row || r_col)) throw InputError("give either --r-wire or --r-row/--r-col, not both");
    if ((r_row.has_value()) != (r_col.has_value())) throw InputError("give both --r-row and --r-col (or --r-wire)");
    CrossbarArray array;
    array.conductance = RowMajorMatrix::Ones(rows, cols);  // the size; the cells are the model
    array.inputs = Eigen::VectorXd::Zero(rows);
    array.row_wire_resistance = r_wire ? *r_wire : r_row.value_or(0.0);
    array.column_wire_resistance = r_wire ? *r_wire : r_col.value_or(0.0);
    array.wire_capacitance = c_wire;
    if (r_driver != 0.0) {
        if (!(r_driver > 0.0)) throw InputError(fmt::format("--r-driver must be >= 0 ohm, got {}", r_driver));
        array.row_drivers.assign(static_cast<std::size_t>(rows), LineTermination{false, r_driver});
        array.column_terminations.assign(static_cast<std::size_t>(cols), LineTermination{false, r_driver});
    }
    array.validate();  // wire values, with the crossbar's own messages

    CrossbarOptions cells;
    cells.model = model;
    cells.state_files = state_files;
    cells.state_uniform = state_uniform;
    auto model_cells = cells.build_model_cells(array);

    if (cell_row < 0 || cell_row >= rows) {
        throw InputError(fmt::format("--cell-row {} is outside the {}x{} array (rows 0..{})", cell_row, rows, cols,
                                     rows - 1));
    }
    const auto type = experiments::parse_cell_type(cell);
    const bool pairs = type == experiments::CellType::two_t_two_r;
    if (pairs && cols % 2 != 0) {
        throw InputError(fmt::format("--cell 2T2R: --cols counts physical columns, two per pair: got an odd {}", cols));
    }
    std::vector<Eigen::Index> columns;
    for (long j : cell_columns) {
        if (pairs && (j < 0 || j >= cols / 2)) {
            throw InputError(fmt::format("--cell-col {} is outside the {} pairs of the {}x{} 2T2R array (pairs 0..{})",
                                         j, cols / 2, rows, cols, cols / 2 - 1));
        }
        if (j < 0 || j >= cols) {
            throw InputError(fmt::format("--cell-col {} is outside the {}x{} array (columns 0..{})", j, rows, cols,
                                         cols - 1));
        }
        columns.push_back(pairs ? 2 * j + (device == "G-" ? 1 : 0) : j);
    }
    const double rise_time = rise.value_or(width / 10.0);
    if (!(width > 0.0)) throw InputError(fmt::format("--width must be > 0 s, got {}", width));
    if (!(rise_time > 0.0)) throw InputError(fmt::format("--rise must be > 0 s, got {}", rise_time));
    if (fall && !(*fall > 0.0)) throw InputError(fmt::format("--fall must be > 0 s, got {}", *fall));

    experiments::ArrayWrite write{array,
                                  model_cells->cell,
                                  model_cells->states,
                                  solver::parse_bias_scheme(scheme),
                                  {cell_row},
                                  columns,
                                  {v_write, width, rise_time, fall.value_or(rise_time)}};
    experiments::validate(write);
    return write;
}

}  // namespace memcosim::cli

namespace memcosim::cli {

std::optional<experiments::CellWrite> WriteOptions::build_cells(const experiments::ArrayWrite& write) const {
    const auto type = experiments::parse_cell_type(cell);
    const bool transistor_cell = experiments::has_transistor(type);
    if (selector_flag && selector_flag->count() > 0 && type != experiments::CellType::one_s_one_r) {
        throw InputError("--selector applies to --cell 1S1R only");
    }
    if (!transistor_cell && ((transistor_flag && transistor_flag->count() > 0) || v_gate || v_gate_off ||
                             !gates_file.empty())) {
        throw InputError("--transistor, --v-gate, --v-gate-off and --gates apply to --cell 1T1R and 2T2R only");
    }
    if (!gates_file.empty() && (v_gate || v_gate_off)) {
        throw InputError("--gates gives every word line's voltage: give no --v-gate or --v-gate-off with it");
    }
    if (device_flag && device_flag->count() > 0 && type != experiments::CellType::two_t_two_r) {
        throw InputError("--device applies to --cell 2T2R only");
    }
    if (type == experiments::CellType::one_r) return std::nullopt;
    experiments::CellWrite cells(write, type);
    if (type == experiments::CellType::one_s_one_r) cells.selector = selector_device(selector);
    if (transistor_cell) {
        cells.transistor = experiments::load_transistor_card(transistor);
        cells.gate_on = v_gate.value_or(cells.transistor->nominal_gate);
        cells.gate_off = v_gate_off.value_or(0.0);
        if (!gates_file.empty()) cells.gates = gate_voltages_file(gates_file, write.array.rows());
    }
    experiments::validate(cells);
    return cells;
}

}  // namespace memcosim::cli
