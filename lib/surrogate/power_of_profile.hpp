#pragma once
// out[i] = x[i]^exponent for a whole profile at once, written with explicit
// vectors (AVX-512, AVX2 with FMA, baseline x86-64) and picked like the fused
// pass (fused_column_pass.hpp), including its portable mode. At 512 rows
// std::exp(p log x) per element took 3.5 us of a 35-60 us read; this takes
// about a tenth of that.
//
// Accuracy: log by exponent split and the atanh series, exp by
// Cody-Waite reduction and a degree-13 Taylor polynomial: within a few ulp
// of exp(exponent * log x), which is itself exact only to |exponent log x|
// ulp (the same for std::pow). Elements the vectors do not cover (x <= 0,
// subnormal or not finite, or |exponent log x| > 700) take std::exp/std::log.
//
// Internal to lib/surrogate (attenuation_model.cpp).
#include "surrogate/fused_column_pass.hpp"

#include <cstddef>

namespace memcosim::surrogate::detail {

void power_of_profile(const double* x, std::size_t n, double exponent, double* out,
                      PassTarget target = PassTarget::automatic);

}  // namespace memcosim::surrogate::detail
