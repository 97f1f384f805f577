#include "experiments/crossbar_transient_run.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/electrical_rules.hpp"
#include "netlist/spice_writer.hpp"
#include "netlist/waveform_value.hpp"
#include "solver/settling_delay.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <sstream>

namespace memcosim::experiments {

using generators::CrossbarNames;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string first_token(const std::string& line) {
    std::istringstream in(line);
    std::string token;
    in >> token;
    return lowercase(token);
}

}  // namespace

RowPulse parse_row_pulse(const std::string& text, const std::string& flag) {
    std::vector<double> fields;
    std::size_t begin = 0;
    while (true) {
        const auto colon = text.find(':', begin);
        fields.push_back(csv::parse_number(text.substr(begin, colon - begin), flag, 1));
        if (colon == std::string::npos) break;
        begin = colon + 1;
    }
    if (fields.size() != 3 && fields.size() != 4) {
        throw InputError(fmt::format("{} expects DELAY:RISE:WIDTH[:FALL] (seconds), got '{}'", flag, text));
    }
    RowPulse pulse{fields[0], fields[1], fields[2], fields.size() == 4 ? fields[3] : fields[1]};
    for (double value : {pulse.delay, pulse.rise, pulse.fall}) {
        if (!(value >= 0.0) || !std::isfinite(value)) {
            throw InputError(fmt::format("{}: DELAY, RISE and FALL must be >= 0 seconds, got '{}'", flag, text));
        }
    }
    if (!(pulse.width > 0.0) || !std::isfinite(pulse.width)) {
        throw InputError(fmt::format("{}: WIDTH must be > 0 seconds, got '{}'", flag, text));
    }
    return pulse;
}

netlist::Pulse row_pulse_waveform(const RowPulse& pulse, double amplitude, double step) {
    const auto edge = [step](double t) { return t == 0.0 ? step : t; };
    // ngspice 46 reads an explicit period of 0 as rise + width + fall and
    // repeats the pulse; a period a million times the pulse keeps it single
    // in both engines.
    const double period = 1e6 * (pulse.delay + edge(pulse.rise) + pulse.width + edge(pulse.fall));
    return netlist::Pulse{0.0, amplitude, pulse.delay, edge(pulse.rise), edge(pulse.fall), pulse.width, period};
}

void apply_row_pulse(netlist::Circuit& circuit, const CrossbarArray& array, const RowPulse& pulse, double step) {
    for (auto& element : circuit.elements) {
        auto* source = std::get_if<netlist::VoltageSource>(&element);
        if (source == nullptr) continue;
        for (Eigen::Index i = 0; i < array.rows(); ++i) {
            if (source->name == CrossbarNames::driver_source(i)) {
                source->waveform = row_pulse_waveform(pulse, array.inputs(i), step);
            }
        }
    }
}

solver::TransientDrive row_pulse_drive(const std::optional<RowPulse>& pulse, double step, double stop) {
    if (!pulse) return solver::TransientDrive{[](double) { return 1.0; }, {}};
    const netlist::Waveform shape = row_pulse_waveform(*pulse, 1.0, step);
    return solver::TransientDrive{[shape](double t) { return netlist::waveform_value(shape, t); },
                                  netlist::waveform_breakpoints(shape, stop)};
}

std::vector<double> TransientWaveforms::output(Eigen::Index k) const {
    std::vector<double> column(times.size());
    for (std::size_t n = 0; n < times.size(); ++n) column[n] = values(static_cast<Eigen::Index>(n), k);
    return column;
}

std::vector<std::string> with_transient_analysis(const std::vector<std::string>& lines, double step, double stop) {
    std::vector<std::string> out;
    out.reserve(lines.size() + 2);
    for (const auto& line : lines) {
        const std::string token = first_token(line);
        if (token == ".op" || token == ".tran" || token == ".dc" || token == ".ac" || token == ".end") continue;
        out.push_back(line);
    }
    out.push_back(".options method=trap");
    out.push_back(fmt::format(".tran {} {} 0 {}", netlist::spice_number(step), netlist::spice_number(stop),
                              netlist::spice_number(step)));
    out.push_back(".end");
    return out;
}

double row_pulse_start(const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
        if (first_token(line).rfind("vin", 0) != 0) continue;
        const std::string lower = lowercase(line);
        const auto open = lower.find("pulse(");
        if (open == std::string::npos) continue;
        std::istringstream fields(lower.substr(open + 6));
        std::string initial, pulsed, delay;
        fields >> initial >> pulsed >> delay;
        if (!delay.empty() && delay.back() == ')') delay.pop_back();
        return delay.empty() ? 0.0 : csv::parse_number(delay, "row pulse delay in the netlist", 1);
    }
    return 0.0;
}

TransientWaveforms spice_transient_outputs(const spice::RunResult& result, const netlist::OutputTable& table) {
    if (!result.has_vector("time")) {
        throw EngineError(fmt::format("ngspice produced no time vector (plot '{}'): not a transient", result.plot_name));
    }
    TransientWaveforms waveforms;
    waveforms.times = result.vector("time").real;
    const auto points = static_cast<Eigen::Index>(waveforms.times.size());
    waveforms.values.resize(points, static_cast<Eigen::Index>(table.rows.size()));
    for (std::size_t k = 0; k < table.rows.size(); ++k) {
        const auto& [key, name] = table.rows[k];
        if (!result.has_vector(name)) {
            throw EngineError(fmt::format("ngspice produced no vector '{}' (declared output '{}')", name, key));
        }
        const auto& vector = result.vector(name).real;
        if (static_cast<Eigen::Index>(vector.size()) != points) {
            throw EngineError(fmt::format("ngspice vector '{}' has {} points, time has {}", name, vector.size(), points));
        }
        waveforms.names.push_back(fmt::format("I{}", key));
        for (Eigen::Index n = 0; n < points; ++n) {
            waveforms.values(n, static_cast<Eigen::Index>(k)) = vector[static_cast<std::size_t>(n)];
        }
    }
    waveforms.seconds = result.seconds;
    return waveforms;
}

TransientWaveforms crossbar_transient_spice(spice::Engine& engine, const CrossbarArray& array,
                                            const std::optional<RowPulse>& pulse, double step, double stop,
                                            const spice::RunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    netlist::Circuit circuit = generators::build_crossbar_circuit(array);
    if (pulse) apply_row_pulse(circuit, array, *pulse, step);
    circuit.options.emplace_back("method", "trap");
    circuit.analyses = {netlist::Transient{step, stop, 0.0, step, false}};
    netlist::require_electrical_rules(circuit);
    TransientWaveforms waveforms = spice_transient_outputs(engine.run(netlist::write_spice_lines(circuit), options),
                                                           *circuit.outputs);
    waveforms.seconds = seconds_since(start);
    return waveforms;
}

TransientWaveforms crossbar_transient_solver(const CrossbarArray& array, const std::optional<RowPulse>& pulse,
                                             const solver::TransientSettings& settings) {
    const auto start = std::chrono::steady_clock::now();
    const solver::TransientResult result =
        solver::simulate_crossbar_transient(array, row_pulse_drive(pulse, settings.step, settings.stop), settings);
    TransientWaveforms waveforms;
    waveforms.times = result.times;
    // The same outputs as the netlist declares: every terminated column.
    std::vector<Eigen::Index> columns;
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        if (array.column_termination(j).floating) continue;
        columns.push_back(j);
        waveforms.names.push_back(fmt::format("I{}", j));
    }
    waveforms.values.resize(static_cast<Eigen::Index>(result.times.size()), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t k = 0; k < columns.size(); ++k) {
        waveforms.values.col(static_cast<Eigen::Index>(k)) = result.column_currents.col(columns[k]);
    }
    waveforms.seconds = seconds_since(start);
    return waveforms;
}

TransientWaveforms on_output_grid(const TransientWaveforms& waveforms, double step, double stop) {
    TransientWaveforms out;
    out.names = waveforms.names;
    out.seconds = waveforms.seconds;
    out.times = solver::transient_time_points(step, stop, {});
    const auto outputs = waveforms.values.cols();
    out.values.resize(static_cast<Eigen::Index>(out.times.size()), outputs);
    const auto& t = waveforms.times;
    if (t.empty()) throw EngineError("transient waveforms: no time points to interpolate");
    for (std::size_t n = 0; n < out.times.size(); ++n) {
        const double time = out.times[n];
        const auto after = std::lower_bound(t.begin(), t.end(), time);
        const auto row = static_cast<Eigen::Index>(n);
        if (after == t.begin() || (after != t.end() && *after == time)) {
            out.values.row(row) = waveforms.values.row(after == t.end() ? Eigen::Index(t.size()) - 1
                                                                        : Eigen::Index(after - t.begin()));
            continue;
        }
        if (after == t.end()) {
            out.values.row(row) = waveforms.values.row(static_cast<Eigen::Index>(t.size()) - 1);
            continue;
        }
        const auto hi = static_cast<Eigen::Index>(after - t.begin());
        const double weight = (time - t[std::size_t(hi - 1)]) / (t[std::size_t(hi)] - t[std::size_t(hi - 1)]);
        out.values.row(row) = (1.0 - weight) * waveforms.values.row(hi - 1) + weight * waveforms.values.row(hi);
    }
    return out;
}

std::vector<double> settling_delays(const TransientWaveforms& waveforms, double reference, double fraction) {
    std::vector<double> delays;
    for (Eigen::Index k = 0; k < waveforms.values.cols(); ++k) {
        delays.push_back(solver::settling_delay(waveforms.times, waveforms.output(k), reference, fraction));
    }
    return delays;
}

std::string waveforms_csv(const TransientWaveforms& waveforms) {
    std::string text = "time";
    for (const auto& name : waveforms.names) {
        text += ',';
        text += name;
    }
    text += '\n';
    for (std::size_t n = 0; n < waveforms.times.size(); ++n) {
        text += csv::format_number(waveforms.times[n]);
        for (Eigen::Index k = 0; k < waveforms.values.cols(); ++k) {
            text += ',';
            text += csv::format_number(waveforms.values(static_cast<Eigen::Index>(n), k));
        }
        text += '\n';
    }
    return text;
}

std::string delays_csv(const TransientWaveforms& waveforms, const std::vector<double>& delays) {
    std::string text = "col,delay\n";
    for (std::size_t k = 0; k < delays.size(); ++k) {
        text += fmt::format("{},{}\n", waveforms.names[k].substr(1), csv::format_number(delays[k]));
    }
    return text;
}

}  // namespace memcosim::experiments
