#include "neuro/stdp_calibration.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "neuro/spike_spec.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

namespace memcosim::neuro {
namespace {

using nlohmann::json;

std::vector<double> evenly(double lo, double hi, int count) {
    std::vector<double> values;
    for (int k = 0; k < count; ++k) values.push_back(count == 1 ? lo : lo + (hi - lo) * k / (count - 1));
    return values;
}

std::vector<double> midpoints(const std::vector<double>& values) {
    std::vector<double> result;
    for (std::size_t k = 0; k + 1 < values.size(); ++k) result.push_back(0.5 * (values[k] + values[k + 1]));
    return result;
}

std::vector<StdpPairing> grid(const std::vector<double>& dts, const std::vector<double>& states) {
    std::vector<StdpPairing> pairings;
    for (double state : states)
        for (double dt : dts) pairings.push_back({dt, state});
    return pairings;
}

void check_request(const StdpCalibrationRequest& r) {
    (void)timing_differences(r.dt_min, r.dt_max, r.points);
    if (!(r.dt_min < 0.0 && r.dt_max > 0.0))
        throw InputError(fmt::format("calibrate stdp: the timing range [{}, {}] s must include both signs to fit "
                                     "potentiation and depression",
                                     r.dt_min, r.dt_max));
    if (!(r.state_min >= 0.0 && r.state_max <= 1.0 && r.state_min < r.state_max))
        throw InputError(fmt::format("calibrate stdp: need 0 <= --state-min < --state-max <= 1, got {} and {}",
                                     r.state_min, r.state_max));
    if (r.state_points < 2) throw InputError("calibrate stdp: --state-points must be at least 2");
}

surrogate::StdpFitGuess guess_from(const StdpSetup& s) {
    if (s.scheme == StdpScheme::gate) {
        // The gate samples the post waveform's lead (dt > 0) or tail (dt < 0) over its width.
        const double rise = s.pre.width + s.pre.edge;
        return {s.post.t_plus, s.post.tau_minus, rise, rise};
    }
    auto tau = [](const SpikeShape& shape) {
        return shape.kind == SpikeShapeKind::bipolar ? shape.tau_minus
               : shape.kind == SpikeShapeKind::exponential ? shape.tau
                                                            : shape.width;
    };
    auto rise = [](const SpikeShape& shape) {
        return shape.kind == SpikeShapeKind::bipolar ? shape.t_plus
               : shape.kind == SpikeShapeKind::exponential ? shape.tau
                                                            : shape.width;
    };
    // Potentiation: the post spike's positive part over the pre spike's tail; depression the reverse
    // (for both two-terminal schemes).
    return {tau(s.pre), tau(s.post), rise(s.post), rise(s.pre)};
}

json side_json(const surrogate::StdpWindowSide& side, double middle) {
    return {{"A", window_peak(side, middle)}, {"tau", side.tau},     {"cutoff", side.cutoff},
            {"power", side.power},            {"rise", side.rise},   {"bound", side.bound},
            {"reach", side.reach()}};
}

json error_json(const surrogate::ErrorSummary& e) {
    return {{"median", e.median}, {"p95", e.p95}, {"max", e.max}, {"count", e.count},
            {"relative_to", "window peak at the same initial conductance"}};
}

template <class T>
T field(const json& object, const char* name, const std::string& path) {
    if (!object.is_object() || !object.contains(name))
        throw InputError(fmt::format("{}: STDP calibration has no field '{}'", path, name));
    try {
        return object.at(name).get<T>();
    } catch (const json::exception&) {
        throw InputError(fmt::format("{}: STDP calibration field '{}' has the wrong type", path, name));
    }
}

surrogate::StdpWindowSide side_from_json(const json& j, const std::string& path) {
    surrogate::StdpWindowSide side;
    side.tau = field<double>(j, "tau", path);
    side.cutoff = field<double>(j, "cutoff", path);
    side.power = field<double>(j, "power", path);
    side.rise = field<double>(j, "rise", path);
    side.bound = field<std::vector<double>>(j, "bound", path);
    if (!(side.tau > 0.0 && side.rise > 0.0 && side.power > 0.0 && side.cutoff >= 0.0 && side.cutoff < 1.0))
        throw InputError(fmt::format("{}: STDP window parameters out of range (tau, rise, power > 0; 0 <= cutoff < 1)",
                                     path));
    return side;
}

}  // namespace

double window_peak(const surrogate::StdpWindowSide& side, double normalized_g) {
    return side.shape(side.rise) * side.scale(normalized_g);
}

std::vector<double> stdp_relative_errors(const surrogate::StdpWindow& window,
                                         const std::vector<StdpMeasurement>& measurements) {
    std::map<double, double> peak;  // initial state -> largest |dG|
    for (const auto& m : measurements) peak[m.state_before] = std::max(peak[m.state_before], std::abs(m.delta_g()));
    std::vector<double> errors;
    for (const auto& m : measurements) {
        const double scale = peak[m.state_before];
        if (scale <= 0.0) continue;
        errors.push_back(std::abs(window.delta_g(m.dt, m.window_g) - m.delta_g()) / scale);
    }
    return errors;
}

StdpCalibration calibrate_stdp(const StdpSetup& setup, const StdpCalibrationRequest& request, spice::Engine& engine) {
    check_request(request);
    const auto dts = timing_differences(request.dt_min, request.dt_max, request.points);
    const auto states = evenly(request.state_min, request.state_max, request.state_points);
    const auto training_pairs = grid(dts, states);
    const auto held_out_pairs = grid(midpoints(dts), midpoints(states));
    fmt::print(stderr, "calibrate stdp: {} training pairs in ngspice...\n", training_pairs.size());
    const auto training = run_stdp_spice(setup, training_pairs, engine);
    fmt::print(stderr, "calibrate stdp: {} held-out pairs in ngspice...\n", held_out_pairs.size());
    const auto held_out = run_stdp_spice(setup, held_out_pairs, engine);

    ConductanceReader reader(setup);
    const double g0 = reader.conductance(0.0), g1 = reader.conductance(1.0);
    std::vector<surrogate::StdpSample> samples;
    for (const auto& m : training) samples.push_back({m.dt, m.window_g, m.delta_g()});
    fmt::print(stderr, "calibrate stdp: fitting...\n");

    StdpCalibration c;
    c.window = surrogate::fit_stdp_window(samples, std::min(g0, g1), std::max(g0, g1), guess_from(setup));
    c.model = setup.device.model.name();
    c.parameters = setup.device.parameters;
    c.scheme = to_string(setup.scheme);
    c.transistor = setup.transistor_spec;
    c.pre = format_spike_spec(setup.pre);
    c.post = format_spike_spec(setup.post);
    c.v_read = setup.v_read;
    c.threshold_set = *setup.thresholds.set;
    c.threshold_reset = *setup.thresholds.reset;
    c.dt_min = request.dt_min;
    c.dt_max = request.dt_max;
    c.state_min = request.state_min;
    c.state_max = request.state_max;
    const double ga = reader.conductance(request.state_min), gb = reader.conductance(request.state_max);
    c.g_low = std::min(ga, gb);
    c.g_high = std::max(ga, gb);
    c.training_error = surrogate::summarize_errors(stdp_relative_errors(c.window, training));
    c.held_out_error = surrogate::summarize_errors(stdp_relative_errors(c.window, held_out));
    c.source = fmt::format("ngspice {}, STDP {} bench: {} training pairs ({} dt x {} states), {} held-out pairs "
                           "(midpoints of both grids)",
                           engine.version(), c.scheme, training_pairs.size(), dts.size(), states.size(),
                           held_out_pairs.size());
    return c;
}

void write_stdp_calibration(const std::string& path, const StdpCalibration& c) {
    const double middle = c.window.normalized(0.5 * (c.g_low + c.g_high));
    json parameters = json::object();
    for (const auto& [name, value] : c.parameters) parameters[name] = value;
    const json j{
        {"kind", "stdp_window"},
        {"model", c.model},
        {"parameters", parameters},
        {"scheme", c.scheme},
        {"transistor", c.transistor},
        {"pre", c.pre},
        {"post", c.post},
        {"v_read", c.v_read},
        {"thresholds", {{"set", c.threshold_set}, {"reset", c.threshold_reset}}},
        {"window",
         {{"form", "dG = +h+(dt) P+(g) for dt > 0, -h-(-dt) P-(g) for dt < 0; g = (G - g_min)/(g_max - g_min), G the "
                   "device's conductance (differential: dG is the change of G+ - G-, and G is G+ for dt > 0, G- "
                   "for dt < 0); "
                   "h(u) = min(u/rise,1) * (max(exp(-max(u-rise,0)/tau) - cutoff, 0)/(1 - cutoff))^power; "
                   "P(g) = max(0, sum bound[k] g^k); A = peak at the middle of the fitted G range"},
          {"g_min", c.window.g_min},
          {"g_max", c.window.g_max},
          {"potentiation", side_json(c.window.potentiation, middle)},
          {"depression", side_json(c.window.depression, middle)}}},
        {"fitted_range",
         {{"dt_min", c.dt_min},
          {"dt_max", c.dt_max},
          {"g_min", c.g_low},
          {"g_max", c.g_high},
          {"state_min", c.state_min},
          {"state_max", c.state_max}}},
        {"training_error", error_json(c.training_error)},
        {"held_out_error", error_json(c.held_out_error)},
        {"source", c.source},
    };
    write_file_atomically(path, j.dump(2) + "\n");
}

StdpCalibration read_stdp_calibration(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open the STDP calibration file", path));
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& error) {
        throw InputError(fmt::format("{}: not valid JSON ({})", path, error.what()));
    }
    if (field<std::string>(j, "kind", path) != "stdp_window")
        throw InputError(fmt::format("{}: not an STDP calibration (kind is not stdp_window)", path));
    StdpCalibration c;
    c.model = field<std::string>(j, "model", path);
    const json parameters = field<json>(j, "parameters", path);
    if (!parameters.is_object()) throw InputError(fmt::format("{}: 'parameters' must be an object", path));
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
        if (!it.value().is_number())
            throw InputError(fmt::format("{}: parameter '{}' must be a number", path, it.key()));
        c.parameters[it.key()] = it.value().get<double>();
    }
    c.scheme = field<std::string>(j, "scheme", path);
    if (j.contains("transistor")) c.transistor = field<std::string>(j, "transistor", path);
    c.pre = field<std::string>(j, "pre", path);
    c.post = field<std::string>(j, "post", path);
    c.v_read = field<double>(j, "v_read", path);
    const json thresholds = field<json>(j, "thresholds", path);
    c.threshold_set = field<double>(thresholds, "set", path);
    c.threshold_reset = field<double>(thresholds, "reset", path);
    const json window = field<json>(j, "window", path);
    c.window.g_min = field<double>(window, "g_min", path);
    c.window.g_max = field<double>(window, "g_max", path);
    c.window.potentiation = side_from_json(field<json>(window, "potentiation", path), path);
    c.window.depression = side_from_json(field<json>(window, "depression", path), path);
    const json range = field<json>(j, "fitted_range", path);
    c.dt_min = field<double>(range, "dt_min", path);
    c.dt_max = field<double>(range, "dt_max", path);
    c.g_low = field<double>(range, "g_min", path);
    c.g_high = field<double>(range, "g_max", path);
    c.state_min = field<double>(range, "state_min", path);
    c.state_max = field<double>(range, "state_max", path);
    const json held_out = field<json>(j, "held_out_error", path);
    c.held_out_error.median = field<double>(held_out, "median", path);
    c.held_out_error.p95 = field<double>(held_out, "p95", path);
    c.held_out_error.max = field<double>(held_out, "max", path);
    c.source = field<std::string>(j, "source", path);
    return c;
}

}  // namespace memcosim::neuro
