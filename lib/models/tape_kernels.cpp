// One loop per operation over a chunk of devices; the loops are kept free
// of calls other than the math functions so that the compiler vectorises
// what it can. Values follow operation.hpp exactly (the same inline
// functions); partials are the analytic derivatives.
#include "models/tape_kernels.hpp"

#include <cmath>
#include <numbers>

namespace memcosim::models::detail {
namespace {

template <class Value, class Partial>
Chain unary(const KernelArguments& k, bool with_partials, Value value, Partial partial) {
    if (!with_partials) {
        for (std::size_t i = 0; i < k.count; ++i) k.result[i] = value(k.a[i]);
        return Chain::none;
    }
    for (std::size_t i = 0; i < k.count; ++i) {
        const double r = value(k.a[i]);
        k.result[i] = r;
        k.partial_a[i] = partial(k.a[i], r);
    }
    return Chain::product;
}

template <class Value, class PartialA, class PartialB>
Chain binary(const KernelArguments& k, bool with_partials, Value value, PartialA partial_a, PartialB partial_b) {
    if (!with_partials) {
        for (std::size_t i = 0; i < k.count; ++i) k.result[i] = value(k.a[i], k.b[i]);
        return Chain::none;
    }
    for (std::size_t i = 0; i < k.count; ++i) {
        const double r = value(k.a[i], k.b[i]);
        k.result[i] = r;
        k.partial_a[i] = partial_a(k.a[i], k.b[i], r);
        k.partial_b[i] = partial_b(k.a[i], k.b[i], r);
    }
    return Chain::product;
}

// Value-only operations (no derivative anywhere) and linear ones whose chain
// rule needs no partials; plain1 for one argument, plain2 for two.
template <class Value>
Chain plain1(const KernelArguments& k, Value value, Chain chain) {
    for (std::size_t i = 0; i < k.count; ++i) k.result[i] = value(k.a[i]);
    return chain;
}
template <class Value>
Chain plain2(const KernelArguments& k, Value value, Chain chain) {
    for (std::size_t i = 0; i < k.count; ++i) k.result[i] = value(k.a[i], k.b[i]);
    return chain;
}

Chain power(const KernelArguments& k, bool with_partials) {
    if (!with_partials) return plain2(k, power_value, Chain::none);
    for (std::size_t i = 0; i < k.count; ++i) {
        const double a = k.a[i], b = k.b[i], r = power_value(a, b);
        k.result[i] = r;
        // b a^(b-1) = b r / a, one pow instead of two; at a = 0 (or r = 0
        // from underflow) the quotient is no good and pow is called again.
        k.partial_a[i] = r != 0.0 && std::isfinite(r) ? b * (r / a) : b * power_value(a, b - 1.0);
    }
    if (k.exponent_active) {
        for (std::size_t i = 0; i < k.count; ++i) k.partial_b[i] = k.result[i] * std::log(k.a[i]);
    }
    return Chain::product;
}

Chain select(const KernelArguments& k) {
    for (std::size_t i = 0; i < k.count; ++i) {
        const bool chosen = k.a[i] != 0.0;
        k.result[i] = chosen ? k.b[i] : k.c[i];
        k.partial_a[i] = chosen ? 1.0 : 0.0;
    }
    return Chain::blend;
}

Chain extremum(const KernelArguments& k, bool minimum) {
    for (std::size_t i = 0; i < k.count; ++i) {
        const bool first = minimum ? k.a[i] <= k.b[i] : k.a[i] >= k.b[i];
        k.result[i] = first ? k.a[i] : k.b[i];
        k.partial_a[i] = first ? 1.0 : 0.0;
    }
    return Chain::blend;
}

Chain trigonometric(Operation operation, const KernelArguments& k, bool p);

// exp, limexp, ln, log10, sqrt, abs; the rest of the smooth functions below.
Chain elementary(Operation operation, const KernelArguments& k, bool p) {
    using std::sqrt;
    constexpr double ln10 = std::numbers::ln10;
    switch (operation) {
        case Operation::exp:
            return unary(
                k, p, [](double a) { return std::exp(a); }, [](double, double r) { return r; });
        case Operation::limexp:
            return unary(k, p, limexp_value,
                         [](double a, double r) { return a <= limexp_limit ? r : std::exp(limexp_limit); });
        case Operation::ln:
            return unary(
                k, p, [](double a) { return std::log(a); }, [](double a, double) { return 1.0 / a; });
        case Operation::log10:
            return unary(
                k, p, [](double a) { return std::log10(a); }, [=](double a, double) { return 1.0 / (a * ln10); });
        case Operation::sqrt:
            return unary(
                k, p, [](double a) { return sqrt(a); }, [](double, double r) { return 0.5 / r; });
        case Operation::abs:
            return unary(
                k, p, [](double a) { return std::fabs(a); }, [](double a, double) { return a >= 0.0 ? 1.0 : -1.0; });
        default: return trigonometric(operation, k, p);
    }
}

Chain trigonometric(Operation operation, const KernelArguments& k, bool p) {
    using std::sqrt;
    switch (operation) {
        case Operation::sin:
            return unary(
                k, p, [](double a) { return std::sin(a); }, [](double a, double) { return std::cos(a); });
        case Operation::cos:
            return unary(
                k, p, [](double a) { return std::cos(a); }, [](double a, double) { return -std::sin(a); });
        case Operation::tan:
            return unary(
                k, p, [](double a) { return std::tan(a); }, [](double, double r) { return 1.0 + r * r; });
        case Operation::asin:
            return unary(
                k, p, [](double a) { return std::asin(a); }, [](double a, double) { return 1.0 / sqrt(1.0 - a * a); });
        case Operation::acos:
            return unary(
                k, p, [](double a) { return std::acos(a); }, [](double a, double) { return -1.0 / sqrt(1.0 - a * a); });
        case Operation::atan:
            return unary(
                k, p, [](double a) { return std::atan(a); }, [](double a, double) { return 1.0 / (1.0 + a * a); });
        case Operation::sinh:
            return unary(
                k, p, [](double a) { return std::sinh(a); }, [](double a, double) { return std::cosh(a); });
        case Operation::cosh:
            return unary(
                k, p, [](double a) { return std::cosh(a); }, [](double a, double) { return std::sinh(a); });
        case Operation::tanh:
            return unary(
                k, p, [](double a) { return std::tanh(a); }, [](double, double r) { return 1.0 - r * r; });
        case Operation::asinh:
            return unary(
                k, p, [](double a) { return std::asinh(a); }, [](double a, double) { return 1.0 / sqrt(a * a + 1.0); });
        case Operation::acosh:
            return unary(
                k, p, [](double a) { return std::acosh(a); }, [](double a, double) { return 1.0 / sqrt(a * a - 1.0); });
        default:  // atanh
            return unary(
                k, p, [](double a) { return std::atanh(a); }, [](double a, double) { return 1.0 / (1.0 - a * a); });
    }
}

Chain without_derivative(Operation operation, const KernelArguments& k) {
    switch (operation) {
        case Operation::logical_not:
            return plain1(
                k, [](double a) { return truth(a == 0.0); }, Chain::none);
        case Operation::floor:
            return plain1(
                k, [](double a) { return std::floor(a); }, Chain::none);
        case Operation::ceil:
            return plain1(
                k, [](double a) { return std::ceil(a); }, Chain::none);
        case Operation::truncate:
            return plain1(
                k, [](double a) { return truncate_value(a); }, Chain::none);
        case Operation::round_integer:
            return plain1(
                k, [](double a) { return round_integer_value(a); }, Chain::none);
        case Operation::less:
            return plain2(
                k, [](double a, double b) { return truth(a < b); }, Chain::none);
        case Operation::less_equal:
            return plain2(
                k, [](double a, double b) { return truth(a <= b); }, Chain::none);
        case Operation::greater:
            return plain2(
                k, [](double a, double b) { return truth(a > b); }, Chain::none);
        case Operation::greater_equal:
            return plain2(
                k, [](double a, double b) { return truth(a >= b); }, Chain::none);
        case Operation::equal:
            return plain2(
                k, [](double a, double b) { return truth(a == b); }, Chain::none);
        case Operation::not_equal:
            return plain2(
                k, [](double a, double b) { return truth(a != b); }, Chain::none);
        case Operation::logical_and:
            return plain2(
                k, [](double a, double b) { return truth(a != 0.0 && b != 0.0); }, Chain::none);
        default:
            return plain2(
                k, [](double a, double b) { return truth(a != 0.0 || b != 0.0); }, Chain::none);
    }
}

}  // namespace

Chain run_kernel(Operation operation, const KernelArguments& k, bool p) {
    switch (operation) {
        case Operation::negate:
            return plain1(
                k, [](double a) { return -a; }, Chain::negation);
        case Operation::add:
            return plain2(
                k, [](double a, double b) { return a + b; }, Chain::sum);
        case Operation::subtract:
            return plain2(
                k, [](double a, double b) { return a - b; }, Chain::difference);
        case Operation::multiply:
            return binary(
                k, p, [](double a, double b) { return a * b; }, [](double, double b, double) { return b; },
                [](double a, double, double) { return a; });
        case Operation::divide:
            return binary(
                k, p, [](double a, double b) { return a / b; }, [](double, double b, double) { return 1.0 / b; },
                [](double, double b, double r) { return -r / b; });
        case Operation::power: return power(k, p);
        case Operation::min: return extremum(k, true);
        case Operation::max: return extremum(k, false);
        case Operation::atan2:
            return binary(
                k, p, [](double a, double b) { return std::atan2(a, b); },
                [](double a, double b, double) { return b / (a * a + b * b); },
                [](double a, double b, double) { return -a / (a * a + b * b); });
        case Operation::hypot:
            return binary(
                k, p, [](double a, double b) { return std::sqrt(a * a + b * b); },
                [](double a, double, double r) { return a / r; }, [](double, double b, double r) { return b / r; });
        case Operation::select: return select(k);
        default: break;
    }
    if (operation >= Operation::exp && operation <= Operation::atanh && operation != Operation::floor &&
        operation != Operation::ceil && operation != Operation::truncate && operation != Operation::round_integer) {
        return elementary(operation, k, p);
    }
    return without_derivative(operation, k);
}

}  // namespace memcosim::models::detail
