#pragma once
// The value and partial-derivative kernels of the tape evaluator (internal to
// lib/models). Each kernel runs one operation over `count` devices: it writes
// the result and the partial derivatives with respect to its arguments; the
// evaluator then applies the chain rule over every derivative direction as
// the returned Chain says.
#include "models/operation.hpp"

#include <cstddef>

namespace memcosim::models::detail {

enum class Chain {
    none,        // no derivative (comparisons, floor, ...)
    product,     // d = sum over active arguments of partial_k * d argument_k
    sum,         // d = da + db
    difference,  // d = da - db
    negation,    // d = -da
    blend,       // d = partial_a != 0 ? d first : d second (select, min, max)
};

struct KernelArguments {
    std::size_t count = 0;
    const double* __restrict a = nullptr;
    const double* __restrict b = nullptr;
    const double* __restrict c = nullptr;
    double* __restrict result = nullptr;
    double* __restrict partial_a = nullptr;
    double* __restrict partial_b = nullptr;
    bool exponent_active = false;  // power: whether d/db is needed (ln a is NaN for a < 0)
};

// Computes the operation's values (and, if `with_partials`, the partials) and says how they chain.
Chain run_kernel(Operation operation, const KernelArguments& arguments, bool with_partials);

}  // namespace memcosim::models::detail
