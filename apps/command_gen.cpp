// memcosim gen crossbar: write the SPICE netlist of a crossbar read (and `gen neuron`, from command_neuron.cpp).
#include "commands.hpp"
#include "core/error.hpp"
#include "experiments/cell_transient_run.hpp"
#include "experiments/model_crossbar.hpp"
#include "cell_options.hpp"
#include "crossbar_options.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "results.hpp"
#include "transient_options.hpp"

#include <memory>

namespace memcosim::cli {

namespace {

// Model cells under a pulse: the transient's own netlist, every memory
// element the model's DYNAMIC subcircuit at its cell's states (the circuit
// `solve --tran`, `compare --tran` and `write --engine spice` integrate),
// with the analysis a .op like every `gen` netlist: `sim --tran` sets the
// transient. A 0 rise or fall is left to ngspice (one TSTEP), as for 1R.
netlist::Circuit dynamic_cells_circuit(const CrossbarOptions& options, const CellOptions& cell,
                                       const TransientOptions& transient) {
    netlist::Circuit circuit =
        experiments::cell_transient_circuit(cell.build(options), transient.row_pulse(), 0.0, 0.0);
    circuit.analyses = {netlist::OperatingPoint{}};
    circuit.comments.emplace_back(
        "cells: the model's dynamic subcircuit (states integrate from each cell's initial states); "
        "run with `memcosim sim FILE --tran STEP:STOP`");
    return circuit;
}

}  // namespace

void add_gen_command(CLI::App& app) {
    auto* gen = app.add_subcommand("gen", "generate SPICE netlists");
    gen->require_subcommand(1);
    auto* crossbar = gen->add_subcommand(
        "crossbar", "netlist of a 1R crossbar read: rows driven at the left, columns at virtual ground at the bottom");
    auto options = std::make_shared<CrossbarOptions>();
    auto output = std::make_shared<std::string>();
    options->add_to(*crossbar);
    auto transient = std::make_shared<TransientOptions>();
    transient->add_pulse_to(*crossbar);
    auto frozen = std::make_shared<bool>(false);
    crossbar->add_flag("--frozen-states", *frozen,
                       "with --pulse and --model: write each cell as the model's static I-V at its initial states "
                       "(states frozen, as in a DC read) instead of the default for a transient, the model's "
                       "dynamic subcircuit whose states integrate during the pulse (the circuit `solve --tran` "
                       "and `compare --tran` solve)");
    crossbar->add_option("-o,--output", *output, "netlist file to write (stdout if omitted)");
    auto cell = std::make_shared<CellOptions>();
    cell->add_to(*crossbar);
    crossbar->callback([options, output, transient, cell, frozen] {
        if (*frozen && (transient->pulse.empty() || options->model.empty())) {
            throw InputError(
                "--frozen-states: only with --pulse and --model (without a pulse the model cells are frozen anyway)");
        }
        if (cell->access()) {  // --scheme: one selected cell (DC), the scheme sets the rows
            if (!transient->pulse.empty()) throw InputError("--scheme: a DC single-cell access takes no --pulse");
            const netlist::Circuit circuit = access_circuit(*options, *cell);
            netlist::require_electrical_rules(circuit);
            write_output(netlist::write_spice(circuit), *output);
            return;
        }
        if (!transient->pulse.empty() && !options->model.empty() && !*frozen) {
            const netlist::Circuit circuit = dynamic_cells_circuit(*options, *cell, *transient);
            netlist::require_electrical_rules(circuit);
            write_output(netlist::write_spice(circuit), *output);
            return;
        }
        const CrossbarArray array = options->build();
        const auto cells = options->build_model_cells(array);
        netlist::Circuit circuit =
            cell->composite() ? cell_circuit(*options, *cell)
            : cells           ? experiments::model_crossbar_circuit(*cells)
                              : generators::build_crossbar_circuit(array);
        apply_pulse_option(*transient, circuit, array);
        netlist::require_electrical_rules(circuit);
        write_output(netlist::write_spice(circuit), *output);
    });
    add_gen_neuron_subcommand(*gen);
}

}  // namespace memcosim::cli
