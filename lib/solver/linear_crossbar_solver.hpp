#pragma once
// Exact DC solve of a linear (1R) crossbar with wire resistance, following the
// convention in core/crossbar_array.hpp, periphery included (driver and load
// resistances, column bias voltages, floating lines).
//
// Two methods, which tests check against each other and against ngspice:
//  - direct: assemble the SPD nodal matrix and factor it (Eigen sparse
//    Cholesky). Simple and exact; for small arrays and as a reference.
//  - multigrid_pcg: structure-aware two-level preconditioned conjugate
//    gradients (DESIGN.md): block Gauss-Seidel smoother with exact
//    tridiagonal solves along every row wire and every column wire, a coarse
//    2D grid for both fields with bilinear interpolation and a Galerkin coarse
//    operator built from the tensor structure. Reaches 4096x4096.
// With ideal wires (both wire resistances 0) every line is one node and the
// answer is the line-potential system of solver/line_potentials.hpp, solved
// to the rounding floor whatever the method asked for.
#include "core/crossbar_array.hpp"

#include <functional>

namespace memcosim::solver {

enum class LinearMethod { automatic, direct, multigrid_pcg };

struct LinearSolveOptions {
    LinearMethod method = LinearMethod::automatic;
    // On ||r|| / ||b||, where b is the deviation system's right-hand side: the
    // cell currents with ideal wires (solver/crossbar_system.hpp). A residual
    // at the rounding floor of double precision (reached with very conductive
    // wires on large arrays) also counts as converged.
    double relative_tolerance = 1e-10;
    int max_iterations = 200;
    int coarse_spacing = 0;  // cells between coarse grid lines; 0 picks one from the array
    // Called once per PCG iteration with (iteration, relative residual); may be empty.
    std::function<void(int, double)> progress;
};

struct CrossbarSolution {
    Eigen::VectorXd column_currents;  // I_j into column j's terminal (sense_j), amperes; 0 if floating
    Eigen::VectorXd row_currents;     // current drawn from row i's driver, amperes; 0 if floating
    RowMajorMatrix row_voltages;      // R x C, volts at row(i,j)
    RowMajorMatrix column_voltages;   // R x C, volts at col(i,j)
    int iterations = 0;               // 0 for the direct method and ideal wires
    double relative_residual = 0.0;
    LinearMethod method_used = LinearMethod::direct;

    // Voltage across cell (i,j): row(i,j) - col(i,j).
    [[nodiscard]] RowMajorMatrix cell_voltages() const { return row_voltages - column_voltages; }
};

// Throws InputError for an invalid array, EngineError if PCG does not reach
// the tolerance within max_iterations (the message gives the residual reached).
[[nodiscard]] CrossbarSolution solve_linear_crossbar(const CrossbarArray& array, const LinearSolveOptions& options = {});

[[nodiscard]] const char* to_string(LinearMethod method);

}  // namespace memcosim::solver
