#pragma once
// Shared helpers for the partition tests: reproducible random matrices.
#include "core/crossbar_array.hpp"
#include "partition/device_variation.hpp"

namespace memcosim::partition::test {

// Entries uniform in [lo, hi).
inline RowMajorMatrix random_matrix(Eigen::Index rows, Eigen::Index cols, double lo, double hi, std::uint64_t seed) {
    DeviceRandom random(seed);
    RowMajorMatrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = lo + (hi - lo) * random.uniform();
    return m;
}

inline Eigen::MatrixXd random_inputs(Eigen::Index vectors, Eigen::Index width, std::uint64_t seed) {
    return Eigen::MatrixXd(random_matrix(vectors, width, -1.0, 1.0, seed));
}

}  // namespace memcosim::partition::test
