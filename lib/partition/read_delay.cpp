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
}

double elmore_read_delay(Eigen::Index rows, Eigen::Index physical_cols, const WireResistance& wires,
                         const DelayModel& model) {
    constexpr double distributed = 0.38, lumped = 0.69;
    const double c_row = static_cast<double>(physical_cols) * model.wire_capacitance;
    const double r_row = static_cast<double>(physical_cols) * wires.row;
    const double c_col = static_cast<double>(rows) * model.wire_capacitance;
    const double r_col = static_cast<double>(rows) * wires.column;
    return lumped * model.driver_resistance * c_row + distributed * r_row * c_row + distributed * r_col * c_col;
}

}  // namespace memcosim::partition
