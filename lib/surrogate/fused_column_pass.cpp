#include "surrogate/fused_column_pass.hpp"

#include "core/error.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

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

// The same pass 8 wide for AVX-512 (measured at 512 x 512 on Zen 5: about
// 45 us against 55 us for the 4-wide one; bench/RESULTS.md). Four rows a
// block as above: 8-row blocks were slower, since 8 rows whose starts lie a
// multiple of 4 KiB apart (every power-of-two width) compete for the same
// L1 sets and hardware prefetch streams.
typedef double v8d __attribute__((vector_size(64)));

__attribute__((always_inline)) inline v8d load8(const double* p) {
    v8d v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
__attribute__((always_inline)) inline void store8(double* p, v8d v) { std::memcpy(p, &v, sizeof v); }
// Written as a scalar added to a zero vector, which GCC turns into one
// broadcast; an element-by-element initialiser became eight masked loads.
__attribute__((always_inline)) inline v8d splat8(double x) { return v8d{} + x; }
__attribute__((always_inline)) inline double horizontal_sum8(v8d v) {
    return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

__attribute__((always_inline)) inline void row_scaled_body8(const double* g, std::size_t rows, std::size_t cols,
                                                            const double* wa, const double* wb, const double* wc,
                                                            double* oa, double* ob, double* oc, double* sums,
                                                            double* means) {
    std::memset(oa, 0, cols * sizeof(double));
    std::memset(ob, 0, cols * sizeof(double));
    std::memset(oc, 0, cols * sizeof(double));
    std::memset(sums, 0, cols * sizeof(double));
    const double inverse_cols = 1.0 / static_cast<double>(cols);
    const std::size_t vector_end = cols - cols % 8;
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        const double* r0 = g + i * cols;
        const double* r1 = r0 + cols;
        const double* r2 = r1 + cols;
        const double* r3 = r2 + cols;
        // The four row sums side by side: four independent add chains.
        v8d t0 = splat8(0.0), t1 = t0, t2 = t0, t3 = t0;
        for (std::size_t j = 0; j < vector_end; j += 8) {
            t0 += load8(r0 + j);
            t1 += load8(r1 + j);
            t2 += load8(r2 + j);
            t3 += load8(r3 + j);
        }
        double total[4] = {horizontal_sum8(t0), horizontal_sum8(t1), horizontal_sum8(t2), horizontal_sum8(t3)};
        for (std::size_t j = vector_end; j < cols; ++j) {
            total[0] += r0[j];
            total[1] += r1[j];
            total[2] += r2[j];
            total[3] += r3[j];
        }
        double a[4], b[4], c[4];
        for (int k = 0; k < 4; ++k) {
            means[i + k] = total[k] * inverse_cols;
            a[k] = wa[i + k];
            b[k] = wb[i + k] * means[i + k];
            c[k] = wc[i + k];
        }
        const v8d a0 = splat8(a[0]), a1 = splat8(a[1]), a2 = splat8(a[2]), a3 = splat8(a[3]);
        const v8d b0 = splat8(b[0]), b1 = splat8(b[1]), b2 = splat8(b[2]), b3 = splat8(b[3]);
        const v8d c0 = splat8(c[0]), c1 = splat8(c[1]), c2 = splat8(c[2]), c3 = splat8(c[3]);
        for (std::size_t j = 0; j < vector_end; j += 8) {
            const v8d g0 = load8(r0 + j), g1 = load8(r1 + j), g2 = load8(r2 + j), g3 = load8(r3 + j);
            store8(oa + j, load8(oa + j) + g0 * a0 + g1 * a1 + g2 * a2 + g3 * a3);
            store8(ob + j, load8(ob + j) + g0 * b0 + g1 * b1 + g2 * b2 + g3 * b3);
            store8(oc + j, load8(oc + j) + g0 * c0 + g1 * c1 + g2 * c2 + g3 * c3);
            store8(sums + j, load8(sums + j) + ((g0 + g1) + (g2 + g3)));
        }
        for (std::size_t j = vector_end; j < cols; ++j) {
            oa[j] += r0[j] * a[0] + r1[j] * a[1] + r2[j] * a[2] + r3[j] * a[3];
            ob[j] += r0[j] * b[0] + r1[j] * b[1] + r2[j] * b[2] + r3[j] * b[3];
            oc[j] += r0[j] * c[0] + r1[j] * c[1] + r2[j] * c[2] + r3[j] * c[3];
            sums[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]);
        }
    }
    for (; i < rows; ++i) {
        const double* row = g + i * cols;
        v8d t = splat8(0.0);
        for (std::size_t j = 0; j < vector_end; j += 8) t += load8(row + j);
        double total = horizontal_sum8(t);
        for (std::size_t j = vector_end; j < cols; ++j) total += row[j];
        means[i] = total * inverse_cols;
        const double b = wb[i] * means[i];
        for (std::size_t j = 0; j < cols; ++j) {
            oa[j] += row[j] * wa[i];
            ob[j] += row[j] * b;
            oc[j] += row[j] * wc[i];
            sums[j] += row[j];
        }
    }
}

// The single-touch pass (single_touch_column_sums): every row is read
// once, its sum taken in registers beside the accumulations, so no weight
// may depend on the row's own sum. The four column accumulators are kept
// interleaved, [a b c sums] for each group of W columns, in one buffer: one
// sequential stream instead of four arrays 4 KiB apart, whose loads and
// stores alias the rows' in the low address bits (measured at 512 x 512:
// 1.50 of the row-sum yardstick against 1.62 with four arrays and 2.1-2.3
// for the two-touch pass; bench/RESULTS.md). V is v4d or v8d, W its width.
double* interleaved_scratch(std::size_t doubles) {
    thread_local std::vector<double> buffer;
    if (buffer.size() < doubles + 8) buffer.resize(doubles + 8);
    // 64-byte aligned start, so no vector straddles a cache line.
    const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
    return buffer.data() + ((64 - address % 64) % 64) / sizeof(double);
}

template <typename V, std::size_t W>
__attribute__((always_inline)) inline V load_w(const double* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
template <typename V>
__attribute__((always_inline)) inline void store_w(double* p, V v) {
    std::memcpy(p, &v, sizeof v);
}
template <typename V, std::size_t W>
__attribute__((always_inline)) inline double lane_sum(V v) {
    if constexpr (W == 8) {
        return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    } else {
        return (v[0] + v[1]) + (v[2] + v[3]);
    }
}

template <typename V, std::size_t W>
__attribute__((always_inline)) inline void single_touch_body(const double* g, std::size_t rows, std::size_t cols,
                                                             const double* wa, const double* wb, const double* wc,
                                                             double* oa, double* ob, double* oc, double* sums,
                                                             double* means) {
    const std::size_t vector_end = cols - cols % W;
    double* acc = interleaved_scratch(4 * vector_end);
    std::memset(acc, 0, 4 * vector_end * sizeof(double));
    for (std::size_t j = vector_end; j < cols; ++j) oa[j] = ob[j] = oc[j] = sums[j] = 0.0;
    const double inverse_cols = 1.0 / static_cast<double>(cols);
    const V zero = V{};
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        const double* r0 = g + i * cols;
        const double* r1 = r0 + cols;
        const double* r2 = r1 + cols;
        const double* r3 = r2 + cols;
        const V a0 = zero + wa[i], a1 = zero + wa[i + 1], a2 = zero + wa[i + 2], a3 = zero + wa[i + 3];
        const V b0 = zero + wb[i], b1 = zero + wb[i + 1], b2 = zero + wb[i + 2], b3 = zero + wb[i + 3];
        const V c0 = zero + wc[i], c1 = zero + wc[i + 1], c2 = zero + wc[i + 2], c3 = zero + wc[i + 3];
        V t0 = zero, t1 = zero, t2 = zero, t3 = zero;
        for (std::size_t j = 0; j < vector_end; j += W) {
            const V g0 = load_w<V, W>(r0 + j), g1 = load_w<V, W>(r1 + j), g2 = load_w<V, W>(r2 + j),
                    g3 = load_w<V, W>(r3 + j);
            t0 += g0;
            t1 += g1;
            t2 += g2;
            t3 += g3;
            double* q = acc + 4 * j;
            store_w(q, load_w<V, W>(q) + g0 * a0 + g1 * a1 + g2 * a2 + g3 * a3);
            store_w(q + W, load_w<V, W>(q + W) + g0 * b0 + g1 * b1 + g2 * b2 + g3 * b3);
            store_w(q + 2 * W, load_w<V, W>(q + 2 * W) + g0 * c0 + g1 * c1 + g2 * c2 + g3 * c3);
            store_w(q + 3 * W, load_w<V, W>(q + 3 * W) + ((g0 + g1) + (g2 + g3)));
        }
        double total[4] = {lane_sum<V, W>(t0), lane_sum<V, W>(t1), lane_sum<V, W>(t2), lane_sum<V, W>(t3)};
        for (std::size_t j = vector_end; j < cols; ++j) {
            const double x0 = r0[j], x1 = r1[j], x2 = r2[j], x3 = r3[j];
            total[0] += x0;
            total[1] += x1;
            total[2] += x2;
            total[3] += x3;
            oa[j] += x0 * wa[i] + x1 * wa[i + 1] + x2 * wa[i + 2] + x3 * wa[i + 3];
            ob[j] += x0 * wb[i] + x1 * wb[i + 1] + x2 * wb[i + 2] + x3 * wb[i + 3];
            oc[j] += x0 * wc[i] + x1 * wc[i + 1] + x2 * wc[i + 2] + x3 * wc[i + 3];
            sums[j] += (x0 + x1) + (x2 + x3);
        }
        for (int k = 0; k < 4; ++k) means[i + k] = total[k] * inverse_cols;
    }
    for (; i < rows; ++i) {
        const double* row = g + i * cols;
        const V a = zero + wa[i], b = zero + wb[i], c = zero + wc[i];
        V t = zero;
        for (std::size_t j = 0; j < vector_end; j += W) {
            const V x = load_w<V, W>(row + j);
            t += x;
            double* q = acc + 4 * j;
            store_w(q, load_w<V, W>(q) + x * a);
            store_w(q + W, load_w<V, W>(q + W) + x * b);
            store_w(q + 2 * W, load_w<V, W>(q + 2 * W) + x * c);
            store_w(q + 3 * W, load_w<V, W>(q + 3 * W) + x);
        }
        double total = lane_sum<V, W>(t);
        for (std::size_t j = vector_end; j < cols; ++j) {
            const double x = row[j];
            total += x;
            oa[j] += x * wa[i];
            ob[j] += x * wb[i];
            oc[j] += x * wc[i];
            sums[j] += x;
        }
        means[i] = total * inverse_cols;
    }
    for (std::size_t j = 0; j < vector_end; j += W) {
        const double* q = acc + 4 * j;
        store_w(oa + j, load_w<V, W>(q));
        store_w(ob + j, load_w<V, W>(q + W));
        store_w(oc + j, load_w<V, W>(q + 2 * W));
        store_w(sums + j, load_w<V, W>(q + 3 * W));
    }
}

__attribute__((target("avx512f"))) void single_touch_avx512(const double* g, std::size_t rows, std::size_t cols,
                                                            const double* wa, const double* wb, const double* wc,
                                                            double* oa, double* ob, double* oc, double* sums,
                                                            double* means) {
    single_touch_body<v8d, 8>(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}
__attribute__((target("avx2,fma"))) void single_touch_avx2(const double* g, std::size_t rows, std::size_t cols,
                                                             const double* wa, const double* wb, const double* wc,
                                                             double* oa, double* ob, double* oc, double* sums,
                                                             double* means) {
    single_touch_body<v4d, 4>(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}
void single_touch_generic(const double* g, std::size_t rows, std::size_t cols, const double* wa, const double* wb,
                          const double* wc, double* oa, double* ob, double* oc, double* sums, double* means) {
    single_touch_body<v4d, 4>(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}

__attribute__((target("avx512f"))) void row_scaled_avx512(const double* g, std::size_t rows, std::size_t cols,
                                                          const double* wa, const double* wb, const double* wc,
                                                          double* oa, double* ob, double* oc, double* sums,
                                                          double* means) {
    row_scaled_body8(g, rows, cols, wa, wb, wc, oa, ob, oc, sums, means);
}

__attribute__((target("avx512f"))) void row_sums_avx512(const double* g, std::size_t rows, std::size_t cols,
                                                        double* sums) {
    const std::size_t vector_end = cols - cols % 16;
    for (std::size_t i = 0; i < rows; ++i) {
        const double* row = g + i * cols;
        v8d a = splat8(0.0), b = splat8(0.0);
        for (std::size_t j = 0; j < vector_end; j += 16) {
            a += load8(row + j);
            b += load8(row + j + 8);
        }
        double total = horizontal_sum8(a + b);
        for (std::size_t j = vector_end; j < cols; ++j) total += row[j];
        sums[i] = total;
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

bool has_avx512() {
    static const bool supported = __builtin_cpu_supports("avx512f");
    return supported;
}

thread_local int portable_depth = 0;

PassTarget resolve(PassTarget target) {
    if (target == PassTarget::automatic && portable_depth > 0) return PassTarget::generic;
    if (target == PassTarget::automatic) {
        return has_avx512() ? PassTarget::avx512 : (has_avx2_fma() ? PassTarget::avx2 : PassTarget::generic);
    }
    if (!pass_target_supported(target)) {
        throw EngineError("surrogate fused pass: this CPU lacks the requested instructions");
    }
    return target;
}

using WeightedPass = void (*)(const double*, std::size_t, std::size_t, const double*, double*, double*);

template <std::size_t N>
WeightedPass pick() {
    // AVX2 also on AVX-512 CPUs (no 8-wide variant of this pass); baseline in portable mode.
    return resolve(PassTarget::automatic) == PassTarget::generic ? &weighted_generic<N> : &weighted_avx2<N>;
}

}  // namespace

double strided_row_mean(const double* conductance, std::size_t rows, std::size_t cols, std::size_t stride) {
    double total = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < rows; i += stride, ++count) {
        double sum = 0.0;
        row_sums(conductance + i * cols, 1, cols, &sum);
        total += sum;
    }
    return total / (static_cast<double>(count) * static_cast<double>(cols));
}

PassTarget resolve_pass_target(PassTarget target) { return resolve(target); }

void enter_portable_mode() { ++portable_depth; }
void leave_portable_mode() { --portable_depth; }

bool pass_target_supported(PassTarget target) {
    switch (target) {
        case PassTarget::avx512: return has_avx512();
        case PassTarget::avx2: return has_avx2_fma();
        case PassTarget::automatic:
        case PassTarget::generic: return true;
    }
    return false;
}

void row_scaled_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                            const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                            double* column_sums, double* row_means, PassTarget target) {
    switch (resolve(target)) {
        case PassTarget::avx512:
            row_scaled_avx512(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
            break;
        case PassTarget::avx2:
            row_scaled_avx2(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
            break;
        default:
            row_scaled_generic(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
    }
}

void single_touch_column_sums(const double* conductance, std::size_t rows, std::size_t cols, const double* wa,
                              const double* wb, const double* wc, double* out_a, double* out_b, double* out_c,
                              double* column_sums, double* row_means, PassTarget target) {
    switch (resolve(target)) {
        case PassTarget::avx512:
            single_touch_avx512(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
            break;
        case PassTarget::avx2:
            single_touch_avx2(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
            break;
        default:
            single_touch_generic(conductance, rows, cols, wa, wb, wc, out_a, out_b, out_c, column_sums, row_means);
    }
}

void row_sums(const double* conductance, std::size_t rows, std::size_t cols, double* sums, PassTarget target) {
    switch (resolve(target)) {
        case PassTarget::avx512: row_sums_avx512(conductance, rows, cols, sums); break;
        case PassTarget::avx2: row_sums_avx2(conductance, rows, cols, sums); break;
        default: row_sums_generic(conductance, rows, cols, sums);
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
