#pragma once
// The circuit every IR-drop surrogate assumes: a linear (1R) crossbar read
// with uniform wire resistance per segment and the default periphery of
// DESIGN.md (ideal row drivers, every column sensed at 0 V), no cell current
// sources. Anything else is a different circuit the surrogates were never
// derived or calibrated for, so they refuse it instead of answering wrongly.
#include "core/crossbar_array.hpp"

namespace memcosim::surrogate {

// Validates the array (CrossbarArray::validate) and throws InputError naming
// `model` when the read is outside the supported circuit.
void require_supported_read(const CrossbarArray& array, const char* model);

}  // namespace memcosim::surrogate
