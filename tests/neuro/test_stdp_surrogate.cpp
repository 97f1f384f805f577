// The STDP window surrogate: the fit recovers a known window, and fitted to
// ngspice it predicts held-out timing differences and initial conductances
// within 5 % of the window peak.
#include "neuro/stdp_calibration.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cmath>
#include <fmt/format.h>
#include <filesystem>
#include <unistd.h>  // getpid: CTest runs test cases as parallel processes

memcosim::spice::Engine& shared_engine();

namespace memcosim::neuro {
namespace {

experiments::DeviceUnderTest device(const char* name) {
    const models::ModelRegistry registry;
    auto selection = registry.select(name);
    return {selection.model, selection.parameters};
}

void check_held_out(const char* model, const std::string& spike, double span, double state_min, double state_max) {
    const auto setup = make_stdp_setup(device(model), StdpScheme::overlap, spike, spike);
    StdpCalibrationRequest request;
    request.dt_min = -span;
    request.dt_max = span;
    request.points = 31;
    request.state_points = 4;
    request.state_min = state_min;
    request.state_max = state_max;
    const auto c = calibrate_stdp(setup, request, shared_engine());
    INFO(model << ": held-out median " << c.held_out_error.median << " p95 " << c.held_out_error.p95 << " max "
               << c.held_out_error.max << "; training max " << c.training_error.max);
    CHECK(c.held_out_error.count == 30 * 3);
    CHECK(c.held_out_error.max < 0.05);
    // The file reads back to the same window.
    const auto path = std::filesystem::temp_directory_path() / fmt::format("memcosim_stdp_{}_{}.json", model, getpid());
    write_stdp_calibration(path.string(), c);
    const auto back = read_stdp_calibration(path.string());
    std::filesystem::remove(path);
    for (double dt : {-0.3 * span, 0.2 * span})
        CHECK(back.window.delta_g(dt, 0.5 * (c.g_low + c.g_high)) ==
              Catch::Approx(c.window.delta_g(dt, 0.5 * (c.g_low + c.g_high))).epsilon(1e-12));
}

}  // namespace

TEST_CASE("the window fit recovers a known window", "[stdp][surrogate]") {
    surrogate::StdpWindow truth;
    truth.g_min = 1e-5;
    truth.g_max = 1e-3;
    truth.potentiation = {2e-6, 0.4, 2.0, 0.3e-6, {4e-5, -2e-5}};
    truth.depression = {3e-6, 0.3, 1.5, 0.5e-6, {1e-5, 3e-5}};
    std::vector<surrogate::StdpSample> samples;
    for (int k = -30; k <= 30; ++k)
        for (double g : {1e-4, 3e-4, 5e-4, 7e-4}) {
            const double dt = 6e-6 * k / 30.0;
            samples.push_back({dt, g, truth.delta_g(dt, g)});
        }
    const auto fitted = surrogate::fit_stdp_window(samples, truth.g_min, truth.g_max, {1e-6, 1e-6, 1e-6, 1e-6},
                                                   {1, 2000});
    CHECK(fitted.potentiation.tau == Catch::Approx(2e-6).epsilon(1e-3));
    CHECK(fitted.potentiation.power == Catch::Approx(2.0).epsilon(1e-3));
    CHECK(fitted.depression.cutoff == Catch::Approx(0.3).epsilon(1e-3));
    CHECK(fitted.depression.rise == Catch::Approx(0.5e-6).epsilon(1e-3));
    for (const auto& s : samples) CHECK(fitted.delta_g(s.dt, s.g) == Catch::Approx(s.delta_g).margin(1e-4 * 4e-5));
}

TEST_CASE("STDP surrogate of a Yakopcic synapse is within 5% of the peak on held-out pairs", "[stdp][spice]") {
    // States above 0.5: Yakopcic's depression window has a kink at x = 1 - xn = 0.5
    // (exponential below, constant above) that no smooth G dependence follows.
    check_held_out("yakopcic", "bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6", 1.3e-3, 0.55, 0.95);
}

TEST_CASE("STDP surrogate of a VTEAM synapse is within 5% of the peak on held-out pairs", "[stdp][spice]") {
    check_held_out("vteam", "bipolar:t_plus=20e-9,tau_minus=100e-9", 130e-9, 0.2, 0.8);
}

}  // namespace memcosim::neuro
