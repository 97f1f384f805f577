// Networks onto cores: capacities hold, strongly connected groups stay
// together, a dense layered network becomes its tile grid, and a mapping
// without wires or quantisation computes the network exactly.
#include "core/error.hpp"
#include "partition/core_traffic.hpp"
#include "partition/mapped_network.hpp"
#include "partition/solver_tile_engine.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <set>

using namespace memcosim;
using namespace memcosim::partition;
using Catch::Matchers::ContainsSubstring;

namespace {

// `groups` cliques of `size` neurons, every pair linked both ways; clique
// membership interleaved (neuron n belongs to clique n % groups), so id
// order mixes them.
SynapseNetwork interleaved_cliques(std::size_t groups, std::size_t size) {
    SynapseNetwork network;
    network.neurons = groups * size;
    for (std::size_t a = 0; a < network.neurons; ++a) {
        for (std::size_t b = 0; b < network.neurons; ++b) {
            if (a != b && a % groups == b % groups) network.synapses.push_back({a, b, 0.5});
        }
    }
    return network;
}

void check_capacities(const std::vector<CrossbarUnit>& units, const CoreAssignment& assignment) {
    std::vector<int> seen(units.size(), 0);
    for (std::size_t c = 0; c < assignment.cores(); ++c) {
        CHECK(assignment.units[c].size() <= std::size_t(assignment.core.cols));
        CHECK(assignment.rows[c].size() <= std::size_t(assignment.core.rows));
        std::set<std::size_t> sources;
        for (std::size_t u : assignment.units[c]) {
            ++seen[u];
            CHECK(assignment.core_of_unit[u] == c);
            sources.insert(units[u].sources.begin(), units[u].sources.end());
        }
        CHECK(std::vector<std::size_t>(sources.begin(), sources.end()) == assignment.rows[c]);
    }
    CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

}  // namespace

TEST_CASE("a neuron with more inputs than rows is split into slices", "[partition][unit]") {
    const auto network = layered_network(random_layer_weights({300, 2}, 1), {"w1"});
    const auto units = split_into_units(network, 128);
    REQUIRE(units.size() == 6);
    CHECK(units[0].sources.size() == 128);
    CHECK(units[2].sources.size() == 44);
    CHECK(units[2].slice == 2);
}

TEST_CASE("strongly connected groups share a core; id order scatters them", "[partition][unit]") {
    const auto network = interleaved_cliques(4, 8);
    const auto units = split_into_units(network, 8);
    const TileShape core{8, 8};
    const auto greedy = assign_cores(network, units, core, PartitionMethod::greedy);
    const auto sequential = assign_cores(network, units, core, PartitionMethod::sequential);
    check_capacities(units, greedy);
    check_capacities(units, sequential);
    const TrafficReport g = measure_traffic(network, units, greedy);
    const TrafficReport s = measure_traffic(network, units, sequential);
    CHECK(g.cores == 4);
    CHECK(g.cut_synapses == 0);
    CHECK(g.spike_routes == 0);
    CHECK(s.cut_synapses > 0);
}

TEST_CASE("a dense layered network packs into its tile grid", "[partition][unit]") {
    const auto network = layered_network(random_layer_weights({784, 256, 10}, 2), {"w1", "w2"});
    const auto units = split_into_units(network, 128);
    for (auto method : {PartitionMethod::greedy, PartitionMethod::sequential}) {
        CAPTURE(to_string(method));
        const auto assignment = assign_cores(network, units, {128, 128}, method);
        check_capacities(units, assignment);
        // 784 -> 256: 7 slices x 2 column blocks; 256 -> 10: 2 slices x 1.
        CHECK(assignment.cores() == 16);
        const TrafficReport t = measure_traffic(network, units, assignment);
        CHECK(t.input_routes == 2 * 784);
        CHECK(t.partial_sum_transfers == 256 * 6 + 10 * 1);
    }
}

TEST_CASE("without wires or quantisation the mapped network is exact", "[partition][unit]") {
    PartitionStrategy strategy;
    SolverTileEngine engine(solver::LinearMethod::multigrid_pcg);
    SECTION("layered") {
        const auto network = layered_network(random_layer_weights({40, 30, 5}, 3), {"w1", "w2"});
        const auto units = split_into_units(network, 16);
        const auto assignment = assign_cores(network, units, {16, 16}, PartitionMethod::greedy);
        const auto accuracy = evaluate_mapped_network({network, units, assignment},
                                                      random_network_inputs(network, 8, 4), strategy, engine);
        CHECK(accuracy.error.worst_relative <= 1e-12);
        CHECK(accuracy.top1_agreement == 1.0);
        // With wires it is not, but it stays close at this size.
        strategy.wires = {1.0, 1.0};
        strategy.mapping.g_on = 1e-4;
        const auto wired = evaluate_mapped_network({network, units, assignment}, random_network_inputs(network, 8, 4),
                                                   strategy, engine);
        CHECK(wired.error.worst_relative > 1e-6);
        CHECK(wired.error.worst_relative < 0.1);
    }
    SECTION("graph") {
        const auto network = interleaved_cliques(3, 6);
        const auto units = split_into_units(network, 8);
        const auto assignment = assign_cores(network, units, {8, 8}, PartitionMethod::greedy);
        const auto accuracy = evaluate_mapped_network({network, units, assignment},
                                                      random_network_inputs(network, 8, 5), strategy, engine);
        CHECK(accuracy.error.worst_relative <= 1e-12);
        CHECK_FALSE(accuracy.top1_agreement.has_value());
    }
}

TEST_CASE("layers that do not fit together are refused", "[partition][unit][bad-input]") {
    std::vector<RowMajorMatrix> w{RowMajorMatrix::Ones(4, 3), RowMajorMatrix::Ones(5, 2)};
    CHECK_THROWS_WITH(layered_network(w, {"a.csv", "b.csv"}), ContainsSubstring("b.csv: has 5 rows"));
    CHECK_THROWS_AS(parse_layer_sizes("784", "--layers"), InputError);
    CHECK_THROWS_AS(parse_layer_sizes("784,0,10", "--layers"), InputError);
}
