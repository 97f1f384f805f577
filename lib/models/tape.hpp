#pragma once
// A device model bound to parameter values and compiled to a flat tape: one
// instruction per graph node that is not constant, in topological order,
// over a small set of registers (reused once a value is dead). The evaluator
// (evaluator.hpp) runs each instruction over a whole chunk of devices, in
// value and forward-mode derivative (dual) form: every active register
// carries d/dV and d/dx_k alongside its value.
#include "models/device_model.hpp"
#include "models/expression_graph.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace memcosim::models {

using Register = std::uint16_t;

struct TapeInstruction {
    Operation operation = Operation::add;
    bool active = false;                     // the result depends on V or a state: derivatives are computed
    std::array<bool, 3> active_arguments{};  // which arguments carry derivatives
    Register result = 0;
    std::array<Register, 3> arguments{};
};

struct Tape {
    std::size_t register_count = 0;
    std::size_t state_count = 0;
    // Registers that hold the same value for the whole run: written once.
    std::vector<std::pair<Register, double>> constants;
    Register voltage = 0;          // input V(p, n), derivative direction 0
    std::vector<Register> states;  // input x_k, derivative direction 1 + k
    Register time = 0;             // input $abstime (no derivative)
    std::vector<TapeInstruction> instructions;
    Register current = 0;  // outputs
    std::vector<Register> rates;
    bool current_active = false;  // whether the output carries derivatives (else they are zero)
    std::vector<bool> rates_active;
    std::vector<double> initial_states;  // x_k at t = 0 with these parameter values

    // Derivative directions: V, then each state.
    [[nodiscard]] std::size_t directions() const { return 1 + state_count; }
};

// Binds the model's parameters (in DeviceModel::parameters() order) and the
// temperature (kelvin), folds constants and compiles the current and the rates.
[[nodiscard]] Tape compile_tape(const DeviceModel& model, const Binding& binding);

}  // namespace memcosim::models
