#include "calibrate/irdrop_cases.hpp"

namespace memcosim::calibrate {

double uniform_draw(std::mt19937_64& generator, double lo, double hi) {
    const double unit = static_cast<double>(generator() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * unit;
}

CrossbarArray make_array(const IrDropCase& c) {
    std::mt19937_64 generator(c.seed);
    CrossbarArray array;
    array.conductance.resize(c.rows, c.cols);
    for (Eigen::Index k = 0; k < array.conductance.size(); ++k) {
        array.conductance.data()[k] = uniform_draw(generator, c.g_lo, c.g_hi);
    }
    array.inputs.resize(c.rows);
    for (Eigen::Index i = 0; i < c.rows; ++i) array.inputs(i) = uniform_draw(generator, c.v_lo, c.v_hi);
    array.row_wire_resistance = c.r_row;
    array.column_wire_resistance = c.r_col;
    return array;
}

nlohmann::json to_json(const IrDropCase& c) {
    return {{"seed", c.seed}, {"rows", c.rows}, {"cols", c.cols}, {"r_row", c.r_row}, {"r_col", c.r_col},
            {"g_lo", c.g_lo}, {"g_hi", c.g_hi}, {"v_lo", c.v_lo},   {"v_hi", c.v_hi}};
}

IrDropCase irdrop_case_from_json(const nlohmann::json& j) {
    IrDropCase c;
    c.seed = j.at("seed").get<std::uint64_t>();
    c.rows = j.at("rows").get<Eigen::Index>();
    c.cols = j.at("cols").get<Eigen::Index>();
    c.r_row = j.at("r_row").get<double>();
    c.r_col = j.at("r_col").get<double>();
    c.g_lo = j.at("g_lo").get<double>();
    c.g_hi = j.at("g_hi").get<double>();
    c.v_lo = j.at("v_lo").get<double>();
    c.v_hi = j.at("v_hi").get<double>();
    return c;
}

}  // namespace memcosim::calibrate
