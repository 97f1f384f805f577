#include "surrogate/stdp_fit.hpp"

#include "core/error.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace memcosim::surrogate {
namespace {

constexpr std::size_t dimensions = 4;  // log tau, log rise, logit cutoff, log power
using Point = std::array<double, dimensions>;

struct SideData {
    std::vector<double> u, g, y;  // |dt|, normalized G, change in the side's own direction (>= 0 expected)
};

double logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }

StdpWindowSide side_from(const Point& p) {
    StdpWindowSide side;
    side.tau = std::exp(p[0]);
    side.rise = std::exp(p[1]);
    side.cutoff = 0.98 * logistic(p[2]);  // keep 1 - cutoff away from 0
    side.power = std::exp(p[3]);
    return side;
}

// Fills side.bound by least squares for the shape in `side`; returns the
// sum of squared residuals.
double project(const SideData& data, int degree, StdpWindowSide& side) {
    const auto n = static_cast<Eigen::Index>(data.u.size());
    Eigen::MatrixXd a(n, degree + 1);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double h = side.shape(data.u[static_cast<std::size_t>(i)]);
        double power_of_g = 1.0;
        for (int k = 0; k <= degree; ++k) {
            a(i, k) = h * power_of_g;
            power_of_g *= data.g[static_cast<std::size_t>(i)];
        }
        y(i) = data.y[static_cast<std::size_t>(i)];
    }
    const Eigen::VectorXd b = a.colPivHouseholderQr().solve(y);
    side.bound.assign(b.data(), b.data() + b.size());
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double model = side.shape(data.u[static_cast<std::size_t>(i)]) *
                             side.scale(data.g[static_cast<std::size_t>(i)]);
        sum += (model - y(i)) * (model - y(i));
    }
    return sum;
}

// Plain Nelder-Mead (reflection, expansion, contraction, shrink).
Point nelder_mead(const std::function<double(const Point&)>& f, Point start, double step, int iterations) {
    std::array<Point, dimensions + 1> simplex;
    std::array<double, dimensions + 1> value{};
    for (std::size_t k = 0; k <= dimensions; ++k) {
        simplex[k] = start;
        if (k > 0) simplex[k][k - 1] += step;
        value[k] = f(simplex[k]);
    }
    for (int iteration = 0; iteration < iterations; ++iteration) {
        std::array<std::size_t, dimensions + 1> order{};
        for (std::size_t k = 0; k <= dimensions; ++k) order[k] = k;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
        const std::size_t best = order.front(), worst = order.back(), second = order[dimensions - 1];
        if (std::abs(value[worst] - value[best]) <= 1e-14 * (std::abs(value[best]) + 1e-300)) break;
        Point centre{};
        for (std::size_t k = 0; k <= dimensions; ++k)
            if (k != worst)
                for (std::size_t d = 0; d < dimensions; ++d) centre[d] += simplex[k][d] / dimensions;
        auto along = [&](double t) {
            Point p;
            for (std::size_t d = 0; d < dimensions; ++d) p[d] = centre[d] + t * (simplex[worst][d] - centre[d]);
            return p;
        };
        const Point reflected = along(-1.0);
        const double f_reflected = f(reflected);
        if (f_reflected < value[best]) {
            const Point expanded = along(-2.0);
            const double f_expanded = f(expanded);
            if (f_expanded < f_reflected) {
                simplex[worst] = expanded;
                value[worst] = f_expanded;
            } else {
                simplex[worst] = reflected;
                value[worst] = f_reflected;
            }
        } else if (f_reflected < value[second]) {
            simplex[worst] = reflected;
            value[worst] = f_reflected;
        } else {
            const Point contracted = f_reflected < value[worst] ? along(-0.5) : along(0.5);
            const double f_contracted = f(contracted);
            if (f_contracted < std::min(f_reflected, value[worst])) {
                simplex[worst] = contracted;
                value[worst] = f_contracted;
            } else {
                for (std::size_t k = 0; k <= dimensions; ++k) {
                    if (k == best) continue;
                    for (std::size_t d = 0; d < dimensions; ++d)
                        simplex[k][d] = simplex[best][d] + 0.5 * (simplex[k][d] - simplex[best][d]);
                    value[k] = f(simplex[k]);
                }
            }
        }
    }
    const auto best = static_cast<std::size_t>(std::min_element(value.begin(), value.end()) - value.begin());
    return simplex[best];
}

StdpWindowSide fit_side(const SideData& data, double tau, double rise, const StdpFitOptions& options,
                        const char* name) {
    const auto nonzero = std::count_if(data.y.begin(), data.y.end(), [](double y) { return y != 0.0; });
    if (nonzero < options.bound_degree + 3)
        throw InputError(fmt::format("stdp fit: only {} {} samples change the conductance; need at least {} (widen "
                                     "the timing range or add points)",
                                     nonzero, name, options.bound_degree + 3));
    const auto objective = [&](const Point& p) {
        StdpWindowSide side = side_from(p);
        return project(data, options.bound_degree, side);
    };
    Point best{};
    double best_value = INFINITY;
    for (double cutoff : {0.15, 0.4, 0.7})
        for (double power : {1.0, 2.0, 3.0}) {
            const double z = std::log(cutoff / 0.98 / (1.0 - cutoff / 0.98));
            Point start{std::log(tau), std::log(rise), z, std::log(power)};
            start = nelder_mead(objective, start, 0.3, options.iterations);
            start = nelder_mead(objective, start, 0.05, options.iterations);  // restart: Nelder-Mead can stall
            const double value = objective(start);
            if (value < best_value) {
                best_value = value;
                best = start;
            }
        }
    StdpWindowSide side = side_from(best);
    project(data, options.bound_degree, side);
    return side;
}

}  // namespace

StdpWindow fit_stdp_window(const std::vector<StdpSample>& samples, double g_min, double g_max,
                           const StdpFitGuess& guess, const StdpFitOptions& options) {
    if (!(g_max != g_min)) throw InputError("stdp fit: the conductance range is empty");
    StdpWindow window;
    window.g_min = g_min;
    window.g_max = g_max;
    SideData plus, minus;
    for (const auto& s : samples) {
        if (s.dt == 0.0) continue;
        SideData& side = s.dt > 0.0 ? plus : minus;
        side.u.push_back(std::abs(s.dt));
        side.g.push_back(window.normalized(s.g));
        side.y.push_back(s.dt > 0.0 ? s.delta_g : -s.delta_g);
    }
    window.potentiation = fit_side(plus, guess.tau_plus, guess.rise_plus, options, "potentiating (dt > 0)");
    window.depression = fit_side(minus, guess.tau_minus, guess.rise_minus, options, "depressing (dt < 0)");
    return window;
}

}  // namespace memcosim::surrogate
