#include "surrogate/fused_column_pass.hpp"

#include "core/error.hpp"

#include <cstring>

namespace memcosim::surrogate::detail {

namespace {

// The 4-wide helpers are always inlined into one of the two compiled
// variants, so no vector value ever crosses a call: GCC's note that passing
// them by value would change the ABI without AVX does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double v4d __attribute__((vector_size(32)));

__attribute__((always_inline)) inline v4d load(const double* p) {
    v4d v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
__attribute__((always_inline)) inline void store(double* p, v4d v) { std::memcpy(p, &v, sizeof v); }
__attribute__((always_inline)) inline v4d splat(double x) { return v4d{x, x, x, x}; }

__attribute__((always_inline)) inline void row_sums_body(const double* g, std::size_t rows, std::size_t cols,
                                                         double* sums) {
    const std::size_t vector_end = cols - cols % 8;
    for (std::size_t i = 0; i < rows; ++i) {
        const double* row = g + i * cols;
        v4d a = splat(0.0), b = splat(0.0);  // two chains hide the add latency
        for (std::size_t j = 0; j < vector_end; j += 8) {
            a += load(row + j);
            b += load(row + j + 4);
        }
        const v4d s = a + b;
        double total = (s[0] + s[1]) + (s[2] + s[3]);
        for (std::size_t j = vector_end; j < cols; ++j) total += row[j];
        sums[i] = total;
    }
}

// Four rows at a time: each accumulator load and store then serves four
// rows of multiply-adds, which keeps the loop on arithmetic, not on L1.
template <std::size_t N>
__attribute__((always_inline)) inline void weighted_body(const double* g, std::size_t rows, std::size_t cols,
                                                         const double* w, double* out, double* sums) {
    std::memset(out, 0, N * cols * sizeof(double));
    std::memset(sums, 0, cols * sizeof(double));
    const std::size_t vector_end = cols - cols % 4;
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        const double* r0 = g + i * cols;
        const double* r1 = r0 + cols;
        const double* r2 = r1 + cols;
        const double* r3 = r2 + cols;
        for (std::size_t j = 0; j < vector_end; j += 4) {
            const v4d g0 = load(r0 + j), g1 = load(r1 + j), g2 = load(r2 + j), g3 = load(r3 + j);
            for (std::size_t k = 0; k < N; ++k) {
                const double* wk = w + k * rows + i;
                double* o = out + k * cols + j;
                store(o, load(o) + g0 * splat(wk[0]) + g1 * splat(wk[1]) + g2 * splat(wk[2]) + g3 * splat(wk[3]));
            }
            store(sums + j, load(sums + j) + ((g0 + g1) + (g2 + g3)));
        }
        for (std::size_t j = vector_end; j < cols; ++j) {
            for (std::size_t k = 0; k < N; ++k) {
                const double* wk = w + k * rows + i;
                out[k * cols + j] += r0[j] * wk[0] + r1[j] * wk[1] + r2[j] * wk[2] + r3[j] * wk[3];
            }
            sums[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]);
        }
    }
    for (; i < rows; ++i) {
        const double* r = g + i * cols;
        for (std::size_t j = 0; j < cols; ++j) {
            for (std::size_t k = 0; k < N; ++k) out[k * cols + j] += r[j] * w[k * rows + i];
            sums[j] += r[j];
        }
    }
}

__attribute__((always_inline)) inline double row_sum(const double* row, std::size_t cols) {
    const std::size_t vector_end = cols - cols % 8;
    v4d a = splat(0.0), b = splat(0.0);
    for (std::size_t j = 0; j < vector_end; j += 8) {
        a += load(row + j);
        b += load(row + j + 4);
    }
    const v4d s = a + b;
    double total = (s[0] + s[1]) + (s[2] + s[3]);
    for (std::size_t j = vector_end; j < cols; ++j) total += row[j];
    return total;
}

__attribute__((always_inline)) inline void row_scaled_body(const double* g, std::size_t rows, std::size_t cols,
                                                           const double* wa, const double* wb, const double* wc,
                                                           double* oa, double* ob, double* oc, double* sums,
                                                           double* means) {
    std::memset(oa, 0, cols * sizeof(double));
    std::memset(ob, 0, cols * sizeof(double));
    std::memset(oc, 0, cols * sizeof(double));
    std::memset(sums, 0, cols * sizeof(double));
    const double inverse_cols = 1.0 / static_cast<double>(cols);
    const std::size_t vector_end = cols - cols % 4;
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        const double* r[4] = {g + i * cols, g + (i + 1) * cols, g + (i + 2) * cols, g + (i + 3) * cols};
        double a[4], b[4], c[4];
        for (int k = 0; k < 4; ++k) {
            means[i + k] = row_sum(r[k], cols) * inverse_cols;
            a[k] = wa[i + k];
            b[k] = wb[i + k] * means[i + k];
            c[k] = wc[i + k];
        }
        const v4d a0 = splat(a[0]), a1 = splat(a[1]), a2 = splat(a[2]), a3 = splat(a[3]);
        const v4d b0 = splat(b[0]), b1 = splat(b[1]), b2 = splat(b[2]), b3 = splat(b[3]);
        const v4d c0 = splat(c[0]), c1 = splat(c[1]), c2 = splat(c[2]), c3 = splat(c[3]);
        for (std::size_t j = 0; j < vector_end; j += 4) {
            const v4d g0 = load(r[0] + j), g1 = load(r[1] + j), g2 = load(r[2] + j), g3 = load(r[3] + j);
            store(oa + j, load(oa + j) + g0 * a0 + g1 * a1 + g2 * a2 + g3 * a3);
            store(ob + j, load(ob + j) + g0 * b0 + g1 * b1 + g2 * b2 + g3 * b3);
            store(oc + j, load(oc + j) + g0 * c0 + g1 * c1 + g2 * c2 + g3 * c3);
            store(sums + j, load(sums + j) + ((g0 + g1) + (g2 + g3)));
        }
        for (std::size_t j = vector_end; j < cols; ++j) {
            oa[j] += r[0][j] * a[0] + r[1][j] * a[1] + r[2][j] * a[2] + r[3][j] * a[3];
            ob[j] += r[0][j] * b[0] + r[1][j] * b[1] + r[2][j] * b[2] + r[3][j] * b[3];
            oc[j] += r[0][j] * c[0] + r[1][j] * c[1] + r[2][j] * c[2] + r[3][j] * c[3];
            sums[j] += (r[0][j] + r[1][j]) + (r[2][j] + r[3][j]);
        }
    }
    for (; i < rows; ++i) {
        const double* row = g + i * cols;
        means[i] = row_sum(row, cols) * inverse_cols;
        const double b = wb[i] * means[i];
        for (std::size_t j = 0; j < cols; ++j) {
            oa[j] += row[j] * wa[i];
            ob[j] += row[j] * b;
            oc[j] += row[j] * wc[i];
            sums[j] += row[j];
        }
    }
}

__attribute__((target("avx2,fma"))) void row_scaled_avx2(const double* g, std::size_t rows, std::size_t cols,
                                                           const double* wa, const double* wb, const double* wc,
                                                           double* oa, double* ob, double* oc, double* sums,
                                                           double* means) {
    row_scaled_body(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}
void row_scaled_generic(const double* g, std::size_t rows, std::size_t cols, const double* wa, const double* wb,
                        const double* wc, double* oa, double* ob, double* oc, double* sums, double* means) {
    row_scaled_body(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}

template <std::size_t N>
__attribute__((target("avx2,fma"))) void weighted_avx2(const double* g, std::size_t rows, std::size_t cols,
                                                     const double* w, double* out, double* sums) {
    weighted_body<N>(g, rows, cols, w, out, sums);
}
template <std::size_t N>
void weighted_generic(const double* g, std::size_t rows, std::size_t cols, const double* w, double* out,
                      double* sums) {
    weighted_body<N>(g, rows, cols, w, out, sums);
}

__attribute__((target("avx2,fma"))) void row_sums_avx2(const double* g, std::size_t rows, std::size_t cols,
                                                     double* sums) {
    row_sums_body(g, rows, cols, sums);
}
void row_sums_generic(const double* g, std::size_t rows, std::size_t cols, double* sums) {
    row_sums_body(g, rows, cols, sums);
}

bool has_avx2_fma() {
    static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return supported;
}

using WeightedPass = void (*)(const double*, std::size_t, std::size_t, const double*, double*, double*);

template <std::size_t N>
WeightedPass pick() {
    return has_avx2_fma() ? &weighted_avx2<N> : &weighted_generic<N>;
}

}  // namespace

double strided_row_mean(const double* conductance, std::size_t rows, std::size_t cols, std::size_t stride) {
    double total = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < rows; i += stride, ++count) total += row_sum(conductance + i * cols, cols);
    return total / (static_cast<double>(count) * static_cast<double>(cols));
}

void row_scaled_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                            const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                            double* column_sums, double* row_means) {
    if (has_avx2_fma()) {
        row_scaled_avx2(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
    } else {
        row_scaled_generic(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
    }
}

void row_sums(const double* conductance, std::size_t rows, std::size_t cols, double* sums) {
    if (has_avx2_fma()) {
        row_sums_avx2(conductance, rows, cols, sums);
    } else {
        row_sums_generic(conductance, rows, cols, sums);
    }
}

void weighted_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* weights,
                          std::size_t count, double* out, double* column_sums) {
    WeightedPass pass = nullptr;
    switch (count) {
        case 1: pass = pick<1>(); break;
        case 2: pass = pick<2>(); break;
        case 3: pass = pick<3>(); break;
        case 4: pass = pick<4>(); break;
        case 5: pass = pick<5>(); break;
        case 6: pass = pick<6>(); break;
        case 7: pass = pick<7>(); break;
        case 8: pass = pick<8>(); break;
        default: throw EngineError("surrogate fused pass: 1 to 8 weight vectors");
    }
    pass(conductance, rows, cols, weights, out, column_sums);
}

}  // namespace memcosim::surrogate::detail
