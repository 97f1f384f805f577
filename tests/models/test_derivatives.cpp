// The evaluator's exact derivatives against central finite differences of
// the evaluator itself, at random points, for the inline test models and
// every model in va_models/. Where the function has a kink or a jump near the
// point (if/else, min, floor...), two step sizes disagree and the point is
// skipped; most points must be checked.
#include "model_test_support.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <optional>

namespace memcosim::models::test {
namespace {

// All outputs of one evaluation as a flat list: current, then rates.
std::vector<double> outputs(Evaluator& evaluator, double v, const std::vector<double>& x) {
    const Evaluation e = evaluator.evaluate(v, x);
    std::vector<double> result{e.current};
    for (std::size_t k = 0; k < x.size(); ++k) result.push_back(e.rate[k]);
    return result;
}

// d output / d input (input 0 is V, 1 + l is x_l) from the exact derivatives.
double exact(const Evaluation& e, std::size_t output, std::size_t input) {
    if (output == 0) return input == 0 ? e.dcurrent_dv : e.dcurrent_dx[input - 1];
    return input == 0 ? e.drate_dv[output - 1] : e.drate_dx[output - 1][input - 1];
}

double central_difference(Evaluator& evaluator, double v, std::vector<double> x, std::size_t output, std::size_t input,
                          double h) {
    const auto at = [&](double delta) {
        double vv = v;
        std::vector<double> xx = x;
        (input == 0 ? vv : xx[input - 1]) += delta;
        return outputs(evaluator, vv, xx)[output];
    };
    return (at(h) - at(-h)) / (2 * h);
}

struct Tally {
    int checked = 0, skipped = 0;
};

// Richardson-extrapolated central differences (error O(h^4)) at h/2 and h/4;
// nullopt where the two disagree: a kink or a jump within reach of the step.
std::optional<double> smooth_difference(Evaluator& evaluator, double v, const std::vector<double>& x,
                                        std::size_t output, std::size_t input, double h, double noise) {
    const double d1 = central_difference(evaluator, v, x, output, input, h);
    const double d2 = central_difference(evaluator, v, x, output, input, h / 2);
    const double d4 = central_difference(evaluator, v, x, output, input, h / 4);
    const double coarse = (4 * d2 - d1) / 3, fine = (4 * d4 - d2) / 3;
    if (!std::isfinite(fine) || std::fabs(coarse - fine) > 1e-6 * std::fabs(fine) + 10 * noise) return std::nullopt;
    return fine;
}

// `output_scale`: the largest |output| seen over the sample. Cancellation in
// the model (1 + tanh(z) for z << 0, differences of large terms) makes the
// outputs noisy at about 1e-16 of that scale, which a difference quotient
// divides by h.
void check_point(Evaluator& evaluator, double v, const std::vector<double>& x, const std::vector<double>& output_scale,
                 Tally& tally) {
    const Evaluation e = evaluator.evaluate(v, x);
    for (std::size_t output = 0; output < output_scale.size(); ++output) {
        for (std::size_t input = 0; input <= x.size(); ++input) {
            const double h = 1e-3 * std::max(1e-2, std::fabs(input == 0 ? v : x[input - 1]));
            const double noise = 1e-14 * output_scale[output] / h;
            const auto difference = smooth_difference(evaluator, v, x, output, input, h, noise);
            if (!difference) {
                ++tally.skipped;
                continue;
            }
            const double analytic = exact(e, output, input);
            INFO(fmt::format("V={} x=[{}] output {} input {}: exact {} finite difference {} (noise {})", v,
                             fmt::join(x, ", "), output, input, analytic, *difference, noise));
            CHECK(std::fabs(analytic - *difference) <=
                  1e-5 * std::max(std::fabs(analytic), std::fabs(*difference)) + 10 * noise);
            ++tally.checked;
        }
    }
}

void check_model(const DeviceModel& model, PointSampler sampler, int points) {
    Evaluator evaluator(model, model.default_values());
    std::vector<std::pair<double, std::vector<double>>> sample;
    std::vector<double> output_scale(1 + model.state_count(), 0.0);
    for (int k = 0; k < points; ++k) {
        sample.emplace_back(sampler.voltage(), sampler.states(model.state_count()));
        const auto f = outputs(evaluator, sample.back().first, sample.back().second);
        for (std::size_t o = 0; o < f.size(); ++o) output_scale[o] = std::max(output_scale[o], std::fabs(f[o]));
    }
    Tally tally;
    for (const auto& [v, x] : sample) check_point(evaluator, v, x, output_scale, tally);
    INFO(fmt::format("model {}: {} derivatives checked, {} skipped", model.name(), tally.checked, tally.skipped));
    CHECK(tally.checked > 4 * tally.skipped);
}

}  // namespace

TEST_CASE("exact derivatives match finite differences: threshold model", "[models][derivatives]") {
    check_model(elaborate_text(threshold_model), PointSampler{}, 200);
}

TEST_CASE("exact derivatives match finite differences: every operation", "[models][derivatives]") {
    PointSampler sampler;
    sampler.low = -1.0;
    check_model(elaborate_text(coverage_model), sampler, 300);
}

TEST_CASE("exact derivatives match finite differences: va_models", "[models][derivatives]") {
    const ModelRegistry registry(va_models_directory());
    int models = 0;
    for (const ModelListing& listing : registry.list()) {
        if (!listing.problem.empty()) {
            WARN(fmt::format("skipped {}: {}", listing.file, listing.problem));
            continue;
        }
        SECTION(listing.name) { check_model(load_model_file(listing.file), PointSampler{}, 100); }
        ++models;
    }
    CHECK(models > 0);
}

}  // namespace memcosim::models::test
