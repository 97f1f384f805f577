#pragma once
// A fast test that every value of a block is finite and > 0 (conductance
// maps, before a read): it runs at the speed the map streams from memory,
// so validating an array costs about as much as one surrogate pass over it
// instead of several. Only a yes/no: on "no" the caller walks the block
// element by element to name the first bad entry.
#include <cstddef>

namespace memcosim {

// True when every values[k], k < count, is finite and > 0. May answer
// false for a block whose sum overflows although every entry is good (the
// caller's element-by-element walk then settles it); never true for a bad one.
[[nodiscard]] bool all_positive_finite(const double* values, std::size_t count);

namespace detail {
// The same with the x86-64 baseline's vectors, whatever the CPU has (for tests).
[[nodiscard]] bool all_positive_finite_baseline(const double* values, std::size_t count);
}  // namespace detail

}  // namespace memcosim
