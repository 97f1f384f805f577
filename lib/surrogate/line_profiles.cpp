#include "surrogate/line_profiles.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace memcosim::surrogate {

namespace {

double decay(double r, double h) { return std::exp(-std::acosh(1.0 + 0.5 * r * std::max(h, 0.0))); }

// e^{-t k}, k = 0 .. 2n+1, by repeated multiplication.
Eigen::VectorXd powers_of_decay(double r, double h, Eigen::Index n) {
    const double q = decay(r, h);
    Eigen::VectorXd p(2 * n + 2);
    p(0) = 1.0;
    for (Eigen::Index k = 1; k < p.size(); ++k) p(k) = p(k - 1) * q;
    return p;
}

// The same powers into p[0, 2n+2) by eight chains of step q^8 (independent
// multiplies overlap in the pipeline; one chain waits on each product),
// the eight kept in four SSE2 registers so no product goes through memory (the
// store-to-load round trip made this 5 % of a 512 x 512 read). Element by
// element the same products as one chain per residue k mod 8.
typedef double two_doubles __attribute__((vector_size(16)));  // one SSE2 register: the build's baseline

void fill_powers(double r, double h, Eigen::Index n, double* p) {
    const double q = decay(r, h);
    const Eigen::Index count = 2 * n + 2;
    const Eigen::Index first = std::min<Eigen::Index>(8, count);
    p[0] = 1.0;
    for (Eigen::Index k = 1; k < first; ++k) p[k] = p[k - 1] * q;
    if (count <= 8) return;
    const double step = p[4] * p[4];
    two_doubles chain[4];
    std::memcpy(chain, p, sizeof chain);
    const two_doubles factor = {step, step};
    Eigen::Index k = 8;
    for (; k + 8 <= count; k += 8) {
        for (two_doubles& c : chain) c *= factor;
        std::memcpy(p + k, chain, sizeof chain);
    }
    for (; k < count; ++k) p[k] = p[k - 8] * step;
}

}  // namespace

// P(j) = (q^{j+1} + q^{2n-j}) / (1 + q^{2n+1}).
Eigen::VectorXd row_line_profile(double r, double h, Eigen::Index n) {
    const Eigen::VectorXd p = powers_of_decay(r, h, n);
    Eigen::VectorXd out(n);
    const double denominator = 1.0 + p(2 * n + 1);
    for (Eigen::Index j = 0; j < n; ++j) out(j) = (p(j + 1) + p(2 * n - j)) / denominator;
    return out;
}

// Q(i) = (q^{n-i} + q^{n+i+1}) / (1 + q^{2n+1}).
Eigen::VectorXd column_line_profile(double r, double h, Eigen::Index n) {
    const Eigen::VectorXd p = powers_of_decay(r, h, n);
    Eigen::VectorXd out(n);
    const double denominator = 1.0 + p(2 * n + 1);
    for (Eigen::Index i = 0; i < n; ++i) out(i) = (p(n - i) + p(n + i + 1)) / denominator;
    return out;
}

void row_line_profile_into(double r, double h, Eigen::Index n, double* p, double* out) {
    fill_powers(r, h, n, p);
    const double scale = 1.0 / (1.0 + p[2 * n + 1]);
    for (Eigen::Index j = 0; j < n; ++j) out[j] = (p[j + 1] + p[2 * n - j]) * scale;
}

void column_line_profile_into(double r, double h, Eigen::Index n, double* p, double* out) {
    fill_powers(r, h, n, p);
    const double scale = 1.0 / (1.0 + p[2 * n + 1]);
    for (Eigen::Index i = 0; i < n; ++i) out[i] = (p[n - i] + p[n + i + 1]) * scale;
}

}  // namespace memcosim::surrogate
