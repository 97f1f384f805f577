#pragma once
// The C++ evaluator of a device model: terminal current I(V, x), state rates
// dx/dt(V, x) and their exact partial derivatives (forward-mode duals over
// V and every state, no finite differences), for one device or for a batch
// of devices that share the parameter values.
//
//     const models::Evaluator evaluator(model, models::resolve_parameters(model, {{"Roff", 20e3}}));
//     models::Evaluator worker = evaluator;      // one per thread: it owns its scratch space
//     const models::Evaluation e = worker.evaluate(0.5, worker.initial_states());
//
// Batch: structure of arrays, N values per input and per output; the tape
// runs over chunks of devices with the loop inside each instruction, so the
// arithmetic vectorises. Semantics of each operation: models/operation.hpp.
#include "models/device_model.hpp"
#include "models/tape.hpp"
#include "models/tape_kernels.hpp"

#include <array>
#include <span>
#include <vector>

namespace memcosim::models {

inline constexpr double default_temperature = 300.15;  // kelvin (27 C, ngspice's default)

// One device at one point.
struct Evaluation {
    double current = 0.0;      // I(p,n), amperes, flowing p -> n through the device
    double dcurrent_dv = 0.0;  // dI/dV(p,n)
    std::array<double, max_states> dcurrent_dx{};
    std::array<double, max_states> rate{};  // dx_k/dt
    std::array<double, max_states> drate_dv{};
    std::array<std::array<double, max_states>, max_states> drate_dx{};  // [k][l] = d rate_k / d x_l
};

// N devices: each span holds N values (states: the first state_count() spans).
struct BatchInput {
    std::span<const double> voltage;
    std::array<std::span<const double>, max_states> states{};
    double time = 0.0;  // $abstime, the same for the whole batch
};

// Where to write N values each; an empty span is skipped.
struct BatchOutput {
    std::span<double> current, dcurrent_dv;
    std::array<std::span<double>, max_states> dcurrent_dx{}, rate{}, drate_dv{};
    std::array<std::array<std::span<double>, max_states>, max_states> drate_dx{};
};

class Evaluator {
public:
    static constexpr std::size_t chunk = 128;  // devices per pass over the tape

    // `parameter_values` in model.parameters() order (see resolve_parameters()).
    Evaluator(const DeviceModel& model, const std::vector<double>& parameter_values,
              double temperature = default_temperature);

    [[nodiscard]] std::size_t state_count() const { return tape_.state_count; }
    // x_k at t = 0 (the idt initial values) with these parameters.
    [[nodiscard]] std::span<const double> initial_states() const { return tape_.initial_states; }
    [[nodiscard]] const Tape& tape() const { return tape_; }

    // `states` holds state_count() values.
    [[nodiscard]] Evaluation evaluate(double voltage, std::span<const double> states, double time = 0.0);
    // Throws std::invalid_argument if a given span's length differs from input.voltage's.
    void evaluate(const BatchInput& input, const BatchOutput& output);

private:
    void prepare_workspace();
    void run_chunk(std::size_t count);
    void chain_rule(const TapeInstruction& instruction, detail::Chain chain, std::size_t direction, std::size_t count);
    void load_chunk(const BatchInput& input, std::size_t start, std::size_t count);
    void store_chunk(const BatchOutput& output, std::size_t start, std::size_t count) const;
    [[nodiscard]] double* values(Register reg) { return values_.data() + reg * chunk; }
    [[nodiscard]] double* derivatives(Register reg, std::size_t direction) {
        return derivatives_.data() + (reg * tape_.directions() + direction) * chunk;
    }
    [[nodiscard]] const double* values(Register reg) const { return values_.data() + reg * chunk; }
    [[nodiscard]] const double* derivatives(Register reg, std::size_t direction) const {
        return derivatives_.data() + (reg * tape_.directions() + direction) * chunk;
    }

    Tape tape_;
    std::vector<double> values_, derivatives_, partials_, zeros_;
};

}  // namespace memcosim::models
