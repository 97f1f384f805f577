#include "partition/ir_drop_limit.hpp"

#include "core/error.hpp"
#include "partition/device_variation.hpp"

#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

double IrDropLimitOptions::lsb() const { return std::ldexp(1.0, -output_bits); }

void IrDropLimitOptions::validate() const {
    wires.validate();
    if (wires.ideal()) throw InputError("the IR-drop limit needs wires: give --r-wire > 0");
    if (!(g_off > 0.0) || !(g_on > g_off)) throw InputError("need 0 < --g-off < --g-on");
    if (output_bits < 1 || output_bits > 24) throw InputError(fmt::format("--bits must be 1..24, got {}", output_bits));
    if (!(read_voltage > 0.0)) throw InputError("--v-read must be > 0 V");
}

namespace {

// Largest column shortfall over the full scale n g_on V.
double worst_shortfall(const RowMajorMatrix& g, const IrDropLimitOptions& options, TileEngine& engine) {
    const Eigen::VectorXd v = Eigen::VectorXd::Constant(g.rows(), options.read_voltage);
    const Eigen::VectorXd ideal = g.transpose() * v;
    const Eigen::VectorXd actual = engine.column_currents(g, v, options.wires).col(0);
    const double full_scale = static_cast<double>(g.rows()) * options.g_on * options.read_voltage;
    return (ideal - actual).cwiseAbs().maxCoeff() / full_scale;
}

double single_cell_error(Eigen::Index n, const IrDropLimitOptions& options) {
    const double wire = static_cast<double>(n) * (options.wires.row + options.wires.column);
    return wire / (1.0 / options.g_on + wire);
}

}  // namespace

IrDropPoint ir_drop_point(Eigen::Index size, const IrDropLimitOptions& options, TileEngine& engine) {
    options.validate();
    IrDropPoint point;
    point.size = size;
    point.all_on_error = worst_shortfall(RowMajorMatrix::Constant(size, size, options.g_on), options, engine);
    RowMajorMatrix random(size, size);
    DeviceRandom draw(stream_seed(options.seed, static_cast<std::uint64_t>(size), 0));
    for (Eigen::Index k = 0; k < random.size(); ++k) {
        random.data()[k] = options.g_off + (options.g_on - options.g_off) * draw.uniform();
    }
    point.random_error = worst_shortfall(random, options, engine);
    point.single_cell_error = single_cell_error(size, options);
    return point;
}

double wire_segment_resistance(double resistivity, double width, double aspect_ratio, double pitch) {
    return resistivity * pitch / (width * width * aspect_ratio);
}

Eigen::Index largest_size_within_lsb(const IrDropLimitOptions& options, TileEngine& engine, Eigen::Index start,
                                     Eigen::Index ceiling) {
    options.validate();
    auto passes = [&](Eigen::Index n) {
        return worst_shortfall(RowMajorMatrix::Constant(n, n, options.g_on), options, engine) < options.lsb();
    };
    if (!passes(start)) return 0;
    Eigen::Index good = start, bad = 0;
    while (bad == 0) {
        if (good >= ceiling) return ceiling;
        const Eigen::Index next = std::min(2 * good, ceiling);
        (passes(next) ? good : bad) = next;
    }
    while (bad - good > 1) {
        const Eigen::Index middle = good + (bad - good) / 2;
        (passes(middle) ? good : bad) = middle;
    }
    return good;
}

Eigen::Index largest_single_cell_size(const IrDropLimitOptions& options) {
    options.validate();
    // e < lsb  <=>  n (r_row + r_col) g_on < lsb / (1 - lsb).
    const double bound = options.lsb() / (1.0 - options.lsb()) / (options.g_on * (options.wires.row + options.wires.column));
    auto n = static_cast<Eigen::Index>(std::floor(bound));
    while (n > 0 && !(single_cell_error(n, options) < options.lsb())) --n;
    return n;
}

}  // namespace memcosim::partition
