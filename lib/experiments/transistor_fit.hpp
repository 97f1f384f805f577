#pragma once
// Fits the fast path's compact transistor (solver/compact_transistor.hpp) to
// the SPICE transistor's own I-V: one ngspice DC sweep of the single device
// (drain x gate, nested .dc, for a few source voltages: in a 1T1R array the
// source is the column node, a little above the grounded bulk), then a
// Levenberg-Marquardt least-squares fit (Eigen's unsupported
// NonLinearOptimization module) of vt0, body, m, beta, lambda, theta, a and
// phi (the square-root body effect).
//
// Residual of a grid point: (I_fit - I_spice) / (|I_spice| + floor), with
// floor = 1e-3 x the largest |I| of the grid: a relative error that does not
// blow up in deep subthreshold. The fit is redone on every run (about 0.1 s
// of ngspice), so a changed card never meets a stale cache.
#include "experiments/transistor_card.hpp"
#include "solver/compact_transistor.hpp"
#include "spice/engine.hpp"

#include <string>
#include <vector>

namespace memcosim::experiments {

struct TransistorSweepGrid {
    double gate_min = 0.0;   // V: gate swept gate_min..gate_max
    double gate_max = 1.2;
    double drain_max = 1.2;  // V above the source: drain swept source..source+drain_max
    int gate_points = 25, drain_points = 25;
    std::vector<double> source_voltages{0.0, 0.05, 0.1};  // V
    // A second drain sweep over this fraction of drain_max (0: none): a
    // turned-on access transistor in series with a memory cell mostly sees
    // a small drain-source voltage, where the fit must be best.
    double fine_drain_fraction = 0.1;
};

struct TransistorSweep {
    std::vector<double> gate, drain, source, current;  // current: into the drain, amperes
};

struct TransistorFit {
    solver::CompactTransistor model;
    double rms_relative_error = 0.0;
    double max_relative_error = 0.0;
    double current_floor = 0.0;  // A, the floor of the relative error
    std::size_t points = 0;
    int lm_status = 0;  // Eigen's LevenbergMarquardt status code
    // The junction fit (fit_junctions), when one was made: its largest
    // absolute error and the largest junction current of its sweep, amperes.
    double junction_max_error = 0.0, junction_largest_current = 0.0;
    double junction_max_relative_error = 0.0;  // |error| / (|J| + 1e-15 A), largest over the sweep
    [[nodiscard]] std::string summary() const;
};

// The transistor alone: drain, gate and source sources, bulk at ground.
[[nodiscard]] netlist::Circuit transistor_sweep_circuit(const TransistorCard& card, double source_voltage);

// Throws SpiceError (with ngspice's message) if ngspice rejects the card.
[[nodiscard]] TransistorSweep sweep_transistor(const TransistorCard& card, const TransistorSweepGrid& grid,
                                               spice::Engine& engine);

[[nodiscard]] TransistorFit fit_transistor(const TransistorSweep& sweep, double threshold_guess);

// The errors of a given model on a sweep (for held-out checks).
[[nodiscard]] TransistorFit fit_errors(const solver::CompactTransistor& model, const TransistorSweep& sweep);

// Grid for a crossbar read with this gate voltage and largest input: the
// region the access transistors work in (gate within 0.2 V below the word
// line, drain up to the largest input above the source), where the fit must
// be accurate; not the whole I-V plane.
[[nodiscard]] TransistorSweepGrid grid_for_read(double gate_voltage, double largest_input);

// The source/drain junctions of the card (solver/compact_transistor.hpp:
// Is, n and gmin of J(v) = Is (1 - exp(-v/(n Ut))) + gmin v): one ngspice
// sweep of the transistor with drain and source tied together (gate and
// bulk at 0 V, so no channel current) over -junction_forward_sweep (forward
// bias, as in a RESET write) .. largest_voltage (reverse), and a relative
// least-squares fit (linear in Is and gmin, a golden-section search on n).
// They pin floating lines whose transistors are all off, and clamp the
// lines a RESET write drives below the bulk.
// Is, n and gmin come from the points below junction_diode_current (the
// diode law), then a series resistance (golden-section search, relative
// residual over the whole sweep; kept only if it beats none).
inline constexpr double junction_forward_sweep = 0.8;  // V below the bulk
inline constexpr double junction_diode_current = 3e-5; // A per junction
struct JunctionFit {
    double saturation_current = 0.0;  // A, Is
    double emission = 1.0;            // n
    double resistance = 0.0;          // ohm, in series in forward bias
    double gmin = 0.0;                // S
    double max_error = 0.0;           // A, over the sweep
    double largest_current = 0.0;     // A, of the sweep
    double max_relative_error = 0.0;  // |error| / (|J| + 1e-15 A)
};
[[nodiscard]] JunctionFit fit_junctions(const TransistorCard& card, double largest_voltage, spice::Engine& engine);
// Copies the junctions into fit.model and their errors into fit.
void apply_junctions(const JunctionFit& junctions, TransistorFit& fit);

// sweep + fit (channel and junctions), with a one-line report on stderr.
[[nodiscard]] TransistorFit characterise_transistor(const TransistorCard& card, const TransistorSweepGrid& grid,
                                                    spice::Engine& engine);

}  // namespace memcosim::experiments
