#pragma once
// Loop splitting over OpenMP threads, guarded so the library still builds
// (and runs serially) without OpenMP. Bodies receive contiguous
// [begin, end) slices so their inner loops stay plain and vectorizable.
//
// Most kernels use a fixed number of chunks handed out dynamically. Fixed,
// because partial sums are then combined in the same order whatever the
// thread count, so results do not depend on it. Dynamic, because these
// machines are shared: with a static half-and-half split, a thread that
// loses its core holds up the other at every barrier, while with chunks the
// running thread takes over the waiting work.
#include <Eigen/Core>

#include <algorithm>
#include <array>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace memcosim::solver::detail {

using Index = Eigen::Index;

// Below this much work (in array elements, ~8 MB) a kernel runs on one
// thread. An idle core joins a parallel region in microseconds, but one busy
// with another process takes milliseconds to get to it, which measured
// 0.45 s instead of 0.06 s for a 512x512 solve (tens of regions per
// iteration) on a shared 2-core machine; passes this large take long enough
// to absorb that.
inline constexpr Index parallel_threshold = Index{1} << 20;

inline constexpr int chunk_count = 16;

[[nodiscard]] inline int max_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

// Calls body(chunk, begin, end) for the chunks of [0, n): chunk_count of
// them (fewer if n is smaller), chunk c always covering the same range.
// `work` is the number of elements touched, to decide on threading.
template <class Body>
void parallel_chunks(Index n, Index work, Body&& body) {
    const int chunks = static_cast<int>(std::min<Index>(n, chunk_count));
#ifdef _OPENMP
    if (work >= parallel_threshold && chunks > 1 && omp_get_max_threads() > 1) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int c = 0; c < chunks; ++c) body(c, n * c / chunks, n * (c + 1) / chunks);
        return;
    }
#endif
    (void)work;
    for (int c = 0; c < chunks; ++c) body(c, n * c / chunks, n * (c + 1) / chunks);
}

// Sum of body(begin, end) -> double over the chunks, added in chunk order.
template <class Body>
[[nodiscard]] double parallel_sum(Index n, Index work, Body&& body) {
    std::array<double, chunk_count> partial{};
    parallel_chunks(n, work, [&](int chunk, Index begin, Index end) { partial[chunk] = body(begin, end); });
    double sum = 0.0;
    for (double p : partial) sum += p;
    return sum;
}

// Calls body(thread, begin, end) once per thread on a static slice of [0, n),
// for set-up passes whose per-thread accumulators are too large to keep one
// per chunk.
template <class Body>
void parallel_per_thread(Index n, Index work, Body&& body) {
#ifdef _OPENMP
    if (work >= parallel_threshold && n > 1 && omp_get_max_threads() > 1) {
#pragma omp parallel
        {
            const Index thread = omp_get_thread_num();
            const Index threads = omp_get_num_threads();
            body(static_cast<int>(thread), n * thread / threads, n * (thread + 1) / threads);
        }
        return;
    }
#endif
    (void)work;
    body(0, Index{0}, n);
}

}  // namespace memcosim::solver::detail
