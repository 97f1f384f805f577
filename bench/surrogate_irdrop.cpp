// IR-drop surrogates against the exact solver at N x N (default 512): time
// per read and relative column-current error (median / p95 / max) of each
// model, one markdown table row per model. Random array as in
// solver_scaling (G uniform in [1e-6, 1e-4] S, inputs uniform in
// [0.05, 0.2] V, fixed seed), wires --r-wire ohm per segment (default 1).
// The sweep model is first calibrated on a few random 64 x 64 arrays and the
// correction-factor model solves its uniform reference once; both set-up
// costs are printed apart, not counted in the per-read time.
//
// Our attenuation model uses the parameters of --cal FILE (a `memcosim
// calibrate irdrop` JSON) or, without it, the uncalibrated physics (1, 1, 1).
// --g-range LO:HI changes the conductance range; --spice also runs the same
// array in ngspice (sensible up to 256 x 256), for the ratio in one run.
//
// Our per-read time is also set against a yardstick measured in the same
// process, alternately with it: one plain row-sum stream over G (one read
// of the map, the floor of any model that looks at every cell). Both are
// best of max(K, 1000) runs, since a best of 20 microsecond-scale runs on a
// machine shared with builds is mostly noise; the fused pass alone is shown
// too, and the two-touch pass the model used before 2026-11-23.
//
//   surrogate_irdrop [--r-wire OHM] [--repeat K] [--cal FILE] [--g-range LO:HI] [--spice] [N]
#include "calibrate/calibration_file.hpp"
#include "calibrate/irdrop_calibration.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "solver/linear_crossbar_solver.hpp"
#include "spice/engine.hpp"
#include "surrogate/attenuation_model.hpp"
#include "surrogate/correction_factor_model.hpp"
#include "surrogate/cumulative_wire_model.hpp"
#include "surrogate/error_statistics.hpp"
#include "surrogate/fused_column_pass.hpp"
#include "surrogate/mean_conductance_model.hpp"
#include "surrogate/sweep_model.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

using namespace memcosim;

namespace {

using Clock = std::chrono::steady_clock;

double g_lo = 1e-6, g_hi = 1e-4;

CrossbarArray random_array(Eigen::Index n, double wire, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> conductance(g_lo, g_hi);
    std::uniform_real_distribution<double> input(0.05, 0.2);
    CrossbarArray array;
    array.conductance.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) array.conductance(i, j) = conductance(rng);
    }
    array.inputs.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) array.inputs(i) = input(rng);
    array.row_wire_resistance = wire;
    array.column_wire_resistance = wire;
    return array;
}

// Best of `repeat` runs, seconds (the least disturbed by the shared machine).
double best_time(int repeat, const std::function<Eigen::VectorXd()>& run, Eigen::VectorXd& result) {
    double best = 1e300;
    for (int k = 0; k < repeat; ++k) {
        const auto start = Clock::now();
        result = run();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    double wire = 1.0;
    int repeat = 5;
    Eigen::Index n = 512;
    std::string calibration_file;
    bool with_spice = false;
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        if (arg == "--cal" && k + 1 < argc) {
            calibration_file = argv[++k];
        } else if (arg == "--spice") {
            with_spice = true;
        } else if (arg == "--g-range" && k + 1 < argc) {
            const std::string range = argv[++k];
            g_lo = std::atof(range.substr(0, range.find(':')).c_str());
            g_hi = std::atof(range.substr(range.find(':') + 1).c_str());
        } else if (arg == "--r-wire" && k + 1 < argc) {
            wire = std::atof(argv[++k]);
        } else if (arg == "--repeat" && k + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++k]));
        } else {
            n = std::atol(argv[k]);
        }
    }
    std::mt19937_64 rng(1);

    auto start = Clock::now();
    std::vector<surrogate::SweepModelSample> samples;
    for (int k = 0; k < 8; ++k) {
        CrossbarArray sample = random_array(64, wire, rng);
        Eigen::VectorXd exact = solver::solve_linear_crossbar(sample).column_currents;
        samples.push_back({std::move(sample), std::move(exact)});
    }
    const surrogate::SweepModel sweep_model = surrogate::SweepModel::fit(samples, 3);
    // More sweeps for strong coupling (r g N^2 >> 1), where 3 leave a visible error.
    const surrogate::SweepModel long_sweep_model = surrogate::SweepModel::fit(samples, 8);
    const double calibration_s = std::chrono::duration<double>(Clock::now() - start).count();

    const CrossbarArray array = random_array(n, wire, rng);
    start = Clock::now();
    const CrossbarArray reference = surrogate::uniform_reference_array(n, n, wire, wire, 0.5 * (g_lo + g_hi));
    const surrogate::CorrectionFactorModel correction(reference,
                                                      solver::solve_linear_crossbar(reference).cell_voltages());
    const double reference_s = std::chrono::duration<double>(Clock::now() - start).count();

    const surrogate::AttenuationModel attenuation =
        calibration_file.empty() ? surrogate::AttenuationModel()
                                 : calibrate::irdrop_model_from(calibrate::read_calibration(calibration_file, "irdrop"),
                                                                calibration_file);

    Eigen::VectorXd exact;
    const double solver_s = best_time(repeat, [&] { return solver::solve_linear_crossbar(array).column_currents; }, exact);

    std::printf("G uniform in [%g, %g] S; attenuation parameters from %s\n", g_lo, g_hi,
                calibration_file.empty() ? "the uncalibrated physics (1, 1, 1)" : calibration_file.c_str());
    std::printf("%ldx%ld, wires %g ohm; sweep-model calibration %.3f s, correction reference %.3f s\n\n",
                static_cast<long>(n), static_cast<long>(n), wire, calibration_s, reference_s);
    std::printf("| model | time per read (s) | speed-up | median err | p95 err | max err |\n");
    std::printf("|---|---|---|---|---|---|\n");
    std::printf("| exact solver | %.3e | 1 | - | - | - |\n", solver_s);
    if (with_spice) {
        memcosim::spice::Engine engine;
        const auto lines = netlist::write_spice_lines(generators::build_crossbar_circuit(array));
        const auto spice_start = Clock::now();
        const auto result = engine.run(lines);
        const double spice_s = std::chrono::duration<double>(Clock::now() - spice_start).count();
        Eigen::VectorXd spice_currents(array.cols());
        for (Eigen::Index j = 0; j < array.cols(); ++j) {
            spice_currents(j) = result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0);
        }
        std::vector<double> errors;
        surrogate::append_relative_errors(spice_currents, exact, errors);
        const surrogate::ErrorSummary s = surrogate::summarize_errors(errors);
        std::printf("| ngspice (KLU) | %.3e | %.3g | %.2e | %.2e | %.2e |\n", spice_s, solver_s / spice_s, s.median,
                    s.p95, s.max);
    }
    const auto row = [&](const char* name, const std::function<Eigen::VectorXd()>& run) {
        Eigen::VectorXd predicted;
        const double seconds = best_time(repeat, run, predicted);
        std::vector<double> errors;
        surrogate::append_relative_errors(predicted, exact, errors);
        const surrogate::ErrorSummary s = surrogate::summarize_errors(errors);
        std::printf("| %s | %.3e | %.0f | %.2e | %.2e | %.2e |\n", name, seconds, solver_s / seconds, s.median, s.p95,
                    s.max);
    };
    row("ours: attenuation, one pass", [&] { return attenuation.column_currents_unchecked(array); });
    {
        // The yardstick and the pass alone, alternately with the full read.
        const auto r = static_cast<std::size_t>(n);
        const double* g = array.conductance.data();
        Eigen::VectorXd sums(n), wa = array.inputs, wb = array.inputs, wc = array.inputs;
        Eigen::VectorXd sa(n), sb(n), sc(n), column_sums(n), means(n);
        double stream_s = 1e300, pass_s = 1e300, two_touch_s = 1e300, ours_s = 1e300;
        const auto time = [](double& best, const auto& run) {
            const auto start = Clock::now();
            run();
            best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        };
        for (int k = 0; k < std::max(repeat, 1000); ++k) {
            time(stream_s, [&] { surrogate::detail::row_sums(g, r, r, sums.data()); });
            time(pass_s, [&] {
                surrogate::detail::single_touch_column_sums(g, r, r, wa.data(), wb.data(), wc.data(), sa.data(),
                                                            sb.data(), sc.data(), column_sums.data(), means.data());
            });
            time(two_touch_s, [&] {
                surrogate::detail::row_scaled_column_sums(g, r, r, wa.data(), wb.data(), wc.data(), sa.data(),
                                                          sb.data(), sc.data(), column_sums.data(), means.data());
            });
            time(ours_s, [&] { sa = attenuation.column_currents_unchecked(array); });
        }
        std::printf("| (yardstick) row-sum stream over G | %.3e | %.0f | x%.2f of ours | - | - |\n", stream_s,
                    solver_s / stream_s, ours_s / stream_s);
        std::printf("| (ours: the fused pass alone) | %.3e | %.0f | x%.2f of yardstick | - | - |\n", pass_s,
                    solver_s / pass_s, pass_s / stream_s);
        std::printf("| (the two-touch pass used before 2026-11-23) | %.3e | %.0f | x%.2f of yardstick | - | - |\n",
                    two_touch_s, solver_s / two_touch_s, two_touch_s / stream_s);
        std::printf("| ours, best of %d alternating | %.3e | %.0f | - | - | - |\n", std::max(repeat, 1000), ours_s,
                    solver_s / ours_s);
    }
    row("ours, with input validation", [&] { return attenuation.column_currents(array); });
    row("(a) cumulative wire", [&] { return surrogate::cumulative_wire_column_currents(array); });
    row("(b) mean-conductance cosh", [&] { return surrogate::mean_conductance_column_currents(array); });
    row("(c) correction factors", [&] { return correction.column_currents(array); });
    row("ours: calibrated sweeps (3)", [&] { return sweep_model.column_currents(array); });
    row("ours: calibrated sweeps (8)", [&] { return long_sweep_model.column_currents(array); });
    return 0;
}
