#pragma once
// Inline Verilog-A models and helpers shared by the model-layer tests.
#include "models/elaborate.hpp"
#include "models/evaluator.hpp"
#include "models/parameter_overrides.hpp"
#include "spice/engine.hpp"
#include "va/parse.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <string>
#include <vector>

namespace memcosim::models::test {

// One Engine per process (ngspice's state is global).
inline spice::Engine& shared_engine() {
    static spice::Engine engine;
    return engine;
}

// A VTEAM-like threshold memristor: user function with an integer input,
// @(initial_step) computing from parameters, limexp, $vt, if/else chains.
inline const std::string threshold_model = R"va(`include "disciplines.vams"
`include "constants.vams"
// Threshold memristor for the model-layer tests.
module threshold(p, n);
    inout p, n;
    electrical p, n, x;
    (* desc="off rate", units="1/s" *) parameter real k_off = 5e4 from (0:inf);
    (* desc="on rate", units="1/s" *) parameter real k_on = -8e4 from (-inf:0);
    (* desc="off threshold", units="V" *) parameter real v_off = 0.3 from (0:inf);
    (* desc="on threshold", units="V" *) parameter real v_on = -0.4 from (-inf:0);
    (* desc="exponent" *) parameter real alpha = 3 from [1:inf);
    (* desc="on resistance", units="ohm" *) parameter real R_on = 1e3 from (0:inf);
    (* desc="off resistance", units="ohm" *) parameter real R_off = 1e5 from (0:inf);
    (* desc="window exponent" *) parameter integer p_window = 2 from [1:10];
    (* desc="diode saturation current", units="A" *) parameter real i_s = 1e-12 from [0:inf);
    (* desc="initial state" *) parameter real x0 = 0.3 from [0:1];
    localparam real span = R_off - R_on;
    real v, w, rate, r, g_span;

    analog function real window;
        input s, q;
        real s;
        integer q;
        window = 1 - pow(2 * s - 1, 2 * q);
    endfunction

    analog begin
        @(initial_step) begin
            g_span = 1.0 / span;
            $strobe("threshold: x0 = %g", x0);
        end
        v = V(p, n);
        w = V(x) > 1 ? 1 : (V(x) < 0 ? 0 : V(x));
        if (v > v_off)
            rate = k_off * pow(v / v_off - 1, alpha) * window(w, p_window);
        else if (v < v_on)
            rate = k_on * pow(v / v_on - 1, alpha) * window(w, p_window);
        else
            rate = 0.0;
        V(x) <+ idt(rate, x0);
        r = R_on + span * w;
        I(p, n) <+ v / r + i_s * (limexp(v / $vt) - limexp(-v / $vt)) + 0 * g_span;
    end
endmodule
)va";

// Every operation of the lowering once, two states; conditional
// contributions, integer arithmetic and negative bases included.
inline const std::string coverage_model = R"va(`include "disciplines.vams"
`include "constants.vams"
module coverage(P, N);
    inout P, N;
    electrical P, N, a, b;
    parameter real g = 1e-3 from (0:inf);
    parameter real e = 0.5;            // a name ngspice reserves (Euler's number)
    parameter real Time = 2;           // another reserved word, in capitals
    parameter real time_p = 3;         // what a renamed 'Time' would collide with
    parameter real pi = 1.25;
    parameter integer odd = 3 from [1:9];
    parameter integer two = 2;
    parameter real a0 = 0.25;
    parameter real b0 = -0.5;
    parameter real k = 2 * a0 + 1;     // a default written in other parameters
    parameter real three = 3;          // a whole real exponent: ngspice reads it as 3.0000000000000004
    real v, s, t, u, q;
    integer m;

    analog function real cube_sign;
        input z;
        real z;
        cube_sign = pow(z, odd);
    endfunction

    analog begin
        v = V(P, N);
        s = V(a) - V(b);
        m = 7 / two + odd / 2;              // integer division: 3 + 1
        t = exp(0.1 * v) + ln(2 + s * s) + log(3 + v * v) + sqrt(1 + v * v) + abs(s) + floor(2.5 * s) + ceil(1.5 * v);
        t = t + sin(v) + cos(s) + tan(0.3 * v) + asin(0.2 * tanh(s)) + acos(0.3 * tanh(v)) + atan(v);
        t = t + sinh(0.5 * v) + cosh(0.5 * s) + tanh(v) + asinh(s) + acosh(2 + v * v) + atanh(0.5 * tanh(v));
        u = pow(s, 3) + cube_sign(v - 0.1) + pow(s * s + 0.5, 0.5 * odd + 0.25) + (v - 0.2) ** two;
        u = u + min(v, s) + max(v, s) + pow(v - 0.05, three);
        u = u + atan2(v, s) + atan2(s - 1, v) + hypot(v, s) + 1e-30 * limexp(60 * v) + m + (odd ** 2) / 2;
        q = (v > 0 && s < 0.2) || !(v < -0.5) ? e * $vt + pi : Time * ($temperature - 300) + time_p * $abstime;
        if (v > 0.1) begin
            I(P, N) <+ g * (t + u) * v;
        end else if (s > 0) begin
            I(N, P) <+ -g * t * v * k;
        end else begin
            I(P, N) <+ g * (q + 0.01 * u) * v;
        end
        I(P, N) <+ g * v;
        V(a) <+ idt(q * (0.5 - V(a)) + 0.1 * v, a0);
        V(b) <+ idt(-V(b) * t * 0.01 + u * 0.001 + s, b0);
    end
endmodule
)va";

inline va::Module parse_module(const std::string& text) { return va::parse_source(text, "test.va").modules.at(0); }

inline DeviceModel elaborate_text(const std::string& text) { return elaborate(parse_module(text)); }

// The message of the InputError (VaError included) that elaborating `text` raises ("" if none).
inline std::string elaboration_error(const std::string& text) {
    try {
        (void)elaborate_text(text);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

// A module around declarations and an analog body, ports (p, n).
inline std::string in_module(const std::string& declarations, const std::string& analog) {
    return fmt::format(
        "module m(p, n);\n    inout p, n;\n    electrical p, n;\n{}    analog begin\n{}\n    end\n"
        "endmodule\n",
        declarations, analog);
}

inline std::filesystem::path va_models_directory() { return MEMCOSIM_TEST_VA_MODELS; }

// Random operating points: V in [-v_max, v_max], each state in [low, high].
struct PointSampler {
    std::mt19937_64 random{12345};
    double v_max = 1.5, low = 0.0, high = 1.0;

    double voltage() { return std::uniform_real_distribution<double>(-v_max, v_max)(random); }
    std::vector<double> states(std::size_t count) {
        std::vector<double> x(count);
        for (double& value : x) value = std::uniform_real_distribution<double>(low, high)(random);
        return x;
    }
};

}  // namespace memcosim::models::test
