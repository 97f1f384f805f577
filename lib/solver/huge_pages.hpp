#pragma once
// Large work arrays (hundreds of MB at 4096 x 4096) are touched for the first
// time inside the solve. With 4 KiB pages that first touch costs one page
// fault per 4 KiB, which on a virtual machine took a quarter of the run time;
// backing them with 2 MiB transparent huge pages removes almost all of it.
// The kernel honours the advice only in THP "madvise" or "always" mode, and
// it is a no-op elsewhere.
#include <Eigen/Core>

#include <cstddef>

namespace memcosim::solver::detail {

// Advise the 2 MiB-aligned interior of [data, data + bytes); call it before
// the memory is first written.
void advise_huge_pages(void* data, std::size_t bytes);

// Resizes (contents undefined) and advises, for Eigen vectors and matrices.
template <class Dense>
void allocate_large(Dense& dense, Eigen::Index rows, Eigen::Index cols) {
    dense.resize(rows, cols);
    advise_huge_pages(dense.data(), static_cast<std::size_t>(dense.size()) * sizeof(typename Dense::Scalar));
}

template <class Vector>
void allocate_large(Vector& vector, Eigen::Index size) {
    allocate_large(vector, size, 1);
}

}  // namespace memcosim::solver::detail
