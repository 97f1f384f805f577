// memcosim gen crossbar: write the SPICE netlist of a crossbar read (and `gen neuron`, from command_neuron.cpp).
#include "commands.hpp"
#include "core/error.hpp"
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
    crossbar->add_option("-o,--output", *output, "netlist file to write (stdout if omitted)");
    auto cell = std::make_shared<CellOptions>();
    cell->add_to(*crossbar);
    crossbar->callback([options, output, transient, cell] {
        if (cell->access()) {  // --scheme: one selected cell (DC), the scheme sets the rows
            if (!transient->pulse.empty()) throw InputError("--scheme: a DC single-cell access takes no --pulse");
            const netlist::Circuit circuit = access_circuit(*options, *cell);
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
