// A crossbar of VTEAM cells at random states (issue 3): Newton with the C++
// evaluator against ngspice with the lowered frozen-state subcircuits.
#include "experiments/model_crossbar.hpp"
#include "model_cases.hpp"

#include <catch2/catch_test_macros.hpp>
#include "core/error.hpp"

#include <random>

using namespace memcosim;

namespace {

experiments::ModelCrossbar vteam_crossbar(Eigen::Index n, unsigned seed) {
    static const models::ModelRegistry registry;
    experiments::ModelCrossbar crossbar{{}, {registry.load("vteam"), {}}, {}};
    crossbar.array.conductance = RowMajorMatrix::Ones(n, n);  // size only
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    crossbar.array.inputs.resize(n);
    for (auto& v : crossbar.array.inputs) v = 0.1 + 0.2 * unit(rng);  // below the 0.5 V thresholds: a read
    crossbar.array.row_wire_resistance = 1.0;
    crossbar.array.column_wire_resistance = 1.0;
    RowMajorMatrix x(n, n);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = unit(rng);
    crossbar.states = {x};
    return crossbar;
}

}  // namespace

TEST_CASE("a 64x64 VTEAM crossbar: solve matches ngspice within 1e-4", "[agreement][models][crossbar]") {
    const auto crossbar = vteam_crossbar(64, 4);
    const Eigen::VectorXd spice = experiments::model_crossbar_spice(crossbar, shared_engine());
    const auto solved = experiments::model_crossbar_solve(crossbar);
    const double largest = spice.cwiseAbs().maxCoeff();
    REQUIRE(largest > 0.0);
    CHECK((spice - solved.solution.column_currents).cwiseAbs().maxCoeff() <= 1e-4 * largest);
    CHECK(solved.newton_iterations >= 2);  // exponential I-V: really nonlinear
}

TEST_CASE("state maps that do not fit the array or the model are refused", "[models][crossbar][bad-input]") {
    auto crossbar = vteam_crossbar(4, 1);
    crossbar.states.front() = RowMajorMatrix::Zero(3, 4);
    CHECK_THROWS_AS(experiments::model_crossbar_solve(crossbar), InputError);
    crossbar = vteam_crossbar(4, 1);
    crossbar.states.push_back(crossbar.states.front());
    CHECK_THROWS_AS(experiments::model_crossbar_solve(crossbar), InputError);
}
