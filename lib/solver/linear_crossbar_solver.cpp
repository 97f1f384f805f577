// Entry point: validates the array, picks the method and packages results.
#include "solver/linear_crossbar_solver.hpp"

#include "solver/crossbar_system.hpp"
#include "solver/multigrid_pcg.hpp"
#include "solver/nodal_assembly.hpp"

namespace memcosim::solver {

namespace {

// `automatic` factors directly up to this many cells: exact, and still under
// 2 ms. Beyond it the factorization grows like a 2D sparse Cholesky while
// PCG stays linear (measured, 1 thread: 32x32 direct 1.9 ms / PCG 0.1 ms,
// 64x64 8 ms / 0.2 ms, 128x128 73 ms / 0.8 ms).
constexpr Eigen::Index direct_cell_limit = 1024;

CrossbarSolution solve_by_factorization(const CrossbarArray& array) {
    const detail::CrossbarSystem system = detail::make_system(array);
    const detail::DirectSolution direct = detail::solve_direct(system);
    CrossbarSolution solution;
    detail::fill_solution(system, direct.deviation.data(), solution);
    solution.iterations = 0;
    solution.relative_residual = direct.relative_residual;
    solution.method_used = LinearMethod::direct;
    return solution;
}

// Ideal wires: the reference state is the solution (its deviation is 0).
CrossbarSolution solve_ideal_wires(const CrossbarArray& array) {
    const detail::CrossbarSystem system = detail::make_system(array);
    CrossbarSolution solution;
    const Eigen::VectorXd zero = Eigen::VectorXd::Zero(2 * system.cells());
    detail::fill_solution(system, zero.data(), solution);
    solution.method_used = LinearMethod::direct;
    return solution;
}

}  // namespace

CrossbarSolution solve_linear_crossbar(const CrossbarArray& array, const LinearSolveOptions& options) {
    array.validate();
    if (array.ideal_wires()) return solve_ideal_wires(array);
    LinearMethod method = options.method;
    if (method == LinearMethod::automatic) {
        method = array.rows() * array.cols() <= direct_cell_limit ? LinearMethod::direct : LinearMethod::multigrid_pcg;
    }
    if (method == LinearMethod::direct) return solve_by_factorization(array);
    MultigridPcgSolver solver(array, options);  // validates the array
    return solver.solve();
}

const char* to_string(LinearMethod method) {
    switch (method) {
        case LinearMethod::automatic: return "automatic";
        case LinearMethod::direct: return "direct";
        case LinearMethod::multigrid_pcg: return "multigrid_pcg";
    }
    return "unknown";
}

}  // namespace memcosim::solver
