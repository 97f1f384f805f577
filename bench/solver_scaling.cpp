// Scaling of the multigrid PCG crossbar solver: for each N on the command
// line (default 512 1024 2048 4096) it builds a random N x N array
// (G uniform in [1e-6, 1e-4] S, i.e. 10 kohm .. 1 Mohm; wires 1 ohm per
// segment; inputs uniform in [0, 0.2] V; fixed seed), times set-up and solve
// separately and prints one markdown table row per size.
//
//   solver_scaling [--r-wire OHM] [--g-max S] [--spacing CELLS] [--repeat K] [N ...]
//
// --repeat solves each size K times, with a fresh set-up each time; on a
// virtual machine the first run of a size pays for the host backing fresh
// memory (seconds at 4096), later runs reuse pages the first one touched.
// Iteration progress goes to stderr, the table to stdout.
#include "solver/multigrid_pcg.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

struct Settings {
    double wire_resistance = 1.0;
    double g_min = 1e-6;
    double g_max = 1e-4;
    int spacing = 0;  // 0: automatic
    int repeat = 1;   // solves per size; later ones reuse memory the first one faulted in
    std::vector<long> sizes;
};

Settings parse(int argc, char** argv) {
    Settings s;
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        const bool has_value = k + 1 < argc;
        if (arg == "--r-wire" && has_value) {
            s.wire_resistance = std::atof(argv[++k]);
        } else if (arg == "--g-max" && has_value) {
            s.g_max = std::atof(argv[++k]);
        } else if (arg == "--spacing" && has_value) {
            s.spacing = std::atoi(argv[++k]);
        } else if (arg == "--repeat" && has_value) {
            s.repeat = std::max(1, std::atoi(argv[++k]));
        } else if (std::atol(argv[k]) > 0) {
            s.sizes.push_back(std::atol(argv[k]));
        } else {
            std::fprintf(stderr, "usage: solver_scaling [--r-wire OHM] [--g-max S] [--spacing CELLS] [--repeat K] "
                                 "[N ...]\n");
            std::exit(2);
        }
    }
    if (s.sizes.empty()) s.sizes = {512, 1024, 2048, 4096};
    return s;
}

memcosim::CrossbarArray random_array(long n, const Settings& s) {
    std::mt19937_64 rng(20240611);
    std::uniform_real_distribution<double> conductance(s.g_min, s.g_max);
    std::uniform_real_distribution<double> voltage(0.0, 0.2);
    memcosim::CrossbarArray array;
    array.conductance.resize(n, n);
    for (long k = 0; k < n * n; ++k) array.conductance.data()[k] = conductance(rng);
    array.inputs.resize(n);
    for (long i = 0; i < n; ++i) array.inputs[i] = voltage(rng);
    array.row_wire_resistance = s.wire_resistance;
    array.column_wire_resistance = s.wire_resistance;
    return array;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_gib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is in KiB on Linux
}

void time_one_solve(long n, const memcosim::CrossbarArray& array, const memcosim::solver::LinearSolveOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    memcosim::solver::MultigridPcgSolver solver(array, options);
    const double setup = seconds_since(start);
    const auto solve_start = std::chrono::steady_clock::now();
    const memcosim::solver::CrossbarSolution solution = solver.solve();
    const double solve = seconds_since(solve_start);
    std::printf("| %ld | %ldx%ld | %ld | %.3f | %.3f | %.3f | %d | %.2e | %.2f |\n", n,
                long(solver.coarse_spacing_along_columns()), long(solver.coarse_spacing_along_rows()),
                long(solver.coarse_unknowns()), setup, solve, setup + solve, solution.iterations,
                solution.relative_residual, peak_rss_gib());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const Settings settings = parse(argc, argv);
    std::printf("wire %g ohm, G uniform in [%g, %g] S, inputs in [0, 0.2] V\n\n", settings.wire_resistance,
                settings.g_min, settings.g_max);
    std::printf("| N | spacing | coarse unknowns | setup s | solve s | total s | iterations | rel. residual "
                "| peak RSS GiB |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (long n : settings.sizes) {
        const memcosim::CrossbarArray array = random_array(n, settings);
        memcosim::solver::LinearSolveOptions options;
        options.method = memcosim::solver::LinearMethod::multigrid_pcg;
        options.coarse_spacing = settings.spacing;
        options.progress = [](int iteration, double residual) {
            std::fprintf(stderr, "  iteration %d: relative residual %.3g\n", iteration, residual);
        };
        for (int run = 0; run < settings.repeat; ++run) time_one_solve(n, array, options);
    }
    return 0;
}
