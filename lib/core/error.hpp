#pragma once
// Error types shared by every layer. Each carries a complete, user-facing
// message; the CLI prints what() and exits non-zero.
#include <stdexcept>
#include <string>

namespace memcosim {

// Bad user input: a file, a flag or a value. The message names the file and
// line, or the option, and says what was expected.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A circuit that cannot be simulated (floating node, loop of voltage sources,
// duplicate names...), found before it reaches an engine.
class CircuitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An engine (ngspice or one of ours) failed on a valid input.
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace memcosim
