#include "crossbar_options.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "models/evaluator.hpp"

#include "models/model_registry.hpp"

#include <fmt/format.h>
#include <random>

namespace memcosim::cli {
namespace {

// A portable uniform draw: std::uniform_real_distribution's output is not
// specified across standard libraries, and seeds must reproduce arrays.
double uniform(std::mt19937_64& generator, double lo, double hi) {
    const double unit = static_cast<double>(generator() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * unit;
}

Eigen::Index required_size(const std::optional<long>& value, const char* flag, const char* source) {
    if (!value) throw InputError(fmt::format("{} is required with {}", flag, source));
    if (*value < 1) throw InputError(fmt::format("{} must be at least 1, got {}", flag, *value));
    return static_cast<Eigen::Index>(*value);
}

void check_size(const std::optional<long>& flag_value, Eigen::Index actual, const char* flag, const std::string& file,
                const char* what) {
    if (flag_value && *flag_value != actual) {
        throw InputError(fmt::format("{}: has {} {} but {} says {}", file, actual, what, flag, *flag_value));
    }
}

int count_set(std::initializer_list<bool> flags) {
    int count = 0;
    for (bool flag : flags) count += flag ? 1 : 0;
    return count;
}

}  // namespace

std::pair<double, double> parse_range(const std::string& text, const std::string& flag) {
    const auto colon = text.find(':');
    if (colon == std::string::npos) throw InputError(fmt::format("{} expects LO:HI, got '{}'", flag, text));
    const double lo = csv::parse_number(text.substr(0, colon), flag, 1);
    const double hi = csv::parse_number(text.substr(colon + 1), flag, 1);
    if (!(lo <= hi)) throw InputError(fmt::format("{} expects LO <= HI, got '{}'", flag, text));
    return {lo, hi};
}

void CrossbarOptions::add_to(CLI::App& command) {
    command.add_option("--rows", rows, "number of rows (word lines); taken from --conductances if omitted");
    command.add_option("--cols", cols, "number of columns (bit lines); taken from --conductances if omitted");
    command.add_option("--conductances", conductance_file, "conductance map CSV: R lines of C values, siemens")
        ->check(CLI::ExistingFile);
    command.add_option("--g-uniform", g_uniform, "every cell has this conductance, siemens");
    command.add_option("--g-random", g_random, "cells drawn uniformly from LO:HI siemens (see --seed)");
    command.add_option("--inputs", input_file, "row voltages CSV: one value per line, volts")->check(CLI::ExistingFile);
    command.add_option("--v-uniform", v_uniform, "every row driven at this voltage, volts");
    command.add_option("--v-random", v_random, "row voltages drawn uniformly from LO:HI volts");
    command.add_option("--seed", seed, "seed for --g-random and --v-random")->capture_default_str();
    command.add_option("--r-row", r_row, "row wire resistance per segment, ohm (> 0)");
    command.add_option("--r-col", r_col, "column wire resistance per segment, ohm (> 0)");
    command.add_option("--r-wire", r_wire, "sets both --r-row and --r-col, ohm");
    command.add_option("--c-wire", c_wire, "wire capacitance per node to ground, farad (transient only)")
        ->capture_default_str();
    command.add_option("--model", model,
                       "cells are this device model (see `memcosim models list`), NAME|FILE.va[:K=V,...]; "
                       "the conductance options are then not used");
    command.add_option("--states", state_files, "with --model: one R x C state map CSV per model state")
        ->delimiter(',')
        ->check(CLI::ExistingFile);
    command.add_option("--state-uniform", state_uniform, "with --model: every cell at these states (one per state)")
        ->delimiter(',');
}

namespace {

// "vteam:x0=0.5,R_on=2e3" -> model "vteam" with its overrides.
experiments::DeviceUnderTest parse_model_spec(const std::string& spec) {
    const auto colon = spec.find(':');
    static const models::ModelRegistry registry;
    auto selection = registry.select(spec.substr(0, colon));
    experiments::DeviceUnderTest device{selection.model, selection.parameters};
    if (colon != std::string::npos) {
        for (const auto& field : csv::split_fields(spec.substr(colon + 1))) {
            const auto parsed = models::parse_override(field);
            device.parameters[models::match_parameter(device.model, parsed.name)] = parsed.value;
        }
    }
    return device;
}

}  // namespace

std::optional<experiments::ModelCrossbar> CrossbarOptions::build_model_cells(const CrossbarArray& array) const {
    if (model.empty()) {
        if (!state_files.empty() || !state_uniform.empty()) throw InputError("--states and --state-uniform need --model");
        return std::nullopt;
    }
    if (!state_files.empty() && !state_uniform.empty()) throw InputError("give --states or --state-uniform, not both");
    experiments::ModelCrossbar cells{array, parse_model_spec(model), {}};
    models::Evaluator evaluator(cells.cell.model, models::resolve_parameters(cells.cell.model, cells.cell.parameters));
    const auto initial = evaluator.initial_states();
    for (std::size_t k = 0; k < cells.cell.model.state_count(); ++k) {
        if (k < state_files.size()) {
            cells.states.push_back(csv::read_matrix(state_files[k]));
        } else {
            const double value = k < state_uniform.size() ? state_uniform[k] : initial[k];
            cells.states.push_back(RowMajorMatrix::Constant(array.rows(), array.cols(), value));
        }
    }
    if (state_files.size() > cells.states.size() || state_uniform.size() > cells.states.size()) {
        throw InputError(fmt::format("model '{}' has {} state(s): too many --states/--state-uniform values",
                                     cells.cell.model.name(), cells.cell.model.state_count()));
    }
    experiments::validate(cells);
    return cells;
}

CrossbarArray CrossbarOptions::build() const {
    if (!model.empty()) {
        if (count_set({!conductance_file.empty(), g_uniform.has_value(), !g_random.empty()}) != 0) {
            throw InputError("--model sets the cells: give no --conductances, --g-uniform or --g-random");
        }
        CrossbarOptions sized = *this;
        sized.model.clear();
        sized.g_uniform = 1.0;  // placeholder conductance: the size is all the model path uses
        sized.state_files.clear();
        sized.state_uniform.clear();
        return sized.build();
    }
    if (count_set({!conductance_file.empty(), g_uniform.has_value(), !g_random.empty()}) != 1) {
        throw InputError("give exactly one of --conductances FILE, --g-uniform S, --g-random LO:HI");
    }
    if (count_set({!input_file.empty(), v_uniform.has_value(), !v_random.empty()}) != 1) {
        throw InputError("give exactly one of --inputs FILE, --v-uniform V, --v-random LO:HI");
    }
    if (r_wire && (r_row || r_col)) throw InputError("give either --r-wire or --r-row/--r-col, not both");
    if (!r_wire && !(r_row && r_col)) throw InputError("wire resistance missing: give --r-row and --r-col (or --r-wire)");

    CrossbarArray array;
    std::mt19937_64 generator(seed);
    if (!conductance_file.empty()) {
        array.conductance = csv::read_matrix(conductance_file);
        check_size(rows, array.conductance.rows(), "--rows", conductance_file, "rows");
        check_size(cols, array.conductance.cols(), "--cols", conductance_file, "columns");
    } else {
        const char* source = g_uniform ? "--g-uniform" : "--g-random";
        const Eigen::Index r = required_size(rows, "--rows", source), c = required_size(cols, "--cols", source);
        array.conductance.resize(r, c);
        if (g_uniform) {
            array.conductance.setConstant(*g_uniform);
        } else {
            const auto [lo, hi] = parse_range(g_random, "--g-random");
            for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = uniform(generator, lo, hi);
        }
    }
    if (!input_file.empty()) {
        array.inputs = csv::read_vector(input_file);
        if (array.inputs.size() != array.conductance.rows()) {
            throw InputError(fmt::format("{}: has {} values but the array has {} rows", input_file, array.inputs.size(),
                                         array.conductance.rows()));
        }
    } else if (v_uniform) {
        array.inputs = Eigen::VectorXd::Constant(array.conductance.rows(), *v_uniform);
    } else {
        const auto [lo, hi] = parse_range(v_random, "--v-random");
        array.inputs.resize(array.conductance.rows());
        for (Eigen::Index i = 0; i < array.inputs.size(); ++i) array.inputs(i) = uniform(generator, lo, hi);
    }
    array.row_wire_resistance = r_wire ? *r_wire : *r_row;
    array.column_wire_resistance = r_wire ? *r_wire : *r_col;
    array.wire_capacitance = c_wire;
    array.validate();
    return array;
}

}  // namespace memcosim::cli
