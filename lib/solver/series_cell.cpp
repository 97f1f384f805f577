#include "solver/series_cell.hpp"

#include "core/error.hpp"
#include "solver/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

namespace memcosim::solver {

SeriesPoint solve_series_pair(Eigen::Index k, double v_row, double v_col, double start, const MemoryLaw& memory,
                              const AccessLaw& access) {
    double lo = std::min(v_row, v_col), hi = std::max(v_row, v_col);
    const double tolerance = 1e-15 + 1e-13 * std::max(std::abs(v_row), std::abs(v_col));
    double m = std::clamp(start, lo, hi);
    SeriesPoint point;
    for (int iteration = 1; iteration <= 200; ++iteration) {
        double i_mem = 0.0, g_mem = 0.0, i_acc = 0.0, g_a = 0.0, g_c = 0.0;
        memory(k, v_row - m, i_mem, g_mem);
        access(k, m, v_col, i_acc, g_a, g_c);
        const double f = i_mem - i_acc;  // decreasing in m
        if (f > 0.0) lo = m; else hi = m;
        const double g_sum = g_mem + g_a;
        double next = g_sum > 0.0 ? m + f / g_sum : 0.5 * (lo + hi);
        if (!(next > lo && next < hi) && hi > lo) next = 0.5 * (lo + hi);
        if (hi <= lo) next = m;
        point.current = i_mem;
        point.slope = g_sum > 0.0 ? g_mem * g_a / g_sum : 0.0;
        point.internal = m;
        point.iterations = iteration;
        if (std::abs(next - m) <= tolerance || hi - lo <= tolerance || f == 0.0) return point;
        m = next;
    }
    throw EngineError(fmt::format(
        "series cell {}: the internal node did not converge (row {} V, column {} V, bracket [{}, {}] V)", k, v_row,
        v_col, lo, hi));
}

ColumnAwareCellEvaluator series_cell_evaluator(Eigen::Index rows, Eigen::Index cols, MemoryLaw memory,
                                               AccessLaw access, bool thread_safe,
                                               std::shared_ptr<SeriesCellStatistics> statistics) {
    auto internal = std::make_shared<RowMajorMatrix>();
    return [rows, cols, memory = std::move(memory), access = std::move(access), internal, statistics, thread_safe](
               const RowMajorMatrix& voltage, const RowMajorMatrix& column, RowMajorMatrix& current,
               RowMajorMatrix& conductance) {
        current.resize(rows, cols);
        conductance.resize(rows, cols);
        const bool warm = internal->rows() == rows && internal->cols() == cols;
        if (!warm) internal->resize(rows, cols);
        // Each chunk keeps its own count and first error: nothing may throw
        // out of a parallel region.
        std::array<long long, detail::chunk_count> iterations{};
        std::array<std::string, detail::chunk_count> errors;
        const auto solve_range = [&](int chunk, Eigen::Index begin, Eigen::Index end) {
            try {
                for (Eigen::Index k = begin; k < end; ++k) {
                    const double v_col = column.data()[k], v_row = voltage.data()[k] + v_col;
                    const double start = warm ? internal->data()[k] : v_col + 0.5 * (v_row - v_col);
                    const SeriesPoint p = solve_series_pair(k, v_row, v_col, start, memory, access);
                    current.data()[k] = p.current;
                    conductance.data()[k] = p.slope;
                    internal->data()[k] = p.internal;
                    iterations[static_cast<std::size_t>(chunk)] += p.iterations;
                }
            } catch (const std::exception& error) {
                errors[static_cast<std::size_t>(chunk)] = error.what();
            }
        };
        // A cell solve costs some hundred element-passes of the linear kernels.
        const Eigen::Index work = thread_safe ? 100 * voltage.size() : 0;
        detail::parallel_chunks(voltage.size(), work, solve_range);
        for (const auto& error : errors) {
            if (!error.empty()) throw EngineError(error);
        }
        if (statistics) {
            statistics->evaluations += voltage.size();
            for (long long n : iterations) statistics->iterations += n;
        }
    };
}

}  // namespace memcosim::solver
