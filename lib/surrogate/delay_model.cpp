#include "surrogate/delay_model.hpp"

#include "core/error.hpp"
#include "surrogate/modal_delay.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::surrogate {

const std::vector<std::string>& DelayParameters::names() {
    static const std::vector<std::string> names{"conductance_factor", "delay_factor"};
    return names;
}

namespace {

void check_case(const DelayCase& c) {
    if (c.rows < 1 || c.cols < 1 || !(c.r_row > 0.0) || !(c.r_col > 0.0) || !(c.c_wire > 0.0) || !(c.g_mean > 0.0)) {
        throw InputError(fmt::format("delay surrogate: need rows, cols >= 1 and r_row, r_col, c_wire, g > 0 "
                                     "(got {}x{}, {} / {} ohm, {} F, {} S)",
                                     c.rows, c.cols, c.r_row, c.r_col, c.c_wire, c.g_mean));
    }
}

}  // namespace

double predict_delay(const DelayCase& c, const DelayParameters& parameters) {
    if (parameters.values.size() != DelayParameters::count) {
        throw InputError(fmt::format("delay surrogate: {} parameters, expected {}", parameters.values.size(),
                                     DelayParameters::count));
    }
    const double conductance_factor = parameters.values[0], delay_factor = parameters.values[1];
    if (!(conductance_factor > 0.0) || !(delay_factor > 0.0)) {
        throw InputError(fmt::format("delay surrogate: parameters {}, {} must be > 0", conductance_factor, delay_factor));
    }
    check_case(c);
    const UniformReadTransient read{c.rows, c.cols, c.r_row, c.r_col, c.c_wire, conductance_factor * c.g_mean,
                                    c.inputs, c.rise};
    return delay_factor * modal_settling_delay(read).delay;
}

Eigen::Vector3d elmore_terms(const DelayCase& c) {
    check_case(c);
    const auto r = static_cast<double>(c.rows);
    const auto n = static_cast<double>(c.cols);
    return {c.r_row * c.c_wire * n * (n + 1.0) / 2.0, c.r_col * c.c_wire * r * (r + 1.0) / 2.0, c.c_wire / c.g_mean};
}

double predict_elmore_delay(const DelayCase& c, const Eigen::Vector3d& coefficients) {
    return coefficients.dot(elmore_terms(c));
}

double elmore_baseline_delay(const DelayCase& c) {
    const Eigen::Vector3d t = elmore_terms(c);
    return std::log(100.0) * (t(0) + t(1));
}

}  // namespace memcosim::surrogate
