// The batch evaluator: the same numbers as one-at-a-time evaluation, and its
// speed (hidden test: run `test_models "[.speed]"` to print ns per device).
#include "model_test_support.hpp"
#include "models/model_registry.hpp"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <ctime>
#include <cstring>

namespace memcosim::models::test {
namespace {

struct Batch {
    std::vector<double> voltage;
    std::vector<std::vector<double>> states;
    std::vector<double> current, dcurrent_dv;
    std::vector<std::vector<double>> dcurrent_dx, rate, drate_dv, drate_dx;  // drate_dx row-major [k * m + l]

    Batch(std::size_t n, std::size_t m, PointSampler& sampler)
        : voltage(n),
          states(m, std::vector<double>(n)),
          current(n),
          dcurrent_dv(n),
          dcurrent_dx(m, std::vector<double>(n)),
          rate(m, std::vector<double>(n)),
          drate_dv(m, std::vector<double>(n)),
          drate_dx(m * m, std::vector<double>(n)) {
        for (std::size_t i = 0; i < n; ++i) {
            voltage[i] = sampler.voltage();
            const auto x = sampler.states(m);
            for (std::size_t k = 0; k < m; ++k) states[k][i] = x[k];
        }
    }

    BatchInput input() const {
        BatchInput in{voltage, {}, 0.0};
        for (std::size_t k = 0; k < states.size(); ++k) in.states[k] = states[k];
        return in;
    }
    BatchOutput output() {
        BatchOutput out{current, dcurrent_dv, {}, {}, {}, {}};
        const std::size_t m = states.size();
        for (std::size_t k = 0; k < m; ++k) {
            out.dcurrent_dx[k] = dcurrent_dx[k];
            out.rate[k] = rate[k];
            out.drate_dv[k] = drate_dv[k];
            for (std::size_t l = 0; l < m; ++l) out.drate_dx[k][l] = drate_dx[k * m + l];
        }
        return out;
    }
};

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

std::vector<DeviceModel> all_models() {
    std::vector<DeviceModel> models{elaborate_text(threshold_model), elaborate_text(coverage_model)};
    for (const ModelListing& listing : ModelRegistry(va_models_directory()).list()) {
        if (listing.problem.empty()) models.push_back(load_model_file(listing.file));
    }
    return models;
}

}  // namespace

TEST_CASE("batch evaluation gives exactly the single-point results", "[models][evaluator]") {
    for (const DeviceModel& model : all_models()) {
        INFO("model " << model.name());
        PointSampler sampler;
        const std::size_t n = 1000, m = model.state_count();  // not a multiple of the chunk size
        Batch batch(n, m, sampler);
        Evaluator evaluator(model, model.default_values());
        evaluator.evaluate(batch.input(), batch.output());
        for (std::size_t i = 0; i < n; i += 7) {
            std::vector<double> x(m);
            for (std::size_t k = 0; k < m; ++k) x[k] = batch.states[k][i];
            const Evaluation e = evaluator.evaluate(batch.voltage[i], x);
            CHECK(same(e.current, batch.current[i]));
            CHECK(same(e.dcurrent_dv, batch.dcurrent_dv[i]));
            for (std::size_t k = 0; k < m; ++k) {
                CHECK(same(e.rate[k], batch.rate[k][i]));
                CHECK(same(e.dcurrent_dx[k], batch.dcurrent_dx[k][i]));
                CHECK(same(e.drate_dv[k], batch.drate_dv[k][i]));
                for (std::size_t l = 0; l < m; ++l) CHECK(same(e.drate_dx[k][l], batch.drate_dx[k * m + l][i]));
            }
        }
    }
}

TEST_CASE("evaluator speed, ns per device for 1e6 devices", "[.speed]") {
    for (const DeviceModel& model : all_models()) {
        PointSampler sampler;
        const std::size_t n = 1'000'000;
        Batch batch(n, model.state_count(), sampler);
        Evaluator evaluator(model, model.default_values());
        evaluator.evaluate(batch.input(), batch.output());  // warm up
        const int repeats = 5;
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        for (int r = 0; r < repeats; ++r) evaluator.evaluate(batch.input(), batch.output());
        const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double devices = repeats * static_cast<double>(n);
        // CPU time is what the evaluator costs; wall time also counts other processes on a shared machine.
        WARN(
            fmt::format("{:16} {} states, {:4} instructions: {:7.1f} ns/device CPU, {:7.1f} ns/device wall "
                        "(current, rates, all derivatives)",
                        model.name(), model.state_count(), evaluator.tape().instructions.size(), 1e9 * cpu / devices,
                        1e9 * seconds / devices));
    }
}

}  // namespace memcosim::models::test
