#pragma once
// The IR-drop limit of array size: the largest square N x N array whose
// worst-case output error stays under one LSB of a B-bit output
// (LSB = 2^-B of full scale).
//
// Worst case for a matrix-vector read: every cell at g_on (the largest
// currents, hence the largest drops) and every row driven at the read
// voltage; the output farthest from the drivers (column N-1) falls shortest.
// Full scale is N g_on V, the ideal current of that column.
//
// Beside it, two references:
//  - random: cells uniform in [g_off, g_on], every row driven; the largest
//    column shortfall over the same full scale (a typical, not worst, load);
//  - single cell: one selected cell, all others isolated (an ideal selector,
//    the memory-read view): the far cell sees N row and N column segments in
//    series, e = N (r_row + r_col) / (1 / g_on + N (r_row + r_col)), closed form.
#include "partition/tile_engine.hpp"

#include <cstdint>
#include <vector>

namespace memcosim::partition {

struct IrDropLimitOptions {
    double g_on = 1e-5;
    double g_off = 1e-7;
    WireResistance wires;
    double read_voltage = 0.2;
    int output_bits = 6;
    std::uint64_t seed = 1;

    [[nodiscard]] double lsb() const;  // 2^-output_bits
    void validate() const;             // throws InputError
};

struct IrDropPoint {
    Eigen::Index size = 0;
    double all_on_error = 0.0;       // worst case, relative to full scale
    double random_error = 0.0;       // random conductances, relative to full scale
    double single_cell_error = 0.0;  // closed form, isolated far cell
};

[[nodiscard]] IrDropPoint ir_drop_point(Eigen::Index size, const IrDropLimitOptions& options, TileEngine& engine);

// Resistance of one wire segment (one cell pitch) of a rectangular line:
// resistivity * pitch / (width * width * aspect_ratio), aspect_ratio =
// thickness / width. With size effects the resistivity is well above bulk
// copper's 1.7e-8 ohm m at these widths.
[[nodiscard]] double wire_segment_resistance(double resistivity, double width, double aspect_ratio, double pitch);

// Largest N with all_on_error < LSB, by doubling from `start` and then
// bisection (the error grows monotonically with N). Returns 0 if even
// `start` fails; stops at `ceiling`, returned if it still passes.
[[nodiscard]] Eigen::Index largest_size_within_lsb(const IrDropLimitOptions& options, TileEngine& engine,
                                                   Eigen::Index start, Eigen::Index ceiling);

// The same for the single-cell closed form.
[[nodiscard]] Eigen::Index largest_single_cell_size(const IrDropLimitOptions& options);

}  // namespace memcosim::partition
