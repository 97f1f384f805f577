#pragma once
// Memristor cells of a crossbar netlist as the model's DYNAMIC subcircuit
// (states integrate in ngspice), each starting at its own states: used by
// the write (experiments/array_write.hpp) and by the transients of model
// and composite cells (experiments/cell_transient_run.hpp).
#include "core/crossbar_array.hpp"
#include "experiments/device_experiment.hpp"
#include "models/parameter_overrides.hpp"
#include "netlist/circuit.hpp"

#include <string>
#include <vector>

namespace memcosim::experiments {

// The instance parameters of cell (i, j): the overrides and its initial
// states, through the parameters that hold them (x0, ...). Throws
// InputError (naming `context`) if a state whose initial value is not a
// parameter is asked to start anywhere but at the model's own initial value.
class InitialStateParameters {
public:
    InitialStateParameters(const DeviceUnderTest& cell, const std::vector<RowMajorMatrix>& states,
                           std::string context);
    [[nodiscard]] models::ParameterOverrides operator()(Eigen::Index i, Eigen::Index j) const;

private:
    const DeviceUnderTest& cell_;
    const std::vector<RowMajorMatrix>& states_;
};

// Replaces every cell resistor rg<i>_<j> of a generated crossbar circuit
// (whatever its nodes: a composite cell's memory element ends on its
// internal node) by an instance `prefix`<i>_<j> of the model's dynamic
// subcircuit at the cell's initial states, and adds the subcircuit.
// Returns the state node names (probe v(<prefix><i>_<j>.<node>)).
std::vector<std::string> make_cells_dynamic(netlist::Circuit& circuit, const DeviceUnderTest& cell,
                                            const std::vector<RowMajorMatrix>& states, const std::string& prefix,
                                            const std::string& context);

}  // namespace memcosim::experiments
