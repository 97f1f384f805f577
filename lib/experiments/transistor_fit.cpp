#include "experiments/transistor_fit.hpp"

#include "core/error.hpp"
#include "netlist/spice_writer.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <unsupported/Eigen/NonLinearOptimization>

namespace memcosim::experiments {
namespace {

// Fitted vector: vt0, body, m, ln(beta), lambda, theta, ln(a) (beta and a
// on a log scale: beta's magnitude is unknown a priori, a must stay > 0),
// and for the square-root body effect an eighth entry for phi, kept within
// phi_low..phi_low + phi_span (surface potentials of real processes; outside
// it the read grids, whose sources span 0.1 V, cannot pin phi and it drifts
// to where the threshold turns infinitely steep).
constexpr double phi_low = 0.3, phi_span = 1.0;

solver::CompactTransistor from_vector(const Eigen::VectorXd& x) {
    // a floored: a hard-cornered card (level 1) drives it toward 0, and below
    // ~1e-300 the smooth max would overflow; 1e-4 is already a 5 uV corner.
    auto t = solver::CompactTransistor::from_parameters(
        {x(0), x(1), x(2), std::exp(x(3)), x(4), x(5), std::max(std::exp(x(6)), 1e-4)});
    if (x.size() > 7) t.surface_potential = phi_low + phi_span / (1.0 + std::exp(-x(7)));
    return t;
}

double current_floor(const TransistorSweep& sweep) {
    double largest = 0.0;
    for (double i : sweep.current) largest = std::max(largest, std::abs(i));
    return std::max(1e-3 * largest, 1e-15);
}

struct ResidualFunctor {
    const TransistorSweep& sweep;
    double floor;

    [[nodiscard]] int values() const { return static_cast<int>(sweep.current.size()); }
    int parameters = 7;  // 8: with the square-root body effect

    [[nodiscard]] int inputs() const { return parameters; }

    int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& residual) const {
        const auto model = from_vector(x);
        for (std::size_t k = 0; k < sweep.current.size(); ++k) {
            const double fitted = solver::evaluate(model, sweep.gate[k], sweep.drain[k], sweep.source[k]).current;
            residual(static_cast<Eigen::Index>(k)) = (fitted - sweep.current[k]) / (std::abs(sweep.current[k]) + floor);
        }
        return 0;
    }
    // Central differences: five parameters, a few hundred points, cheap.
    int df(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian) const {
        Eigen::VectorXd plus(values()), minus(values());
        for (int p = 0; p < inputs(); ++p) {
            const double h = 1e-7 * std::max(1.0, std::abs(x(p)));
            Eigen::VectorXd xp = x, xm = x;
            xp(p) += h;
            xm(p) -= h;
            (*this)(xp, plus);
            (*this)(xm, minus);
            jacobian.col(p) = (plus - minus) / (2.0 * h);
        }
        return 0;
    }
};

}  // namespace

std::string TransistorFit::summary() const {
    std::string text = fmt::format("{}; fit over {} points: RMS relative error {:.3e}, max {:.3e} (floor {:.3g} A)",
                                   model.describe(), points, rms_relative_error, max_relative_error, current_floor);
    if (junction_largest_current > 0.0) {
        text += fmt::format("; junctions: max error {:.3g} A of {:.3g} A, relative {:.3g} (floor 1e-15 A)",
                            junction_max_error, junction_largest_current, junction_max_relative_error);
    }
    return text;
}

netlist::Circuit transistor_sweep_circuit(const TransistorCard& card, double source_voltage) {
    netlist::Circuit circuit;
    circuit.title = fmt::format("memcosim transistor sweep {} (source {} V)", card.label, source_voltage);
    circuit.add(netlist::VoltageSource{"vd", "d", netlist::ground, netlist::Dc{source_voltage}});
    circuit.add(netlist::VoltageSource{"vg", "g", netlist::ground, netlist::Dc{0.0}});
    circuit.add(netlist::VoltageSource{"vs", "s", netlist::ground, netlist::Dc{source_voltage}});
    circuit.add(netlist::Mosfet{"m1", "d", "g", "s", netlist::ground, card.model.name,
                                {{"w", card.width}, {"l", card.length}}});
    circuit.models.push_back(card.model);
    circuit.analyses.emplace_back(netlist::DcSweep{"vd", 0.0, 1.0, 0.1});  // replaced by the nested sweep
    return circuit;
}

TransistorSweep sweep_transistor(const TransistorCard& card, const TransistorSweepGrid& grid, spice::Engine& engine) {
    if (grid.gate_points < 2 || grid.drain_points < 2) throw InputError("transistor sweep: need >= 2 points per axis");
    TransistorSweep sweep;
    std::vector<std::pair<double, double>> windows;  // (source voltage, drain range)
    for (const double vs : grid.source_voltages) {
        windows.emplace_back(vs, grid.drain_max);
        if (grid.fine_drain_fraction > 0.0) windows.emplace_back(vs, grid.fine_drain_fraction * grid.drain_max);
    }
    for (const auto& [vs, drain_max] : windows) {
        auto lines = netlist::write_spice_lines(transistor_sweep_circuit(card, vs));
        const double drain_step = drain_max / (grid.drain_points - 1);
        const double gate_step = (grid.gate_max - grid.gate_min) / (grid.gate_points - 1);
        if (!(gate_step > 0.0) || !(drain_step > 0.0)) throw InputError("transistor sweep: empty gate or drain range");
        for (auto& line : lines) {
            if (line.rfind(".dc", 0) != 0) continue;
            line = fmt::format(".dc vd {} {} {} vg {} {} {}", vs, vs + drain_max + 0.5 * drain_step, drain_step,
                               grid.gate_min, grid.gate_max + 0.5 * gate_step, gate_step);
        }
        const auto result = engine.run(lines);
        const auto& d = result.vector("v(d)").real;
        const auto& g = result.vector("v(g)").real;
        const auto& i = result.vector("i(vd)").real;
        if (d.size() != i.size() || g.size() != i.size() || i.empty()) {
            throw EngineError(fmt::format("transistor sweep of {}: ngspice returned vectors of unequal length", card.label));
        }
        for (std::size_t k = 0; k < i.size(); ++k) {
            sweep.drain.push_back(d[k]);
            sweep.gate.push_back(g[k]);
            sweep.source.push_back(vs);
            sweep.current.push_back(-i[k]);  // branch current flows into vd's + node: minus the drain current
        }
    }
    return sweep;
}

TransistorFit fit_errors(const solver::CompactTransistor& model, const TransistorSweep& sweep) {
    TransistorFit fit;
    fit.model = model;
    fit.current_floor = current_floor(sweep);
    fit.points = sweep.current.size();
    double squares = 0.0;
    for (std::size_t k = 0; k < sweep.current.size(); ++k) {
        const double fitted = solver::evaluate(model, sweep.gate[k], sweep.drain[k], sweep.source[k]).current;
        const double error = std::abs(fitted - sweep.current[k]) / (std::abs(sweep.current[k]) + fit.current_floor);
        squares += error * error;
        fit.max_relative_error = std::max(fit.max_relative_error, error);
    }
    fit.rms_relative_error = std::sqrt(squares / std::max<double>(1.0, double(fit.points)));
    return fit;
}

TransistorFit fit_transistor(const TransistorSweep& sweep, double threshold_guess) {
    if (sweep.current.size() < 10) throw InputError("transistor fit: too few sweep points");
    // First guess: beta from the largest current as if saturated, I = beta (vg - vt)^2 / 2.
    std::size_t top = 0;
    for (std::size_t k = 0; k < sweep.current.size(); ++k) {
        if (sweep.current[k] > sweep.current[top]) top = k;
    }
    const double overdrive = std::max(sweep.gate[top] - sweep.source[top] - threshold_guess, 0.1);
    Eigen::VectorXd x(7);
    x << threshold_guess, 0.2, 1.1, std::log(std::max(2.0 * sweep.current[top] / (overdrive * overdrive), 1e-12)),
        0.05, 0.1, std::log(1.5);
    const double floor = current_floor(sweep);
    const auto minimise = [&](Eigen::VectorXd& start, int parameters) {
        ResidualFunctor functor{sweep, floor, parameters};
        Eigen::LevenbergMarquardt<ResidualFunctor> lm(functor);
        lm.parameters.maxfev = 4000;
        lm.parameters.xtol = 1e-12;
        lm.parameters.ftol = 1e-12;
        return static_cast<int>(lm.minimize(start));
    };
    // First the linear body effect, then the square-root one started from
    // it (phi at 0.7 V, the body slope at vs = 0 kept); the better of the
    // two on the sweep is the model, so the eighth parameter never costs
    // accuracy where the linear law already fitted.
    const int linear_status = minimise(x, 7);
    TransistorFit fit = fit_errors(from_vector(x), sweep);
    fit.lm_status = linear_status;
    Eigen::VectorXd y(8);
    y << x, std::log((0.7 - phi_low) / (phi_low + phi_span - 0.7));
    const int root_status = minimise(y, 8);
    if (y.allFinite()) {
        TransistorFit root = fit_errors(from_vector(y), sweep);
        if (root.rms_relative_error < fit.rms_relative_error && root.model.m > 0.0) {
            fit = root;
            fit.lm_status = root_status;
            x = y;
        }
    }
    if (!x.allFinite() || !(fit.model.m > 0.0)) {
        throw EngineError(fmt::format("transistor fit diverged (Levenberg-Marquardt status {})", fit.lm_status));
    }
    return fit;
}

TransistorSweepGrid grid_for_read(double gate_voltage, double largest_input) {
    TransistorSweepGrid grid;
    grid.gate_max = std::max(gate_voltage, 0.1);
    grid.gate_min = std::max(0.0, grid.gate_max - 0.2);
    grid.gate_points = 5;
    grid.drain_max = std::max(largest_input, 0.05);
    return grid;
}

namespace {

// Weighted least squares for (Is, gmin) of J(u) = Is (1 - exp(-u / (n Ut)))
// + gmin u at a given n, every point weighted by 1 / (|J| + floor): the
// residual is relative, so picoamperes in reverse and milliamperes in
// forward bias count alike. Returns the weighted RMS residual.
double junction_least_squares(const std::vector<double>& v, const std::vector<double>& measured, double emission,
                              double floor, Eigen::Vector2d& p) {
    const double scale = emission * solver::CompactTransistor{}.thermal_voltage;
    const auto rows = static_cast<Eigen::Index>(v.size());
    Eigen::MatrixXd basis(rows, 2);
    Eigen::VectorXd target(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const double weight = 1.0 / (std::abs(measured[std::size_t(r)]) + floor);
        basis(r, 0) = weight * (1.0 - std::exp(-v[std::size_t(r)] / scale));
        basis(r, 1) = weight * v[std::size_t(r)];
        target(r) = weight * measured[std::size_t(r)];
    }
    p = basis.colPivHouseholderQr().solve(target);
    if (p(0) < 0.0) p = {0.0, std::max(0.0, basis.col(1).dot(target) / basis.col(1).squaredNorm())};
    if (p(1) < 0.0) p = {std::max(0.0, basis.col(0).dot(target) / basis.col(0).squaredNorm()), 0.0};
    return std::sqrt((basis * p - target).squaredNorm() / double(std::max<Eigen::Index>(rows, 1)));
}

// The minimum of a unimodal f on [low, high] by golden-section search.
template <class F>
double golden_minimum(const F& f, double low, double high, double tolerance) {
    const double golden = 0.5 * (std::sqrt(5.0) - 1.0);
    double a = high - golden * (high - low), b = low + golden * (high - low);
    double fa = f(a), fb = f(b);
    for (int iteration = 0; iteration < 200 && high - low > tolerance; ++iteration) {
        if (fa < fb) {
            high = b;
            b = a;
            fb = fa;
            a = high - golden * (high - low);
            fa = f(a);
        } else {
            low = a;
            a = b;
            fa = fb;
            b = low + golden * (high - low);
            fb = f(b);
        }
    }
    return 0.5 * (low + high);
}

}  // namespace

JunctionFit fit_junctions(const TransistorCard& card, double largest_voltage, spice::Engine& engine) {
    if (!(largest_voltage > 0.0)) throw InputError("junction sweep: the largest voltage must be > 0");
    // Drain and source on one node d, gate and bulk at 0 V: no channel
    // current flows, vd feeds the two junctions alone. The sweep reaches
    // junction_forward_sweep below the bulk: a RESET write drives lines
    // under ground, where the junctions conduct exponentially (Is and n are
    // set there; the reverse side alone, picoamperes of Is next to gmin u,
    // left Is 24 % off on the level 1 card).
    netlist::Circuit circuit;
    circuit.title = fmt::format("memcosim junction sweep {}", card.label);
    circuit.add(netlist::VoltageSource{"vd", "d", netlist::ground, netlist::Dc{0.0}});
    circuit.add(netlist::Mosfet{"m1", "d", netlist::ground, "d", netlist::ground, card.model.name,
                                {{"w", card.width}, {"l", card.length}}});
    circuit.models.push_back(card.model);
    const double step = 0.02;
    circuit.analyses.emplace_back(
        netlist::DcSweep{"vd", -junction_forward_sweep, largest_voltage + 0.5 * step, step});
    const auto result = engine.run(netlist::write_spice_lines(circuit));
    const auto& v = result.vector("v(d)").real;
    const auto& i = result.vector("i(vd)").real;
    if (v.size() != i.size() || v.size() < 3) {
        throw EngineError(fmt::format("junction sweep of {}: ngspice returned vectors of unequal length", card.label));
    }
    std::vector<double> measured(i.size());
    for (std::size_t k = 0; k < i.size(); ++k) measured[k] = -0.5 * i[k];  // two junctions; the source's current flows into d
    // Is, gmin and n on the points below junction_diode_current, where the
    // diode law holds (n by golden-section search on the weighted residual,
    // Is and gmin linear for each n); then the series resistance on every
    // point (a BSIM4 card's forward current bends over from about 0.1 mA).
    std::vector<double> v_diode, i_diode;
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (std::abs(measured[k]) > junction_diode_current) continue;
        v_diode.push_back(v[k]);
        i_diode.push_back(measured[k]);
    }
    const double floor = 1e-16;
    Eigen::Vector2d p;
    const auto residual = [&](double n) { return junction_least_squares(v_diode, i_diode, n, floor, p); };
    const double emission = golden_minimum(residual, 0.8, 3.0, 1e-7);
    (void)residual(emission);
    solver::CompactTransistor model;
    model.junction_saturation = p(0);
    model.junction_gmin = p(1);
    model.junction_emission = emission;
    const auto residual_at = [&](double r) {
        model.junction_resistance = r;
        double squares = 0.0;
        for (std::size_t k = 0; k < v.size(); ++k) {
            const double e = (solver::junction_current(model, v[k]).current - measured[k]) / (std::abs(measured[k]) + floor);
            squares += e * e;
        }
        return squares;
    };
    const double r = std::exp(golden_minimum([&](double log_r) { return residual_at(std::exp(log_r)); },
                                             std::log(1e-3), std::log(1e6), 1e-6));
    const double with_r = residual_at(r);
    model.junction_resistance = with_r < residual_at(0.0) ? r : 0.0;
    JunctionFit fit;
    fit.saturation_current = model.junction_saturation;
    fit.gmin = model.junction_gmin;
    fit.emission = model.junction_emission;
    fit.resistance = model.junction_resistance;
    for (std::size_t k = 0; k < v.size(); ++k) {
        const double error = std::abs(solver::junction_current(model, v[k]).current - measured[k]);
        fit.max_error = std::max(fit.max_error, error);
        fit.largest_current = std::max(fit.largest_current, std::abs(measured[k]));
        fit.max_relative_error = std::max(fit.max_relative_error, error / (std::abs(measured[k]) + 1e-15));
    }
    return fit;
}

void apply_junctions(const JunctionFit& junctions, TransistorFit& fit) {
    fit.model.junction_saturation = junctions.saturation_current;
    fit.model.junction_gmin = junctions.gmin;
    fit.model.junction_emission = junctions.emission;
    fit.model.junction_resistance = junctions.resistance;
    fit.junction_max_relative_error = junctions.max_relative_error;
    fit.junction_max_error = junctions.max_error;
    fit.junction_largest_current = junctions.largest_current;
}

TransistorFit characterise_transistor(const TransistorCard& card, const TransistorSweepGrid& grid,
                                      spice::Engine& engine) {
    const auto sweep = sweep_transistor(card, grid, engine);
    auto fit = fit_transistor(sweep, card.threshold_guess());
    const double largest = grid.drain_max + *std::max_element(grid.source_voltages.begin(), grid.source_voltages.end());
    apply_junctions(fit_junctions(card, largest, engine), fit);
    fmt::print(stderr, "transistor {}: {}\n", card.label, fit.summary());
    return fit;
}

}  // namespace memcosim::experiments
