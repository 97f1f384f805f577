// memcosim stdp: the STDP window of a memristor synapse, the conductance
// change of one pre/post spike pair against their timing difference, from
// ngspice (the bench of neuro/stdp_bench.hpp) or from a calibrated surrogate,
// for the overlap, gate (1T1R) and differential (G+ - G-) schemes.
#include "commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "neuro/spike_spec.hpp"
#include "neuro/stdp_calibration.hpp"
#include "neuro/stdp_prediction.hpp"
#include "plot.hpp"
#include "results.hpp"
#include "stdp_options.hpp"

#include <fmt/format.h>
#include <memory>

namespace memcosim::cli {
namespace {

struct StdpSettings {
    StdpOptions bench;
    double dt_min = 0.0, dt_max = 0.0;
    int points = 41;
    double state = 0.5;
    std::string engine = "spice", calibration, output, plot;
    bool pre_given = false, post_given = false, scheme_given = false, transistor_given = false;
};

std::vector<neuro::StdpMeasurement> run_surrogate(const StdpSettings& s, const std::vector<double>& dts,
                                                  neuro::StdpScheme& scheme) {
    if (s.calibration.empty()) throw InputError("stdp: --engine surrogate needs --cal FILE (from `calibrate stdp`)");
    const auto c = neuro::read_stdp_calibration(s.calibration);
    // Flags left out take the calibration's values.
    StdpOptions options = s.bench;
    if (!s.scheme_given) options.scheme = c.scheme;
    if (!s.transistor_given && !c.transistor.empty()) options.transistor = c.transistor;
    const auto setup = options.build(s.pre_given ? s.bench.pre : c.pre, s.post_given ? s.bench.post : c.post);
    if (setup.device.model.name() != c.model)
        throw InputError(fmt::format("stdp: {} was calibrated for model '{}', not '{}'", s.calibration, c.model,
                                     setup.device.model.name()));
    if (neuro::to_string(setup.scheme) != c.scheme)
        throw InputError(fmt::format("stdp: {} was calibrated for --scheme {}, not {}", s.calibration, c.scheme,
                                     neuro::to_string(setup.scheme)));
    if (setup.scheme == neuro::StdpScheme::gate && setup.transistor_spec != c.transistor)
        throw InputError(fmt::format("stdp: {} was calibrated with --transistor {}, not {}", s.calibration,
                                     c.transistor, setup.transistor_spec));
    if (neuro::format_spike_spec(setup.pre) != c.pre || neuro::format_spike_spec(setup.post) != c.post)
        throw InputError(fmt::format("stdp: {} was calibrated for --pre {} --post {}", s.calibration, c.pre, c.post));
    const double slack = 1e-9 * (c.dt_max - c.dt_min);  // rounding of the grid
    if (dts.front() < c.dt_min - slack || dts.back() > c.dt_max + slack)
        throw InputError(fmt::format("stdp: timing range [{}, {}] s is outside the calibrated range [{}, {}] s",
                                     dts.front(), dts.back(), c.dt_min, c.dt_max));
    if (s.state < c.state_min || s.state > c.state_max)
        throw InputError(fmt::format("stdp: --state {} is outside the calibrated range [{}, {}]", s.state,
                                     c.state_min, c.state_max));
    neuro::ConductanceReader reader(setup);
    scheme = setup.scheme;
    std::vector<neuro::StdpMeasurement> result;
    for (double dt : dts) result.push_back(neuro::predict_stdp_pairing(c.window, setup.scheme, reader, dt, s.state));
    return result;
}

std::string window_csv(const std::vector<neuro::StdpMeasurement>& window, bool differential) {
    using csv::format_number;
    if (!differential) {
        std::string text = "dt,g_before,g_after,delta_g,state_before,state_after\n";
        for (const auto& m : window)
            text += fmt::format("{},{},{},{},{},{}\n", format_number(m.dt), format_number(m.g_before),
                                format_number(m.g_after), format_number(m.delta_g()), format_number(m.state_before),
                                format_number(m.state_after));
        return text;
    }
    // The weight G+ - G- first, then each device.
    std::string text = "dt,w_before,w_after,delta_w,g_plus_before,g_plus_after,g_minus_before,g_minus_after,"
                       "state_plus_after,state_minus_after\n";
    for (const auto& m : window)
        text += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", format_number(m.dt), format_number(m.g_before),
                            format_number(m.g_after), format_number(m.delta_g()), format_number(m.plus_g_before),
                            format_number(m.plus_g_after), format_number(m.minus_g_before),
                            format_number(m.minus_g_after), format_number(m.state_after),
                            format_number(m.minus_state_after));
    return text;
}

void run_stdp(const StdpSettings& s) {
    const auto dts = neuro::timing_differences(s.dt_min, s.dt_max, s.points);
    if (!(s.state >= 0.0 && s.state <= 1.0)) throw InputError(fmt::format("stdp: --state {} is outside [0, 1]", s.state));
    std::vector<neuro::StdpMeasurement> window;
    std::string model_name;
    neuro::StdpScheme scheme = neuro::StdpScheme::overlap;
    if (s.engine == "spice") {
        const auto setup = s.bench.build();
        model_name = setup.device.model.name();
        scheme = setup.scheme;
        fmt::print(stderr, "stdp: {} ({}), pre {}, post {}; thresholds SET {:.4g} V, RESET {:.4g} V; {} pairs in ngspice...\n",
                   model_name, neuro::to_string(setup.scheme), neuro::format_spike_spec(setup.pre),
                   neuro::format_spike_spec(setup.post), *setup.thresholds.set, *setup.thresholds.reset, dts.size());
        std::vector<neuro::StdpPairing> pairings;
        for (double dt : dts) pairings.push_back({dt, s.state});
        spice::Engine engine;
        window = neuro::run_stdp_spice(setup, pairings, engine);
    } else if (s.engine == "surrogate") {
        window = run_surrogate(s, dts, scheme);
        model_name = s.bench.model;
    } else {
        throw InputError(fmt::format("unknown engine '{}': expected spice or surrogate", s.engine));
    }
    const std::string text = window_csv(window, scheme == neuro::StdpScheme::differential);
    write_output(text, s.output);
    if (!s.plot.empty()) {
        Series series{s.engine, {}, {}};
        for (const auto& m : window) {
            series.x.push_back(m.dt);
            series.y.push_back(m.delta_g());
        }
        plot_lines({series},
                   {fmt::format("STDP window: {} ({}), initial state {}", model_name, neuro::to_string(scheme), s.state),
                    "dt = t_post - t_pre (s)",
                    scheme == neuro::StdpScheme::differential ? "weight change G+ - G- (S)" : "conductance change (S)"},
                   s.plot);
    }
}

}  // namespace

void add_stdp_command(CLI::App& app) {
    auto s = std::make_shared<StdpSettings>();
    auto* stdp = app.add_subcommand("stdp", "STDP window: conductance change against spike timing (dt,g_before,...)");
    s->bench.add_to(*stdp, false);
    stdp->add_option("--dt-min", s->dt_min, "smallest timing difference t_post - t_pre, s")->required();
    stdp->add_option("--dt-max", s->dt_max, "largest timing difference, s")->required();
    stdp->add_option("--points", s->points, "number of timing differences")->capture_default_str();
    stdp->add_option("--state", s->state, "initial state of the device (0..1)")->capture_default_str();
    stdp->add_option("--engine", s->engine, "spice (ngspice bench) or surrogate (needs --cal)")->capture_default_str();
    stdp->add_option("--cal", s->calibration, "STDP calibration JSON (from `memcosim calibrate stdp`)");
    stdp->add_option("-o,--output", s->output, "CSV file (stdout if omitted)");
    stdp->add_option("--plot", s->plot, "also draw the window to this PNG");
    stdp->callback([s, stdp] {
        s->pre_given = stdp->count("--pre") > 0;
        s->post_given = stdp->count("--post") > 0;
        s->scheme_given = stdp->count("--scheme") > 0;
        s->transistor_given = stdp->count("--transistor") > 0;
        if (s->engine == "spice" && (!s->pre_given || !s->post_given))
            throw InputError("stdp: --engine spice needs --pre and --post");
        run_stdp(*s);
    });
}

}  // namespace memcosim::cli
