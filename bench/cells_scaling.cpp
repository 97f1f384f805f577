// DC reads of composite-cell and model-cell crossbars on the fast path, with
// ngspice on the same circuit in the same run where it finishes in about a
// minute, and the time ratio and agreement where both ran. One markdown table
// row per (case, size).
//
//   cells_scaling [--case 1t1r|vteam|all] [--spice N1,N2,...] [--solver N1,N2,...] [--transistor level1|bsim4]
//
// Set-up: wires 1 ohm per segment, all rows driven (MVM read).
//  1t1r:  memory conductances uniform in [1e-5, 1e-4] S, inputs uniform in
//         [0.1, 0.3] V (seed 1), gate at the card's nominal voltage; the fast
//         path time includes the transistor fit (an ngspice sweep + LM).
//  vteam: 1R cells of the VTEAM model, states uniform in [0.1, 0.9], inputs
//         uniform in [0.05, 0.2] V (below VTEAM's thresholds: a read).
#include "experiments/cell_crossbar.hpp"
#include "experiments/transistor_fit.hpp"
#include "models/model_registry.hpp"
#include "spice/engine.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <random>
#include <set>
#include <sstream>
#include <string>

using namespace memcosim;

namespace {

std::set<long> parse_sizes(const std::string& text) {
    std::set<long> sizes;
    std::stringstream stream(text);
    for (std::string field; std::getline(stream, field, ',');) {
        if (!field.empty()) sizes.insert(std::stol(field));
    }
    return sizes;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

CrossbarArray random_array(Eigen::Index n, double g_lo, double g_hi, double v_lo, double v_hi) {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CrossbarArray array;
    array.conductance.resize(n, n);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) array.conductance.data()[k] = g_lo + (g_hi - g_lo) * unit(rng);
    array.inputs.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) array.inputs(i) = v_lo + (v_hi - v_lo) * unit(rng);
    array.row_wire_resistance = 1.0;
    array.column_wire_resistance = 1.0;
    return array;
}

experiments::CellCrossbar make_case(const std::string& name, Eigen::Index n, const std::string& transistor) {
    experiments::CellCrossbar c;
    if (name == "1t1r") {
        c.type = experiments::CellType::one_t_one_r;
        c.array = random_array(n, 1e-5, 1e-4, 0.1, 0.3);
        c.transistor = experiments::load_transistor_card(transistor);
        c.gate_voltage = c.transistor->nominal_gate;
        return c;
    }
    static const models::ModelRegistry registry;
    c.type = experiments::CellType::one_r;
    c.array = random_array(n, 1.0, 1.0, 0.05, 0.2);
    const auto vteam = registry.select("vteam");
    experiments::ModelCrossbar memory{c.array, {vteam.model, vteam.parameters}, {}};
    std::mt19937_64 rng(2);
    std::uniform_real_distribution<double> state(0.1, 0.9);
    RowMajorMatrix x(n, n);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = state(rng);
    memory.states = {x};
    c.memory = memory;
    return c;
}

struct FastResult {
    Eigen::VectorXd currents;
    double seconds = 0.0, fit_seconds = 0.0;
    double cpu_seconds = 0.0;  // process CPU time (all threads): the machine is shared, wall time inflates
    int newton = 0, linear = 0;
};

FastResult run_fast(const experiments::CellCrossbar& c, spice::Engine& engine) {
    FastResult r;
    std::optional<solver::CompactTransistor> transistor;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    if (experiments::has_transistor(c.type)) {
        const auto grid = experiments::grid_for_read(c.gate_voltage, c.array.inputs.cwiseAbs().maxCoeff());
        transistor = experiments::characterise_transistor(*c.transistor, grid, engine).model;
        r.fit_seconds = seconds_since(start);
    }
    const auto solution = experiments::cell_crossbar_solve(c, transistor);
    r.seconds = seconds_since(start);
    r.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    r.currents = solution.solution.column_currents;
    r.newton = solution.newton_iterations;
    r.linear = solution.linear_iterations;
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::string which = "all", transistor = "level1";
    std::set<long> spice_sizes{32, 64, 128}, solver_sizes{32, 64, 128, 256, 512, 1024};
    for (int k = 1; k + 1 < argc; k += 2) {
        const std::string flag = argv[k], value = argv[k + 1];
        if (flag == "--case") which = value;
        else if (flag == "--spice") spice_sizes = parse_sizes(value);
        else if (flag == "--solver") solver_sizes = parse_sizes(value);
        else if (flag == "--transistor") transistor = value;
        else {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    spice::Engine engine;
    std::printf("| case | N x N | fast path s (fit s) | fast path CPU s | Newton (PCG) | ngspice s | ratio | max diff / max I |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (const std::string name : {"1t1r", "vteam"}) {
        if (which != "all" && which != name) continue;
        std::set<long> sizes = solver_sizes;
        sizes.insert(spice_sizes.begin(), spice_sizes.end());
        for (long n : sizes) {
            const auto c = make_case(name, n, transistor);
            const bool fast_here = solver_sizes.count(n) > 0;
            FastResult fast;
            if (fast_here || spice_sizes.count(n) > 0) fast = run_fast(c, engine);
            std::string spice_column = "-", ratio = "-", diff = "-";
            if (spice_sizes.count(n) > 0) {
                const auto start = std::chrono::steady_clock::now();
                const Eigen::VectorXd spice = experiments::cell_crossbar_spice(c, engine);
                const double spice_seconds = seconds_since(start);
                spice_column = std::to_string(spice_seconds);
                ratio = std::to_string(spice_seconds / fast.seconds);
                diff = std::to_string((spice - fast.currents).cwiseAbs().maxCoeff() / spice.cwiseAbs().maxCoeff());
            }
            const std::string label = name == "1t1r" ? "1T1R " + transistor : "1R VTEAM";
            std::printf("| %s | %ld | %.3f (%.3f) | %.3f | %d (%d) | %s | %s | %s |\n", label.c_str(), n, fast.seconds,
                        fast.fit_seconds, fast.cpu_seconds, fast.newton, fast.linear, spice_column.c_str(),
                        ratio.c_str(), diff.c_str());
            std::fflush(stdout);
        }
    }
    return 0;
}
