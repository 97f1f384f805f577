// A write pulse on N x N VTEAM arrays (experiments/array_write.hpp): the
// fast path at every size, ngspice (dynamic model subcircuits, .tran) at the
// sizes it can do, in the same run, with the time ratio and the largest
// state difference where both ran. One markdown table row per size.
//
//   write_scaling [--spice N1,N2,...] [--solver N1,N2,...] [--scheme v2|v3|float] [--r-wire OHM]
//                 [--cell 1R|1S1R|1T1R|2T2R]
//
// Composite cells (experiments/cell_array_write.hpp): 1S1R (selector_sinh)
// at 2.8 V, 1T1R / 2T2R (level 1 card, selected word line 2 V, the others
// 0 V) at 1.4 V; 2T2R writes G+ of pair N/3 on N x 2N physical columns. The
// solver's time includes the transistor fit (in ngspice), which is printed
// apart too.
//
// Set-up (as tests/experiments/test_array_write.cpp): states uniform in
// [0.6, 1] (seed 1), the cell (N/2, N/3) written at 1.4 V for 4 ns with
// 0.5 ns edges, 1 ohm per wire segment by default.
#include "experiments/array_write.hpp"
#include "experiments/cell_array_write.hpp"
#include "models/model_registry.hpp"
#include "spice/engine.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
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

experiments::ArrayWrite vteam_write(Eigen::Index n, double r_wire, solver::BiasScheme scheme) {
    static const models::ModelRegistry registry;
    experiments::ArrayWrite write{{}, {registry.load("vteam"), {}}, {}, scheme, {n / 2}, {n / 3}, {1.4, 4e-9, 0.5e-9, 0.5e-9}};
    write.array.conductance = RowMajorMatrix::Ones(n, n);
    write.array.row_wire_resistance = r_wire;
    write.array.column_wire_resistance = r_wire;
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> state(0.6, 1.0);
    RowMajorMatrix x(n, n);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = state(rng);
    write.states = {x};
    return write;
}

// The composite write of the same array (2T2R: twice the columns).
experiments::CellWrite composite_write(experiments::CellType type, Eigen::Index n, double r_wire,
                                       solver::BiasScheme scheme) {
    static const models::ModelRegistry registry;
    auto write = vteam_write(n, r_wire, scheme);
    if (type == experiments::CellType::two_t_two_r) {
        write.array.conductance = RowMajorMatrix::Ones(n, 2 * n);
        RowMajorMatrix x(n, 2 * n);
        x << write.states.front(), write.states.front();
        write.states = {x};
        write.selected_columns = {2 * (n / 3)};
    }
    if (type == experiments::CellType::one_s_one_r) write.pulse.voltage = 2.8;
    experiments::CellWrite cells(write, type);
    if (type == experiments::CellType::one_s_one_r) cells.selector = experiments::DeviceUnderTest{registry.load("selector_sinh"), {}};
    if (experiments::has_transistor(type)) {
        cells.transistor = experiments::load_transistor_card("level1");
        cells.gate_on = 2.0;
        cells.gate_off = 0.0;
    }
    return cells;
}

}  // namespace

int main(int argc, char** argv) {
    std::set<long> spice_sizes{32, 64}, solver_sizes{32, 64, 256, 512};
    std::string scheme = "v2";
    double r_wire = 1.0;
    auto cell = experiments::CellType::one_r;
    for (int k = 1; k + 1 < argc; k += 2) {
        const std::string flag = argv[k], value = argv[k + 1];
        if (flag == "--spice") spice_sizes = parse_sizes(value);
        else if (flag == "--solver") solver_sizes = parse_sizes(value);
        else if (flag == "--scheme") scheme = value;
        else if (flag == "--r-wire") r_wire = std::stod(value);
        else if (flag == "--cell") cell = experiments::parse_cell_type(value);
        else {
            std::fprintf(stderr, "usage: write_scaling [--spice N,...] [--solver N,...] [--scheme S] [--r-wire OHM] [--cell C]\n");
            return 2;
        }
    }
    std::set<long> sizes = solver_sizes;
    sizes.insert(spice_sizes.begin(), spice_sizes.end());
    std::unique_ptr<spice::Engine> engine;
    if (!spice_sizes.empty() || experiments::has_transistor(cell)) engine = std::make_unique<spice::Engine>();
    std::printf("cell %s\n\n", experiments::to_string(cell));
    std::printf("| N | ngspice s | ngspice points | solver s | solver steps | speed-up | selected dx (solver) "
                "| worst disturb dx at V (solver) | largest state difference |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (long n : sizes) {
        const bool composite = cell != experiments::CellType::one_r;
        const auto cells = composite_write(composite ? cell : experiments::CellType::one_s_one_r, n, r_wire,
                                           solver::parse_bias_scheme(scheme));
        const auto write = composite ? cells.write : vteam_write(n, r_wire, solver::parse_bias_scheme(scheme));
        std::optional<experiments::WriteResult> spice, fast;
        if (spice_sizes.count(n) != 0) {
            std::fprintf(stderr, "write_scaling: %ldx%ld ngspice...\n", n, n);
            spice = composite ? experiments::cell_write_spice(cells, *engine) : experiments::write_spice(write, *engine);
        }
        if (solver_sizes.count(n) != 0) {
            std::fprintf(stderr, "write_scaling: %ldx%ld solver...\n", n, n);
            if (!composite) {
                fast = experiments::write_solve(write);
            } else {
                const auto start = std::chrono::steady_clock::now();
                std::optional<solver::CompactTransistor> transistor;
                if (experiments::has_transistor(cell)) transistor = experiments::fit_for_write(cells, *engine).model;
                const double fit = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                fast = experiments::cell_write_solve(cells, transistor);
                std::fprintf(stderr, "write_scaling: %ldx%ld transistor fit %.3f s, solver %.3f s\n", n, n, fit,
                             fast->seconds);
                fast->seconds += fit;
            }
        }
        std::string row = "| " + std::to_string(n) + " | ";
        char buffer[256];
        if (spice) std::snprintf(buffer, sizeof buffer, "%.2f | %d | ", spice->seconds, spice->time_steps);
        else std::snprintf(buffer, sizeof buffer, "- | - | ");
        row += buffer;
        if (fast) std::snprintf(buffer, sizeof buffer, "%.2f | %d | ", fast->seconds, fast->time_steps);
        else std::snprintf(buffer, sizeof buffer, "- | - | ");
        row += buffer;
        if (spice && fast) std::snprintf(buffer, sizeof buffer, "%.1fx | ", spice->seconds / fast->seconds);
        else std::snprintf(buffer, sizeof buffer, "- | ");
        row += buffer;
        const auto& shown = fast ? *fast : *spice;
        const auto s = experiments::summarise(write, shown);
        std::snprintf(buffer, sizeof buffer, "%.5f | %.3g at %.3f V | ", s.selected_change, s.disturb_change,
                      s.disturb_voltage);
        row += buffer;
        if (spice && fast) {
            const double diff = (spice->after.front() - fast->after.front()).cwiseAbs().maxCoeff();
            std::snprintf(buffer, sizeof buffer, "%.2e |", diff);
        } else {
            std::snprintf(buffer, sizeof buffer, "- |");
        }
        row += buffer;
        std::printf("%s\n", row.c_str());
        std::fflush(stdout);
    }
    return 0;
}
