#pragma once
// The two streaming passes of the attenuation model over a row-major
// conductance map, written with explicit vectors and compiled three times:
// 8 wide for AVX-512, 4 wide for AVX2 with FMA, and 4 wide for the baseline
// x86-64 target; the best one the CPU has is chosen at run time, so the
// build needs no -march flag.
//
// Internal to lib/surrogate (attenuation_model.cpp).
#include <cstddef>

namespace memcosim::surrogate::detail {

// Which compiled variant runs: `automatic` picks the widest the CPU has; the
// others exist so tests can check every variant against a plain loop.
enum class PassTarget { automatic, avx512, avx2, generic };
[[nodiscard]] bool pass_target_supported(PassTarget target);
// While portable mode is on (a count, per thread), PassTarget::automatic
// means generic: see surrogate::PortableArithmetic (attenuation_model.hpp).
void enter_portable_mode();
void leave_portable_mode();
// The variant that runs for `target`: automatic becomes the widest the CPU
// has (generic in portable mode); one the CPU lacks throws EngineError.
[[nodiscard]] PassTarget resolve_pass_target(PassTarget target);

// row_sums[i] = sum_j G(i, j). A target the CPU lacks throws EngineError.
void row_sums(const double* conductance, std::size_t rows, std::size_t cols, double* row_sums,
              PassTarget target = PassTarget::automatic);

// Mean of every `stride`-th row (rows 0, stride, 2 stride, ...): a cheap
// estimate of the mean conductance, read from 1/stride of the map.
[[nodiscard]] double strided_row_mean(const double* conductance, std::size_t rows, std::size_t cols,
                                      std::size_t stride);

// The attenuation model's pass before 2026-11-23, kept for the exact
// row-mean-weighted sums (tests compare the model's approximation with it).
// For every column j:
//   out_a[j] = sum_i G(i, j) wa[i]
//   out_b[j] = sum_i G(i, j) wb[i] m_i,   m_i = sum_j G(i, j) / cols (row i's mean)
//   out_c[j] = sum_i G(i, j) wc[i]
//   column_sums[j] = sum_i G(i, j);  and row_means[i] = m_i.
// Four rows at a time: their sums first (which brings them into L1), then
// the accumulations, so G is read from memory once. Outputs are overwritten.
void row_scaled_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                            const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                            double* column_sums, double* row_means, PassTarget target = PassTarget::automatic);

// The attenuation model's pass since 2026-11-23 (see attenuation_model.hpp):
// every row read once. For every column j:
//   out_a[j] = sum_i G(i, j) wa[i],  out_b[j] = sum_i G(i, j) wb[i],
//   out_c[j] = sum_i G(i, j) wc[i],  column_sums[j] = sum_i G(i, j);
// and row_means[i] = sum_j G(i, j) / cols, summed beside the accumulations.
// Outputs are overwritten.
void single_touch_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                              const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                              double* column_sums, double* row_means, PassTarget target = PassTarget::automatic);

// Most weight vectors one pass takes.
inline constexpr std::size_t max_weight_vectors = 8;

// For every column j and k < count:
//   out[k * cols + j] = sum_i G(i, j) weights[k * rows + i],
// and column_sums[j] = sum_i G(i, j). Outputs are overwritten.
// count must be between 1 and max_weight_vectors. AVX2 where the CPU has
// it, the baseline code in portable mode.
void weighted_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* weights,
                          std::size_t count, double* out, double* column_sums);

}  // namespace memcosim::surrogate::detail
