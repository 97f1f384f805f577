#pragma once
// The two streaming passes of the attenuation model over a row-major
// conductance map, written with explicit 4-wide vectors and compiled twice:
// for AVX2 with FMA (chosen at run time when the CPU has them) and for the baseline
// x86-64 target, so the build needs no -march flag.
//
// Internal to lib/surrogate (attenuation_model.cpp).
#include <cstddef>

namespace memcosim::surrogate::detail {

// row_sums[i] = sum_j G(i, j).
void row_sums(const double* conductance, std::size_t rows, std::size_t cols, double* row_sums);

// Mean of every `stride`-th row (rows 0, stride, 2 stride, ...): a cheap
// estimate of the mean conductance, read from 1/stride of the map.
[[nodiscard]] double strided_row_mean(const double* conductance, std::size_t rows, std::size_t cols,
                                      std::size_t stride);

// The attenuation model's single pass. For every column j:
//   out_a[j] = sum_i G(i, j) wa[i]
//   out_b[j] = sum_i G(i, j) wb[i] m_i,   m_i = sum_j G(i, j) / cols (row i's mean)
//   out_c[j] = sum_i G(i, j) wc[i]
//   column_sums[j] = sum_i G(i, j);  and row_means[i] = m_i.
// Four rows at a time: their sums first (which brings them into L1), then
// the accumulations, so G is read from memory once. Outputs are overwritten.
void row_scaled_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                            const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                            double* column_sums, double* row_means);

// Most weight vectors one pass takes.
inline constexpr std::size_t max_weight_vectors = 8;

// For every column j and k < count:
//   out[k * cols + j] = sum_i G(i, j) weights[k * rows + i],
// and column_sums[j] = sum_i G(i, j). Outputs are overwritten.
// count must be between 1 and max_weight_vectors.
void weighted_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* weights,
                          std::size_t count, double* out, double* column_sums);

}  // namespace memcosim::surrogate::detail
