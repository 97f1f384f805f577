#pragma once
// Static splitting of loops over OpenMP threads, guarded so the library still
// builds (and runs serially) without OpenMP. Each helper hands its body one
// contiguous [begin, end) slice, so the inner loops stay plain and
// vectorizable, and partial sums are combined in a fixed order so a run is
// repeatable for a given thread count.
#include <Eigen/Core>

#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace memcosim::solver::detail {

using Index = Eigen::Index;

// Below this much work (in array elements) a kernel runs on one thread: the
// fork/join would cost more than it saves.
inline constexpr Index parallel_threshold = 8192;

[[nodiscard]] inline int max_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

// Calls body(part, begin, end) once per thread on a static slice of [0, n).
// `work` is the total number of elements touched, to decide on threading.
template <class Body>
void parallel_slices(Index n, Index work, Body&& body) {
#ifdef _OPENMP
    if (work >= parallel_threshold && n > 1 && omp_get_max_threads() > 1) {
#pragma omp parallel
        {
            const Index part = omp_get_thread_num();
            const Index parts = omp_get_num_threads();
            body(static_cast<int>(part), n * part / parts, n * (part + 1) / parts);
        }
        return;
    }
#endif
    (void)work;
    body(0, Index{0}, n);
}

// Sum over threads of body(begin, end) -> double, added in thread order.
template <class Body>
[[nodiscard]] double parallel_sum(Index n, Index work, Body&& body) {
    std::vector<double> partial(static_cast<size_t>(max_threads()), 0.0);
    parallel_slices(n, work, [&](int part, Index begin, Index end) { partial[part] = body(begin, end); });
    double sum = 0.0;
    for (double p : partial) sum += p;
    return sum;
}

}  // namespace memcosim::solver::detail
