#include "models/evaluator.hpp"

#include "models/tape_kernels.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace memcosim::models {

Evaluator::Evaluator(const DeviceModel& model, const std::vector<double>& parameter_values, double temperature)
    : tape_(compile_tape(model, Binding{parameter_values, temperature})) {
    prepare_workspace();
}

// Constants and the derivative seeds of the inputs (dV/dV = 1 in direction
// 0, dx_k/dx_k = 1 in direction 1 + k) never change: written once here.
void Evaluator::prepare_workspace() {
    const std::size_t directions = tape_.directions();
    values_.assign(tape_.register_count * chunk, 0.0);
    derivatives_.assign(tape_.register_count * directions * chunk, 0.0);
    partials_.assign(2 * chunk, 0.0);
    zeros_.assign(chunk, 0.0);
    for (const auto& [reg, value] : tape_.constants) std::fill_n(values(reg), chunk, value);
    std::fill_n(derivatives(tape_.voltage, 0), chunk, 1.0);
    for (std::size_t k = 0; k < tape_.state_count; ++k) std::fill_n(derivatives(tape_.states[k], 1 + k), chunk, 1.0);
}

namespace {

void check_length(std::size_t length, std::size_t expected, const char* what, bool optional) {
    if ((optional && length == 0) || length == expected) return;
    throw std::invalid_argument(fmt::format("Evaluator: '{}' holds {} values, expected {}", what, length, expected));
}

void check_batch(const BatchInput& input, const BatchOutput& output, std::size_t states) {
    const std::size_t n = input.voltage.size();
    for (std::size_t k = 0; k < states; ++k) check_length(input.states[k].size(), n, "states", false);
    check_length(output.current.size(), n, "current", true);
    check_length(output.dcurrent_dv.size(), n, "dcurrent_dv", true);
    for (std::size_t k = 0; k < states; ++k) {
        check_length(output.dcurrent_dx[k].size(), n, "dcurrent_dx", true);
        check_length(output.rate[k].size(), n, "rate", true);
        check_length(output.drate_dv[k].size(), n, "drate_dv", true);
        for (std::size_t l = 0; l < states; ++l) check_length(output.drate_dx[k][l].size(), n, "drate_dx", true);
    }
}

void copy_out(std::span<double> destination, std::size_t start, std::size_t count, const double* source,
              bool available) {
    if (destination.empty()) return;
    double* target = destination.data() + start;
    if (available) {
        std::copy_n(source, count, target);
    } else {
        std::fill_n(target, count, 0.0);
    }
}

}  // namespace

void Evaluator::evaluate(const BatchInput& input, const BatchOutput& output) {
    check_batch(input, output, tape_.state_count);
    std::fill_n(values(tape_.time), chunk, input.time);
    const std::size_t n = input.voltage.size();
    for (std::size_t start = 0; start < n; start += chunk) {
        const std::size_t count = std::min(chunk, n - start);
        load_chunk(input, start, count);
        run_chunk(count);
        store_chunk(output, start, count);
    }
}

void Evaluator::load_chunk(const BatchInput& input, std::size_t start, std::size_t count) {
    std::copy_n(input.voltage.data() + start, count, values(tape_.voltage));
    for (std::size_t k = 0; k < tape_.state_count; ++k) {
        std::copy_n(input.states[k].data() + start, count, values(tape_.states[k]));
    }
}

void Evaluator::run_chunk(std::size_t count) {
    double* partial_a = partials_.data();
    double* partial_b = partial_a + chunk;
    for (const TapeInstruction& instruction : tape_.instructions) {
        const auto& arguments = instruction.arguments;
        const detail::KernelArguments kernel{count,
                                             values(arguments[0]),
                                             values(arguments[1]),
                                             values(arguments[2]),
                                             values(instruction.result),
                                             partial_a,
                                             partial_b,
                                             instruction.active_arguments[1]};
        const detail::Chain chain = detail::run_kernel(instruction.operation, kernel, instruction.active);
        if (!instruction.active) continue;
        for (std::size_t direction = 0; direction < tape_.directions(); ++direction) {
            chain_rule(instruction, chain, direction, count);
        }
    }
}

// The result's derivative in one direction from its arguments' derivatives
// and the kernel's partials. Inactive arguments contribute nothing: their
// terms are left out (not multiplied by zero, since a partial may be NaN
// where it is not needed, e.g. ln(a) of a negative base) or read as zeros.
void Evaluator::chain_rule(const TapeInstruction& instruction, detail::Chain chain, std::size_t direction,
                           std::size_t count) {
    const auto& active = instruction.active_arguments;
    const auto source = [&](int k) -> const double* {
        return active[k] ? derivatives(instruction.arguments[k], direction) : zeros_.data();
    };
    const double* __restrict partial_a = partials_.data();
    const double* __restrict partial_b = partial_a + chunk;
    double* __restrict out = derivatives(instruction.result, direction);
    const double* __restrict da = source(0);
    const double* __restrict db = source(1);
    switch (chain) {
        case detail::Chain::product:
            if (active[0] && active[1]) {
                for (std::size_t i = 0; i < count; ++i) out[i] = partial_a[i] * da[i] + partial_b[i] * db[i];
            } else if (active[0]) {
                for (std::size_t i = 0; i < count; ++i) out[i] = partial_a[i] * da[i];
            } else {
                for (std::size_t i = 0; i < count; ++i) out[i] = partial_b[i] * db[i];
            }
            break;
        case detail::Chain::sum: for (std::size_t i = 0; i < count; ++i) out[i] = da[i] + db[i]; break;
        case detail::Chain::difference: for (std::size_t i = 0; i < count; ++i) out[i] = da[i] - db[i]; break;
        case detail::Chain::negation: for (std::size_t i = 0; i < count; ++i) out[i] = -da[i]; break;
        case detail::Chain::blend: {
            // select blends its branches (arguments 1, 2); min and max their arguments 0, 1.
            const bool is_select = instruction.operation == Operation::select;
            const double* __restrict first = is_select ? db : da;
            const double* __restrict second = is_select ? source(2) : db;
            for (std::size_t i = 0; i < count; ++i) out[i] = partial_a[i] != 0.0 ? first[i] : second[i];
            break;
        }
        case detail::Chain::none: std::fill_n(out, count, 0.0); break;
    }
}

void Evaluator::store_chunk(const BatchOutput& output, std::size_t start, std::size_t count) const {
    const std::size_t states = tape_.state_count;
    copy_out(output.current, start, count, values(tape_.current), true);
    copy_out(output.dcurrent_dv, start, count, derivatives(tape_.current, 0), tape_.current_active);
    for (std::size_t k = 0; k < states; ++k) {
        copy_out(output.dcurrent_dx[k], start, count, derivatives(tape_.current, 1 + k), tape_.current_active);
        const Register rate = tape_.rates[k];
        const bool active = tape_.rates_active[k];
        copy_out(output.rate[k], start, count, values(rate), true);
        copy_out(output.drate_dv[k], start, count, derivatives(rate, 0), active);
        for (std::size_t l = 0; l < states; ++l) {
            copy_out(output.drate_dx[k][l], start, count, derivatives(rate, 1 + l), active);
        }
    }
}

Evaluation Evaluator::evaluate(double voltage, std::span<const double> states, double time) {
    if (states.size() != tape_.state_count) {
        throw std::invalid_argument(
            fmt::format("Evaluator: {} state values given, the model has {}", states.size(), tape_.state_count));
    }
    Evaluation result;
    BatchInput input;
    input.voltage = std::span<const double>(&voltage, 1);
    input.time = time;
    BatchOutput output;
    output.current = std::span<double>(&result.current, 1);
    output.dcurrent_dv = std::span<double>(&result.dcurrent_dv, 1);
    for (std::size_t k = 0; k < tape_.state_count; ++k) {
        input.states[k] = states.subspan(k, 1);
        output.dcurrent_dx[k] = std::span<double>(&result.dcurrent_dx[k], 1);
        output.rate[k] = std::span<double>(&result.rate[k], 1);
        output.drate_dv[k] = std::span<double>(&result.drate_dv[k], 1);
        for (std::size_t l = 0; l < tape_.state_count; ++l) {
            output.drate_dx[k][l] = std::span<double>(&result.drate_dx[k][l], 1);
        }
    }
    evaluate(input, output);
    return result;
}

}  // namespace memcosim::models
