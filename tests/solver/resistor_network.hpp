#pragma once
// A generic nodal analysis of a resistor list with some nodes held at fixed
// voltages: dense, no knowledge of the crossbar's structure. The crossbar of
// core/crossbar_array.hpp, periphery included, written out resistor by
// resistor, is the solvers' independent reference.
#include "core/crossbar_array.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <vector>

namespace memcosim::test {

struct ResistorNetwork {
    int nodes = 0;
    std::vector<double> fixed_voltage;  // NaN: free node
    struct Resistor {
        int a, b;
        double ohms;
    };
    std::vector<Resistor> resistors;

    int add_node(double fixed = std::nan("")) {
        fixed_voltage.push_back(fixed);
        return nodes++;
    }
    [[nodiscard]] Eigen::VectorXd solve() const {
        Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(nodes, nodes);
        for (const auto& r : resistors) {
            const double g = 1.0 / r.ohms;
            Y(r.a, r.a) += g;
            Y(r.b, r.b) += g;
            Y(r.a, r.b) -= g;
            Y(r.b, r.a) -= g;
        }
        Eigen::VectorXd rhs = Eigen::VectorXd::Zero(nodes);
        for (int n = 0; n < nodes; ++n) {
            if (std::isnan(fixed_voltage[n])) continue;
            Y.row(n).setZero();
            Y(n, n) = 1.0;
            rhs[n] = fixed_voltage[n];
        }
        return Y.fullPivLu().solve(rhs);
    }
};

struct NetworkCurrents {
    Eigen::VectorXd columns;  // into each column's terminal (0 if floating)
    Eigen::VectorXd rows;     // from each row's driver (0 if floating)
};

// One line end: from `node`, through the end segment and the periphery
// resistance (in series, as separate resistors) to a source at `voltage`.
// Returns the index of the end-segment resistor, or -1 when floating.
inline int add_line_end(ResistorNetwork& net, int node, const LineTermination& end, double wire, double voltage) {
    if (end.floating) return -1;
    int at = net.add_node(end.resistance > 0.0 ? std::nan("") : voltage);
    net.resistors.push_back({node, at, wire});
    const int segment = int(net.resistors.size()) - 1;
    if (end.resistance > 0.0) {
        const int source = net.add_node(voltage);
        net.resistors.push_back({at, source, end.resistance});
    }
    return segment;
}

// Wire resistances must be > 0 (no ideal wires here).
inline NetworkCurrents network_currents(const CrossbarArray& a) {
    const int R = int(a.rows()), C = int(a.cols());
    ResistorNetwork net;
    std::vector<int> row(R * C), col(R * C), row_end(R), col_end(C);
    for (int k = 0; k < R * C; ++k) row[k] = net.add_node();
    for (int k = 0; k < R * C; ++k) col[k] = net.add_node();
    for (int i = 0; i < R; ++i) {
        row_end[i] = add_line_end(net, row[i * C], a.row_driver(i), a.row_wire_resistance, a.inputs[i]);
        for (int j = 0; j + 1 < C; ++j)
            net.resistors.push_back({row[i * C + j], row[i * C + j + 1], a.row_wire_resistance});
    }
    for (int j = 0; j < C; ++j) {
        for (int i = 0; i + 1 < R; ++i)
            net.resistors.push_back({col[i * C + j], col[(i + 1) * C + j], a.column_wire_resistance});
        col_end[j] = add_line_end(net, col[(R - 1) * C + j], a.column_termination(j), a.column_wire_resistance,
                                  a.column_bias_voltage(j));
    }
    for (int k = 0; k < R * C; ++k) net.resistors.push_back({row[k], col[k], 1.0 / a.conductance.data()[k]});
    const Eigen::VectorXd v = net.solve();
    // Current through resistor r from its node b to its node a.
    const auto current = [&](int r) {
        const auto& e = net.resistors[r];
        return (v[e.b] - v[e.a]) / e.ohms;
    };
    NetworkCurrents out{Eigen::VectorXd::Zero(C), Eigen::VectorXd::Zero(R)};
    for (int i = 0; i < R; ++i) out.rows[i] = row_end[i] < 0 ? 0.0 : current(row_end[i]);
    for (int j = 0; j < C; ++j) out.columns[j] = col_end[j] < 0 ? 0.0 : -current(col_end[j]);
    return out;
}

}  // namespace memcosim::test
