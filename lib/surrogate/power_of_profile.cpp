#include "surrogate/power_of_profile.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace memcosim::surrogate::detail {

namespace {

// The vector helpers are always inlined into one compiled variant, so no
// vector value crosses a call (GCC's ABI note does not apply).
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double v4d __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
typedef std::int64_t v4l __attribute__((vector_size(32)));
typedef std::int64_t v8l __attribute__((vector_size(64)));

constexpr double ln2_hi = 6.93147180369123816490e-01;  // ln 2 with the low 32 bits cleared
constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 - ln2_hi
constexpr double round_magic = 6755399441055744.0;     // 1.5 * 2^52: adding it rounds to an integer

// Small integers to doubles and back by the 1.5 * 2^52 shift (exact for
// |k| < 2^51), since AVX-512F alone has no 64-bit integer conversion.
template <typename V, typename L>
__attribute__((always_inline)) inline V to_double(L k) {
    const V magic = V{} + round_magic;
    L bits;
    std::memcpy(&bits, &magic, sizeof bits);
    bits += k;
    V v;
    std::memcpy(&v, &bits, sizeof v);
    return v - magic;
}

// x^p = exp(p log x) for normal positive x, every lane at once; y receives
// p log x, by which the caller checks the lanes stayed in range. V holds
// doubles, L the same number of 64-bit integers.
// x^p = exp(p log x), every lane at once, for normal positive x; lanes
// outside (x <= 0, subnormal, not finite, or |p log x| beyond about 690)
// set a nonzero value in `outside`. Integer operations only for the
// checks and the exponent split: comparisons would give AVX-512 mask
// registers, which AVX-512F alone turns back into vectors slowly.
template <typename V, typename L>
__attribute__((always_inline)) inline V power_lanes(V x, double p, L& outside) {
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)): shifting the bits by
    // 1 - sqrt(1/2) in the mantissa moves the exponent step to sqrt(2).
    constexpr std::int64_t sqrt_half_bits = 0x3fe6a09e667f3bcdLL;
    constexpr std::int64_t one_bits = 0x3ff0000000000000LL;
    L bits;
    std::memcpy(&bits, &x, sizeof bits);
    const L shifted_bits = bits + (one_bits - sqrt_half_bits);
    const L exponent_field = shifted_bits >> 52;  // biased exponent of m 2^e; sign bit set for x < 0
    const L mantissa_bits = (shifted_bits & 0x000fffffffffffffLL) + sqrt_half_bits;
    V m;
    std::memcpy(&m, &mantissa_bits, sizeof m);
    const V e = to_double<V, L>(exponent_field - 1023);
    // log m = 2 atanh(s) = 2 (s + s^3/3 + ... + s^23/23), s = (m - 1)/(m + 1),
    // |s| <= 0.1716: the first omitted term is below 1e-18 of the sum.
    const V s = (m - 1.0) / (m + 1.0);
    const V z = s * s;
    // The series in z by Estrin's scheme (pairs, then pairs of pairs): a
    // shorter dependency chain than Horner's, which kept too few vectors
    // in flight.
    const V z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    const V q01 = (1.0 / 3.0) + z * (1.0 / 5.0), q23 = (1.0 / 7.0) + z * (1.0 / 9.0);
    const V q45 = (1.0 / 11.0) + z * (1.0 / 13.0), q67 = (1.0 / 15.0) + z * (1.0 / 17.0);
    const V q89 = (1.0 / 19.0) + z * (1.0 / 21.0);
    const V series = (q01 + z2 * q23) + z4 * (q45 + z2 * q67) + z8 * (q89 + z2 * (1.0 / 23.0));
    const V log_m = 2.0 * s + 2.0 * s * (z * series);
    // y = p log x with log x = e ln2_hi + (e ln2_lo + log m).
    const V y = p * (e * ln2_hi) + p * (e * ln2_lo + log_m);
    // exp y = 2^k exp r, k = round(y / ln 2), |r| <= ln2 / 2 (plus rounding).
    const V shifted = y * M_LOG2E + round_magic;
    const V k = shifted - round_magic;
    const V r = (y - k * ln2_hi) - k * ln2_lo;
    // exp r by its Taylor polynomial to r^13 (Estrin's scheme as above).
    const V r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const V e01 = 1.0 + r, e23 = 0.5 + r * (1.0 / 6.0), e45 = (1.0 / 24.0) + r * (1.0 / 120.0);
    const V e67 = (1.0 / 720.0) + r * (1.0 / 5040.0), e89 = (1.0 / 40320.0) + r * (1.0 / 362880.0);
    const V e1011 = (1.0 / 3628800.0) + r * (1.0 / 39916800.0);
    const V e1213 = (1.0 / 479001600.0) + r * (1.0 / 6227020800.0);
    const V poly = ((e01 + r2 * e23) + r4 * (e45 + r2 * e67)) + r8 * ((e89 + r2 * e1011) + r4 * e1213);
    L k_bits;
    std::memcpy(&k_bits, &shifted, sizeof k_bits);
    L round_bits;
    const V magic = V{} + round_magic;
    std::memcpy(&round_bits, &magic, sizeof round_bits);
    const L k_int = k_bits - round_bits;
    const L scale_bits = (k_int + 1023) << 52;
    V scale;
    std::memcpy(&scale, &scale_bits, sizeof scale);
    // Outside: sign bit of x, a zero (subnormal) or full (inf/NaN) exponent
    // field of x, or |k| > 995 (2^k and the result would leave the normal range).
    const L x_exponent = (bits >> 52) & 0x7ff;
    outside |= (bits >> 63) | ((x_exponent - 1) >> 63) | ((2046 - x_exponent) >> 63) | ((995 - k_int) >> 63) |
               ((k_int + 995) >> 63);
    return poly * scale;
}

double scalar_power(double x, double p) { return x > 0.0 ? std::exp(p * std::log(x)) : std::pow(0.0, p); }

template <typename V, typename L, std::size_t W>
__attribute__((always_inline)) inline void power_body(const double* x, std::size_t n, double p, double* out) {
    std::size_t i = 0;
    L outside = L{};  // gathered over all vectors; the rare miss redoes them one by one
    for (; i + W <= n; i += W) {
        V v;
        std::memcpy(&v, x + i, sizeof v);
        const V result = power_lanes<V, L>(v, p, outside);
        std::memcpy(out + i, &result, sizeof result);
    }
    bool any = false;
    for (std::size_t k = 0; k < W; ++k) any = any || outside[k] != 0;
    if (any) {
        for (std::size_t j = 0; j < i; ++j) out[j] = scalar_power(x[j], p);
    }
    for (; i < n; ++i) out[i] = scalar_power(x[i], p);
}

__attribute__((target("avx512f"))) void power_avx512(const double* x, std::size_t n, double p, double* out) {
    power_body<v8d, v8l, 8>(x, n, p, out);
}
__attribute__((target("avx2,fma"))) void power_avx2(const double* x, std::size_t n, double p, double* out) {
    power_body<v4d, v4l, 4>(x, n, p, out);
}
void power_generic(const double* x, std::size_t n, double p, double* out) { power_body<v4d, v4l, 4>(x, n, p, out); }

}  // namespace

void power_of_profile(const double* x, std::size_t n, double exponent, double* out, PassTarget target) {
    switch (resolve_pass_target(target)) {
        case PassTarget::avx512: power_avx512(x, n, exponent, out); break;
        case PassTarget::avx2: power_avx2(x, n, exponent, out); break;
        default: power_generic(x, n, exponent, out);
    }
}

}  // namespace memcosim::surrogate::detail
