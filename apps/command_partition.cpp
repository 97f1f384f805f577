// memcosim partition: compare tilings of a weight matrix (error, periphery,
// latency), optionally spot-checked in ngspice; and two published cases:
// `partition fouda-case` (location-dependent error, untiled vs tiled) and
// `partition zuloaga-case` (largest array within one LSB at the 10 nm node).
//
// Engines: the exact solver (default), the calibrated IR-drop surrogate
// (`--engine surrogate --cal irdrop.json`, its held-out error shown beside
// every number, `--check-solver` runs the solver on the same tiles and
// reports agreement and speed-up), or ngspice (always checked against the
// solver). Read latency: Elmore by default, the calibrated delay surrogate
// with `--delay-cal delay.json`. Outside a calibration's range: a warning,
// or with --strict a refusal before anything is written.
#include "calibrate/calibration_file.hpp"
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "partition/calibrated_delay.hpp"
#include "partition/cell_error_map.hpp"
#include "partition/ir_drop_limit.hpp"
#include "partition/solver_tile_engine.hpp"
#include "partition/spice_tile_engine.hpp"
#include "partition/strategy_evaluation.hpp"
#include "partition/surrogate_tile_engine.hpp"
#include "plot.hpp"
#include "results.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

using namespace memcosim::partition;

// Flags shared by the strategy search and the Fouda case.
struct DeviceFlags {
    std::string map = "differential", variation = "none", faults, delay_cal;
    bool strict = false;
    int levels = 0;
    double g_on = 1e-4, g_off = 1e-6, v_read = 0.2, c_wire = 2e-17, r_driver = 0.0;
    std::optional<double> r_row, r_col, r_wire;
    std::uint64_t seed = 1;

    void add_to(CLI::App& command) {
        command.add_option("--map", map, "weights to conductances: differential (G+ - G-) or reference (shared reference column)")
            ->capture_default_str();
        command.add_option("--levels", levels, "conductance levels per device; 0 = continuous")->capture_default_str();
        command.add_option("--g-on", g_on, "LRS conductance, siemens")->capture_default_str();
        command.add_option("--g-off", g_off, "HRS conductance, siemens")->capture_default_str();
        command.add_option("--r-row", r_row, "row wire resistance per segment, ohm (0 with --r-col 0: ideal wires)");
        command.add_option("--r-col", r_col, "column wire resistance per segment, ohm");
        command.add_option("--r-wire", r_wire, "sets both --r-row and --r-col, ohm");
        command.add_option("--v-read", v_read, "read voltage the largest |input| is scaled to, volts")->capture_default_str();
        command.add_option("--variation", variation, "device-to-device variation: none, gaussian:SIGMA, lognormal:SIGMA")
            ->capture_default_str();
        command.add_option("--faults", faults, "stuck-at rates STUCK_ON:STUCK_OFF per device, e.g. 0.001:0.01");
        command.add_option("--seed", seed, "seed for variation, faults and random inputs")->capture_default_str();
        command.add_option("--c-wire", c_wire, "wire capacitance per segment for the Elmore delay, farad")
            ->capture_default_str();
        command.add_option("--r-driver", r_driver, "row driver output resistance for the Elmore delay, ohm")
            ->capture_default_str();
        command.add_option("--delay-cal", delay_cal,
                           "read latency from this delay calibration (memcosim calibrate delay: 1 % settling) "
                           "instead of the Elmore 50 % estimate")
            ->check(CLI::ExistingFile);
        command.add_flag("--strict", strict, "refuse arrays outside a calibration's range (default: warn)");
    }

    [[nodiscard]] DelayModel delay_model() const {
        DelayModel model{c_wire, r_driver, nullptr};
        if (!delay_cal.empty()) {
            model.calibrated = calibrated_delay_from(calibrate::read_calibration(delay_cal, "delay"), delay_cal,
                                                     strict, warn);
        }
        model.validate();
        return model;
    }

    static void warn(const std::string& message) { fmt::print(stderr, "memcosim: warning: partition: {}\n", message); }

    [[nodiscard]] WireResistance wires() const {
        if (r_wire && (r_row || r_col)) throw InputError("give either --r-wire or --r-row/--r-col, not both");
        if (r_wire) return {*r_wire, *r_wire};
        if (!r_row || !r_col) throw InputError("wire resistance missing: give --r-wire, or --r-row and --r-col (0 0 for ideal wires)");
        return {*r_row, *r_col};
    }

    [[nodiscard]] PartitionStrategy strategy(TileShape tile) const {
        PartitionStrategy s;
        s.tile = tile;
        s.mapping = {parse_mapping_scheme(map, "--map"), g_on, g_off, levels};
        s.wires = wires();
        s.devices = {parse_variation(variation, "--variation"), parse_faults(faults, "--faults")};
        s.seed = seed;
        s.read_voltage = v_read;
        s.validate();
        return s;
    }
};

struct SearchFlags {
    std::string matrix, inputs, tiles = "32x32,64x64,128x128,256x256", engine = "solver", output = "-", plot;
    std::string cal;  // IR-drop calibration for --engine surrogate
    bool check_solver = false;
    long random_inputs = 0;
    long spice_max_cells = 70000;
};

// X.csv holds one input vector per line; a single column of M values (the
// DESIGN.md input-vector format) is one vector.
Eigen::MatrixXd read_inputs(const SearchFlags& flags, Eigen::Index width, std::uint64_t seed) {
    if (!flags.inputs.empty() && flags.random_inputs > 0) throw InputError("give --inputs or --random-inputs, not both");
    if (flags.random_inputs > 0) {
        DeviceRandom random(stream_seed(seed, 99, 0));
        Eigen::MatrixXd x(flags.random_inputs, width);
        for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = random.uniform();
        return x;
    }
    if (flags.inputs.empty()) throw InputError("give --inputs X.csv (one input vector per line) or --random-inputs K");
    Eigen::MatrixXd x = csv::read_matrix(flags.inputs);
    if (x.cols() == 1 && x.rows() == width && width > 1) x.transposeInPlace();
    return x;
}

void print_reports(std::FILE* out, const std::vector<StrategyReport>& reports) {
    const StrategyReport& first = reports.front();
    const bool calibrated = first.calibration_error.has_value();
    bool checked = false;
    for (const auto& r : reports) checked = checked || !r.check_engine.empty();
    const std::string check_header =
        checked ? fmt::format("  {:>16} {:>12} {:>10} {:>10} {:>8}", fmt::format("{} vs solver", first.engine),
                              "col err max%", "engine s", "solver s", "speed-up")
                : std::string();
    fmt::print(out, "{:>9} {:>6} {:>7} {:>7} {:>10} {:>9} {:>9} {:>9} {:>12}{}{}\n", "tile", "tiles", "drivers", "ADCs",
               "latency s", "mean %", "worst %", "cosine", "no-wire w. %", calibrated ? " cal. max %" : "",
               check_header);
    for (const auto& r : reports) {
        std::string check;
        if (!r.check_engine.empty()) {
            check = fmt::format("  {:>16.2e} {:>12.4f} {:>10.3g} {:>10.3g} {:>8.1f}", *r.check_agreement,
                                100 * r.check_column_error->max, r.seconds, *r.check_seconds,
                                r.seconds > 0.0 ? *r.check_seconds / r.seconds : 0.0);
        } else if (checked) {
            check = fmt::format("  {:>16}", "(not checked)");
        }
        fmt::print(out, "{:>9} {:>6} {:>7} {:>7} {:>10.3e} {:>9.4f} {:>9.4f} {:>9.6f} {:>12.4f}{}{}\n", to_string(r.tile),
                   r.hardware.tiles, r.hardware.drivers, r.hardware.adcs, r.read_latency, 100 * r.error.mean_relative,
                   100 * r.error.worst_relative, r.error.mean_cosine, 100 * r.ideal_wire_error.worst_relative,
                   r.calibration_error ? fmt::format(" {:>10.4f}", 100 * *r.calibration_error) : std::string(), check);
    }
    fmt::print(out, "latency: {}{}\n", first.latency_kind,
               first.latency_calibration_error
                   ? fmt::format(" (delay calibration's held-out error, max: {:.2f} %)", 100 * *first.latency_calibration_error)
                   : std::string(" (placeholder; --delay-cal for the calibrated 1 % settling delay)"));
    if (calibrated) {
        fmt::print(out, "engine: {}; cal. max % = largest relative column-current error on the calibration's held-out "
                        "arrays{}\n",
                   first.engine, checked ? "; col err max% = the same measure against the solver on these tiles" : "");
    }
}

void plot_strategies(const std::vector<StrategyReport>& reports, const std::string& png) {
    Series mean{"mean relative error", {}, {}}, worst{"worst relative error", {}, {}}, quant{"worst, ideal wires", {}, {}};
    for (const auto& r : reports) {
        const double x = std::sqrt(double(r.tile.rows * r.tile.cols));
        mean.x.push_back(x), mean.y.push_back(100 * r.error.mean_relative);
        worst.x.push_back(x), worst.y.push_back(100 * r.error.worst_relative);
        quant.x.push_back(x), quant.y.push_back(100 * std::max(r.ideal_wire_error.worst_relative, 1e-12));
    }
    plot_lines({mean, worst, quant}, {"Output error against tile size", "tile size sqrt(rows x cols)", "% of full scale", true, true},
               png);
}

TileProgress progress_for(const std::string& label) {
    return [label](std::size_t done, std::size_t total) {
        if (done == total || (total >= 20 && done % (total / 10) == 0)) {
            fmt::print(stderr, "partition {}: {}/{} tiles\n", label, done, total);
        }
    };
}

void check_engine_flags(const SearchFlags& flags) {
    if (flags.engine != "solver" && flags.engine != "surrogate" && flags.engine != "spice") {
        throw InputError(fmt::format("--engine: expected solver, surrogate or spice, got '{}'", flags.engine));
    }
    if (flags.engine == "surrogate" && flags.cal.empty()) {
        throw InputError("--engine surrogate needs --cal irdrop.json (an IR-drop calibration from memcosim calibrate irdrop)");
    }
    if (flags.engine != "surrogate" && !flags.cal.empty()) {
        throw InputError(fmt::format("--cal is the surrogate's calibration: it needs --engine surrogate (got --engine {})",
                                     flags.engine));
    }
    if (flags.check_solver && flags.engine != "surrogate") {
        throw InputError("--check-solver is for --engine surrogate (--engine spice is always checked against the solver)");
    }
}

std::vector<StrategyReport> run_search(const DeviceFlags& device, const SearchFlags& flags) {
    check_engine_flags(flags);
    // Calibrations first: a wrong file fails before any matrix is read.
    std::unique_ptr<SurrogateTileEngine> surrogate_tiles;
    if (flags.engine == "surrogate") {
        surrogate_tiles = std::make_unique<SurrogateTileEngine>(calibrate::read_calibration(flags.cal, "irdrop"),
                                                                flags.cal, device.strict, DeviceFlags::warn);
    }
    const DelayModel delay = device.delay_model();
    const RowMajorMatrix weights = csv::read_matrix(flags.matrix);
    const Eigen::MatrixXd inputs = read_inputs(flags, weights.rows(), device.seed);
    check_input_width(weights, inputs, flags.inputs.empty() ? "--random-inputs" : flags.inputs);
    const auto shapes = parse_tile_shapes(flags.tiles, "--tiles");
    for (TileShape shape : shapes) (void)make_tile_grid(weights.rows(), weights.cols(), shape);  // refuse early
    std::vector<PartitionStrategy> strategies;
    for (TileShape shape : shapes) strategies.push_back(device.strategy(shape));

    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    std::unique_ptr<spice::Engine> ngspice;
    std::unique_ptr<SpiceTileEngine> spice_tiles;
    if (flags.engine == "spice") {
        ngspice = std::make_unique<spice::Engine>();
        spice_tiles = std::make_unique<SpiceTileEngine>(*ngspice, flags.spice_max_cells);
    }
    std::vector<StrategyReport> reports;
    for (const PartitionStrategy& s : strategies) {
        const Eigen::Index cells = s.tile.rows * s.mapping.physical_cols(s.tile.cols);
        const bool use_spice = spice_tiles && cells <= flags.spice_max_cells;
        if (spice_tiles && !use_spice) {
            fmt::print(stderr, "partition {}: {} cells per array is beyond --spice-max-cells {}: solver only\n",
                       to_string(s.tile), cells, flags.spice_max_cells);
        }
        const StrategyInputs in{weights, inputs, s, delay};
        const TileProgress progress = progress_for(to_string(s.tile));
        if (use_spice) {
            reports.push_back(evaluate_strategy(in, *spice_tiles, &solver, progress));
        } else if (surrogate_tiles) {
            reports.push_back(evaluate_strategy(in, *surrogate_tiles, flags.check_solver ? &solver : nullptr, progress));
        } else {
            reports.push_back(evaluate_strategy(in, solver, nullptr, progress));
        }
    }
    return reports;
}

void search(const DeviceFlags& device, const SearchFlags& flags) {
    if (flags.matrix.empty()) throw InputError("--matrix W.csv is required (or run a case: partition fouda-case)");
    const auto reports = run_search(device, flags);
    write_output(strategy_table_csv(reports), flags.output);
    // The summary goes where the table does not.
    print_reports(flags.output == "-" || flags.output.empty() ? stderr : stdout, reports);
    for (const auto& r : reports) {
        if (r.engine == "spice" && r.check_agreement && !(*r.check_agreement <= 1e-4)) {
            throw EngineError(fmt::format("spice and the solver disagree on {}: {:.3e} > 1e-4", to_string(r.tile),
                                          *r.check_agreement));
        }
        // The surrogate on tiles unlike its calibration data can be worse
        // than its stated error: say so beside the table.
        if (r.engine == "surrogate" && r.check_column_error && r.calibration_error &&
            r.check_column_error->max > *r.calibration_error) {
            DeviceFlags::warn(fmt::format("surrogate on {} tiles: column-current error against the solver {:.3g} "
                                          "exceeds the calibration's held-out max {:.3g}",
                                          to_string(r.tile), r.check_column_error->max, *r.calibration_error));
        }
    }
    if (!flags.plot.empty()) plot_strategies(reports, flags.plot);
}

void add_fouda_case_command(CLI::App& partition);
void add_zuloaga_case_command(CLI::App& partition);

}  // namespace

void add_partition_command(CLI::App& app) {
    auto* command = app.add_subcommand(
        "partition", "split a weight matrix into crossbar tiles: error vs ideal, periphery and latency per tile size");
    auto device = std::make_shared<DeviceFlags>();
    auto flags = std::make_shared<SearchFlags>();
    command->add_option("--matrix", flags->matrix, "weights W.csv: M lines of N values (line i = input i)")
        ->check(CLI::ExistingFile);
    command->add_option("--inputs", flags->inputs, "input vectors X.csv: one vector of M values per line")
        ->check(CLI::ExistingFile);
    command->add_option("--random-inputs", flags->random_inputs, "instead of --inputs: K vectors uniform in [0, 1]");
    command->add_option("--tiles", flags->tiles, "tile shapes to compare, ROWSxCOLS,...")->capture_default_str();
    command->add_option("--engine", flags->engine,
                        "solver (exact), surrogate (calibrated IR-drop surrogate, needs --cal) or spice (ngspice, "
                        "checked against the solver)")
        ->capture_default_str();
    command->add_option("--cal", flags->cal, "IR-drop calibration for --engine surrogate (memcosim calibrate irdrop)")
        ->check(CLI::ExistingFile);
    command->add_flag("--check-solver", flags->check_solver,
                      "with --engine surrogate: also run the solver on the same tiles; report agreement and speed-up");
    command->add_option("--spice-max-cells", flags->spice_max_cells, "largest array run in ngspice")->capture_default_str();
    command->add_option("-o,--output", flags->output, "strategy table CSV ('-' = stdout)")->capture_default_str();
    auto* plot = command->add_option("--plot", flags->plot, "error against tile size as a PNG (default: the table's name .png)")
                     ->expected(0, 1);
    device->add_to(*command);
    add_fouda_case_command(*command);
    add_zuloaga_case_command(*command);
    command->require_subcommand(0, 1);
    command->callback([command, plot, device, flags] {
        if (!command->get_subcommands().empty()) return;  // a case ran instead
        if (plot->count() > 0 && flags->plot.empty()) {
            if (flags->output == "-") throw InputError("--plot needs a file name when the table goes to stdout");
            flags->plot = std::filesystem::path(flags->output).replace_extension(".png").string();
        }
        search(*device, *flags);
    });
}

}  // namespace memcosim::cli

namespace memcosim::cli {
namespace {

// Fouda et al.: a 512x512 layer of random weights on linear devices (1 kohm
// LRS, 1 Mohm HRS) with 0.1 ohm wire segments, every row driven: the cell
// error map untiled and as 64 tiles of 64x64, beside device variation.
struct FoudaFlags {
    long size = 512, vectors = 8;
    std::string tiles = "64";
    double sigma = 0.03;
    std::string folder = "fouda-case";
};

// |g'/g - 1| of lognormal variation alone, its mean and 95th percentile.
std::pair<double, double> variation_error(double sigma, Eigen::Index cells, std::uint64_t seed) {
    RowMajorMatrix g = RowMajorMatrix::Ones(cells, 1);
    DeviceRandom random(stream_seed(seed, 5, 5));
    apply_nonidealities(g, {{VariationKind::lognormal, sigma}, {}}, 2.0, 0.5, random);
    RowMajorMatrix error = (g.array() - 1.0).matrix();
    const ErrorMapSummary summary = summarise_error_map(error.cwiseAbs());
    return {error.cwiseAbs().mean(), summary.p95};
}

void print_map_summary(const char* label, const ErrorMapSummary& s) {
    fmt::print("  {:<22} mean {:7.3f} %   p95 {:7.3f} %   worst {:7.3f} % at ({},{})   near corner {:7.4f} %   far corner {:7.3f} %\n",
               label, 100 * s.mean, 100 * s.p95, 100 * s.worst, s.worst_row, s.worst_col, 100 * s.near_corner,
               100 * s.far_corner);
}

std::string matrix_csv(const RowMajorMatrix& m) {
    std::string text;
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) text += fmt::format("{}{:.6g}", j ? "," : "", m(i, j));
        text += '\n';
    }
    return text;
}

// One partition of the case: its error map (CSV, PNG, summary line) and its
// output errors for random input vectors.
StrategyReport fouda_partition(const RowMajorMatrix& weights, long tile, const DeviceFlags& device,
                               const FoudaFlags& flags, TileEngine& engine) {
    const auto path = [&](const std::string& name) { return (std::filesystem::path(flags.folder) / name).string(); };
    const PartitionStrategy strategy = device.strategy({tile, tile});
    const RowMajorMatrix map = cell_error_map(weights, Eigen::VectorXd::Ones(flags.size), strategy, engine);
    const std::string name = fmt::format("error_map_{}x{}", tile, tile);
    write_output(matrix_csv(map), path(name + ".csv"));
    const long per_side = (flags.size + tile - 1) / tile;
    const auto label = tile == flags.size ? fmt::format("untiled {0}x{0}", tile)
                                          : fmt::format("{0} tiles of {1}x{1}", per_side * per_side, tile);
    print_map_summary(label.c_str(), summarise_error_map(map));
    plot_heatmap(map * 100.0, {fmt::format("Cell current shortfall, {}, {} ohm/segment", label, device.wires().row),
                               "column (sensed at the bottom)", "row (driven at the left)", "shortfall, %"},
                 path(name + ".png"));
    DeviceRandom random(stream_seed(device.seed, 3, 4));
    Eigen::MatrixXd x(flags.vectors, flags.size);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = random.uniform();
    return evaluate_strategy({weights, x, strategy, device.delay_model()}, engine, nullptr, {});
}

void run_fouda(const DeviceFlags& device, const FoudaFlags& flags) {
    if (flags.size < 1 || flags.vectors < 1) throw InputError("--size and --vectors must be at least 1");
    std::vector<long> tiles{flags.size};  // untiled first
    for (std::string field : csv::split_fields(flags.tiles)) {
        if (field.find_first_of("xX") == std::string::npos) field += "x" + field;  // 64 means 64x64
        const TileShape shape = parse_tile_shape(field, "--tiles");
        if (shape.rows != shape.cols) throw InputError("--tiles: the Fouda case uses square tiles, e.g. 64 or 64x64");
        tiles.push_back(long(shape.rows));
    }
    std::filesystem::create_directories(flags.folder);
    DeviceRandom random(stream_seed(device.seed, 1, 2));
    RowMajorMatrix weights(flags.size, flags.size);
    for (Eigen::Index k = 0; k < weights.size(); ++k) weights.data()[k] = 2.0 * random.uniform() - 1.0;
    fmt::print("Fouda case: {0}x{0} random weights, {1} mapping, LRS {2:.4g} ohm, HRS {3:.4g} ohm, wire {4} ohm/segment, "
               "every row at {5} V\nPer-cell current shortfall against the ideal read, 1 - V_cell / V_in "
               "(near corner = next to driver and sense amplifier, Fouda's (1,1)):\n",
               flags.size, device.map, 1 / device.g_on, 1 / device.g_off, device.wires().row, device.v_read);
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    std::vector<StrategyReport> reports;
    for (long tile : tiles) reports.push_back(fouda_partition(weights, tile, device, flags, solver));
    const auto [variation_mean, variation_p95] = variation_error(flags.sigma, flags.size * flags.size, device.seed);
    fmt::print("  {:<22} mean {:7.3f} %   p95 {:7.3f} %   (lognormal sigma {}, no wires, for scale)\n",
               "device variation", 100 * variation_mean, 100 * variation_p95, flags.sigma);
    fmt::print("Outputs for {} random input vectors in [0, 1]:\n", flags.vectors);
    print_reports(stdout, reports);
    write_output(strategy_table_csv(reports), (std::filesystem::path(flags.folder) / "strategies.csv").string());
    fmt::print("Wrote {0}/error_map_*.csv, {0}/error_map_*.png, {0}/strategies.csv\n", flags.folder);
}

void add_fouda_case_command(CLI::App& partition) {
    // Error maps need every cell's voltage, which only the exact engines give:
    // this case always runs the solver (no --engine surrogate here).
    auto* command = partition.add_subcommand("fouda-case", "Fouda et al.: location-dependent IR-drop error, untiled vs tiled (exact solver)");
    auto device = std::make_shared<DeviceFlags>();
    device->map = "reference";
    device->g_on = 1e-3;
    device->g_off = 1e-6;
    device->r_wire = 0.1;
    auto flags = std::make_shared<FoudaFlags>();
    command->add_option("--size", flags->size, "matrix rows = columns")->capture_default_str();
    command->add_option("--tiles", flags->tiles, "square tiles to compare with the untiled array, e.g. 64 or 128,64,32")
        ->capture_default_str();
    command->add_option("--vectors", flags->vectors, "random input vectors for the output error")->capture_default_str();
    command->add_option("--sigma", flags->sigma, "lognormal device variation to compare with")->capture_default_str();
    command->add_option("--out", flags->folder, "folder for maps, plots and the table")->capture_default_str();
    device->add_to(*command);
    command->callback([device, flags] { run_fouda(*device, *flags); });
}

// Zuloaga et al.: 100 kohm LRS, 10 Mohm HRS, copper wires at the 10 nm node.
struct ZuloagaFlags {
    double resistivity = 6.35e-8, width = 18e-9, aspect_ratio = 2.0, pitch = 36e-9;
    std::optional<double> r_wire;
    std::string sizes = "16,32,64,128,256,512", output, plot;
    long ceiling = 2048;
};

void run_zuloaga(IrDropLimitOptions options, const ZuloagaFlags& flags) {
    const double r = flags.r_wire.value_or(
        wire_segment_resistance(flags.resistivity, flags.width, flags.aspect_ratio, flags.pitch));
    options.wires = {r, r};
    options.validate();
    fmt::print("Zuloaga case: LRS {:.4g} ohm, HRS {:.4g} ohm, {}-bit output (1 LSB = {:.4f} % of full scale)\n",
               1 / options.g_on, 1 / options.g_off, options.output_bits, 100 * options.lsb());
    if (!flags.r_wire) {
        fmt::print("wire per segment = rho * pitch / (width * width * aspect) = {} * {} / ({} * {} * {}) = {:.3f} ohm\n",
                   flags.resistivity, flags.pitch, flags.width, flags.width, flags.aspect_ratio, r);
    }
    SolverTileEngine solver(solver::LinearMethod::multigrid_pcg);
    std::string table = "size,all_on_error,random_error,single_cell_error,all_on_lsb\n";
    Series all_on{"every cell LRS (worst case)", {}, {}}, random{"random cells", {}, {}}, single{"single cell read", {}, {}};
    fmt::print("{:>6} {:>14} {:>14} {:>16}\n", "N", "worst case %", "random %", "single cell %");
    for (const std::string& field : csv::split_fields(flags.sizes)) {
        const auto n = static_cast<Eigen::Index>(csv::parse_number(field, "--sizes", 1));
        if (n < 1) throw InputError(fmt::format("--sizes: sizes must be >= 1, got {}", n));
        const IrDropPoint p = ir_drop_point(n, options, solver);
        fmt::print("{:>6} {:>14.4f} {:>14.4f} {:>16.4f}\n", n, 100 * p.all_on_error, 100 * p.random_error, 100 * p.single_cell_error);
        table += fmt::format("{},{:.6g},{:.6g},{:.6g},{:.4g}\n", n, p.all_on_error, p.random_error, p.single_cell_error,
                             p.all_on_error / options.lsb());
        for (auto [series, value] : {std::pair{&all_on, p.all_on_error}, {&random, p.random_error}, {&single, p.single_cell_error}}) {
            series->x.push_back(double(n));
            series->y.push_back(100 * value);
        }
    }
    if (!flags.output.empty()) write_output(table, flags.output);
    const Eigen::Index largest = largest_size_within_lsb(options, solver, 2, flags.ceiling);
    fmt::print("largest N x N within 1 LSB, every cell LRS and every row driven: {}\n", largest);
    fmt::print("largest N x N within 1 LSB, one isolated cell read (closed form): {}\n", largest_single_cell_size(options));
    fmt::print("published (Zuloaga et al., ISCAS 2015): arrays up to 256x256 work at the 10 nm node\n");
    if (!flags.plot.empty()) {
        Series lsb{"1 LSB", {all_on.x.front(), all_on.x.back()}, {100 * options.lsb(), 100 * options.lsb()}};
        plot_lines({all_on, random, single, lsb}, {"IR-drop error against array size", "N (N x N array)", "% of full scale", true, true},
                   flags.plot);
    }
}

void add_zuloaga_case_command(CLI::App& partition) {
    auto* command = partition.add_subcommand("zuloaga-case", "Zuloaga et al.: largest array within 1 LSB at the 10 nm node");
    auto options = std::make_shared<IrDropLimitOptions>();
    auto flags = std::make_shared<ZuloagaFlags>();
    command->add_option("--r-wire", flags->r_wire, "wire resistance per segment, ohm (default: derived below)");
    command->add_option("--resistivity", flags->resistivity, "copper resistivity with size effects, ohm m")->capture_default_str();
    command->add_option("--width", flags->width, "wire width, m")->capture_default_str();
    command->add_option("--aspect-ratio", flags->aspect_ratio, "wire thickness / width")->capture_default_str();
    command->add_option("--pitch", flags->pitch, "cell pitch = wire length per segment, m")->capture_default_str();
    command->add_option("--g-on", options->g_on, "LRS conductance, siemens")->capture_default_str();
    command->add_option("--g-off", options->g_off, "HRS conductance, siemens")->capture_default_str();
    command->add_option("--v-read", options->read_voltage, "read voltage, volts")->capture_default_str();
    command->add_option("--bits", options->output_bits, "output precision, bits")->capture_default_str();
    command->add_option("--seed", options->seed, "seed of the random conductances")->capture_default_str();
    command->add_option("--sizes", flags->sizes, "array sizes N to tabulate")->capture_default_str();
    command->add_option("--ceiling", flags->ceiling, "largest N the search tries")->capture_default_str();
    command->add_option("-o,--output", flags->output, "also write the table as CSV ('-' = stdout)");
    command->add_option("--plot", flags->plot, "error against N as a PNG");
    command->callback([options, flags] { run_zuloaga(*options, *flags); });
}

}  // namespace
}  // namespace memcosim::cli
