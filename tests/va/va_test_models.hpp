#pragma once
// Realistic memristor models written for the Verilog-A front-end tests, and
// helpers to parse text and catch the error it raises.
#include "va/parse.hpp"

#include <fmt/format.h>
#include <string>

namespace memcosim::test {

// A VTEAM-like voltage-threshold memristor: state w integrated on node x.
inline const std::string vteam_model = R"va(`include "disciplines.vams"
`include "constants.vams"

// VTEAM-like memristor (Kvatinsky et al.), linear resistance in the state.
module vteam(p, n);
    inout p, n;
    electrical p, n;
    electrical x;   // holds the state w, in metres

    (* desc="on-switching rate", units="m/s" *) parameter real k_on = -10 from (-inf:0);
    (* desc="off-switching rate", units="m/s" *) parameter real k_off = 5e-4 from (0:inf);
    (* desc="on threshold voltage", units="V" *) parameter real v_on = -0.2 from (-inf:0);
    (* desc="off threshold voltage", units="V" *) parameter real v_off = 20m from (0:inf);
    (* desc="on exponent" *) parameter real alpha_on = 3 from [1:inf);
    (* desc="off exponent" *) parameter real alpha_off = 3 from [1:inf);
    (* desc="resistance in the on state", units="Ohm" *) parameter real R_on = 1k from (0:inf);
    (* desc="resistance in the off state", units="Ohm" *) parameter real R_off = 100k from (0:inf) exclude 0;
    (* desc="state at the on end", units="m" *) parameter real w_on = 0 from [0:inf);
    (* desc="state at the off end", units="m" *) parameter real w_off = 3n from (0:inf);
    (* desc="initial state", units="m" *) parameter real w_init = 1.5n from [0:w_off];
    (* desc="window exponent" *) parameter integer window_p = 2 from [1:10];
    (* desc="diode saturation current", units="A" *) parameter real i_s = 1f from [0:inf);

    real v, w, dwdt, r;

    analog function real window;  // Joglekar window on the normalized state
        input s, p;
        real s;
        integer p;
        window = 1 - pow(2 * s - 1, 2 * p);
    endfunction

    analog begin
        @(initial_step) begin
            $strobe("vteam: w_init = %g", w_init);
        end
        v = V(p, n);
        w = V(x) > w_off ? w_off : (V(x) < w_on ? w_on : V(x));
        if (v > v_off)
            dwdt = k_off * pow(v / v_off - 1, alpha_off) * window((w - w_on) / (w_off - w_on), window_p);
        else if (v < v_on)
            dwdt = k_on * pow(v / v_on - 1, alpha_on) * window((w - w_on) / (w_off - w_on), window_p);
        else
            dwdt = 0.0;
        V(x) <+ idt(dwdt, w_init);
        r = R_on + (R_off - R_on) * (w - w_on) / (w_off - w_on);
        I(p, n) <+ v / r + i_s * (limexp(v / $vt) - 1);
    end
endmodule
)va";

// The HP linear-drift memristor with a Joglekar window; state x in [0, 1].
inline const std::string hp_joglekar_model = R"va(`include "disciplines.vams"
`include "constants.vams"
`define SQUARE(a) ((a) * (a))

/* HP TiO2 memristor, linear dopant drift (Strukov et al. 2008),
   window function after Joglekar and Wolf (2009). */
module hp_joglekar(p, n);
    inout p, n;
    electrical p, n, x;
    (* desc="resistance when fully doped", units="Ohm" *) parameter real Ron = 100 from (0:inf);
    (* desc="resistance when undoped", units="Ohm" *) parameter real Roff = 16k from (0:inf);
    (* desc="film thickness", units="m" *) parameter real D = 10n from (0:inf);
    (* desc="dopant mobility", units="m^2/(V*s)" *) parameter real uv = 10f from (0:inf);
    (* desc="initial doped fraction" *) parameter real x0 = 0.1 from [0:1];
    (* desc="window exponent" *) parameter integer p_window = 2 from [1:inf);
    localparam real k = uv * Ron / `SQUARE(D);
    real xs, fx, rm, im;

    analog function real joglekar;
        input xv, pe;
        real xv;
        integer pe;
        joglekar = 1.0 - pow(2.0 * xv - 1.0, 2 * pe);
    endfunction

    analog begin : hp
        xs = V(x);
        xs = xs < 0 ? 0 : (xs > 1 ? 1 : xs);
        rm = Ron * xs + Roff * (1 - xs);
        im = V(p, n) / rm;
        fx = joglekar(xs, p_window);
        I(p, n) <+ im;
        V(x) <+ idt(k * im * fx, x0);
        if ($abstime > 1 && xs >= 1.0) $bound_step(1n);
        if ($temperature > `P_CELSIUS0 + 150) $warning("hot: %g", $temperature);
    end
endmodule
)va";

// The module, from text that must parse.
inline va::Module parse_module(const std::string& text) { return va::parse_source(text, "test.va").modules.at(0); }

// The formatted error of text that must fail ("" if it parsed).
inline std::string parse_error(const std::string& text) {
    try {
        (void)va::parse_source(text, "test.va");
    } catch (const va::VaError& error) {
        return error.what();
    }
    return "";
}

// The first error's message alone (no location or source line).
inline std::string error_message(const std::string& text) {
    try {
        (void)va::parse_source(text, "test.va");
    } catch (const va::VaError& error) {
        return error.message();
    }
    return "";
}

// A module around an analog block body, for short statement tests.
inline std::string in_module(const std::string& declarations, const std::string& analog) {
    return fmt::format(
        "module m(p, n);\n    inout p, n;\n    electrical p, n;\n{}    analog begin\n{}\n    end\nendmodule\n",
        declarations, analog);
}

}  // namespace memcosim::test
