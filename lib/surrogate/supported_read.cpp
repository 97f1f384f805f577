#include "surrogate/supported_read.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace memcosim::surrogate {

void require_supported_read(const CrossbarArray& array, const char* model) {
    array.validate();
    if (!array.default_periphery()) {
        throw InputError(fmt::format(
            "surrogate {}: only the default periphery (ideal drivers, columns sensed at 0 V) is supported", model));
    }
    if (array.cell_source_currents.size() != 0) {
        throw InputError(fmt::format("surrogate {}: cell current sources are not supported", model));
    }
}

}  // namespace memcosim::surrogate
