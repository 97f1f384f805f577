#include "partition/read_delay.hpp"

#include "core/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

void DelayModel::validate() const {
    if (!(wire_capacitance >= 0.0) || !std::isfinite(wire_capacitance)) {
        throw InputError(fmt::format("--c-wire must be >= 0 F, got {}", wire_capacitance));
    }
    if (!(driver_resistance >= 0.0) || !std::isfinite(driver_resistance)) {
        throw InputError(fmt::format("--r-driver must be >= 0 ohm, got {}", driver_resistance));
    }
    if (calibrated) {
        // The surrogate was fitted with ideal drivers and charged wires: a
        // driver resistance or a wire without capacitance is a circuit it
        // never saw, so refuse rather than answer with a silent Elmore mix.
        if (driver_resistance != 0.0) {
            throw InputError(fmt::format(
                "--r-driver {} ohm: the calibrated delay surrogate ({}) has ideal row drivers; leave --r-driver 0 "
                "with --delay-cal, or drop --delay-cal for the Elmore estimate",
                driver_resistance, calibrated->source));
        }
        if (!(wire_capacitance > 0.0)) {
            throw InputError(fmt::format("--c-wire must be > 0 F with --delay-cal {}", calibrated->source));
        }
    }
}

std::string DelayModel::latency_kind() const { return calibrated ? "surrogate 1% settling" : "elmore 50%"; }

double elmore_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                         const DelayModel& model) {
    constexpr double distributed = 0.38, lumped = 0.69;
    const double c_row = static_cast<double>(physical_cols) * model.wire_capacitance;
    const double r_row = static_cast<double>(physical_cols) * wires.row;
    const double c_col = static_cast<double>(rows) * model.wire_capacitance;
    const double r_col = static_cast<double>(rows) * wires.column;
    return lumped * model.driver_resistance * c_row + distributed * r_row * c_row + distributed * r_col * c_col;
}

double calibrated_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                             double mean_conductance, const DelayModel& model) {
    if (!model.calibrated) throw InputError("calibrated read delay: no delay calibration given (--delay-cal)");
    if (wires.ideal()) {
        throw InputError(fmt::format(
            "--delay-cal {}: the delay surrogate needs wire resistance > 0 (ideal wires have no RC delay in it)",
            model.calibrated->source));
    }
    surrogate::DelayCase c;
    c.rows = static_cast<long>(rows);
    c.cols = static_cast<long>(physical_cols);
    c.r_row = wires.row;
    c.r_col = wires.column;
    c.c_wire = model.wire_capacitance;
    c.g_mean = mean_conductance;
    if (model.calibrated->check_range) model.calibrated->check_range(c);
    return surrogate::predict_delay(c, model.calibrated->parameters);
}

}  // namespace memcosim::partition
