#!/usr/bin/env bash
# SPICE STDP windows of the 1T1R gate and two-device differential schemes
# (VTEAM; Yakopcic gate with a wide level-1 transistor, differential as is),
# their surrogate calibrations (held-out error) and one surrogate window.
# Usage: bench/stdp_schemes.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-stdp-schemes}
bin="$build/bin/memcosim"
mkdir -p "$out"
gate_pre="rectangular:width=10e-9,edge=1e-9"
gate_post="bipolar:t_plus=200e-9,tau_minus=200e-9,edge=1e-9"
vteam_spike="bipolar:t_plus=20e-9,tau_minus=100e-9"
yak_spike="bipolar:t_plus=0.2e-3,tau_minus=1e-3,edge=1e-6"
yak_gate_pre="rectangular:width=20e-6,edge=1e-6"
yak_gate_post="bipolar:a_plus=0.4,t_plus=1e-3,a_minus=0.4,tau_minus=1e-3,edge=1e-6"
wide="$(dirname "$0")/../va_models/cards/nmos_level1.mod:w=40e-6,l=0.5e-6"

run() { echo "+ $*" >&2; /usr/bin/time -f "  %e s" "$@"; }

run "$bin" stdp --model vteam --scheme gate --transistor level1 --pre "$gate_pre" --post "$gate_post" \
    --dt-min -200e-9 --dt-max 200e-9 --points 81 --engine spice -o "$out/vteam_gate.csv" --plot "$out/vteam_gate.png"
run "$bin" stdp --model vteam --scheme differential --pre "$vteam_spike" --post "$vteam_spike" \
    --dt-min -200e-9 --dt-max 200e-9 --points 81 --engine spice -o "$out/vteam_differential.csv" \
    --plot "$out/vteam_differential.png"
run "$bin" stdp --model yakopcic --scheme gate --transistor "$wide" --pre "$yak_gate_pre" --post "$yak_gate_post" \
    --dt-min -2e-3 --dt-max 2e-3 --points 81 --engine spice -o "$out/yakopcic_gate.csv"
run "$bin" stdp --model yakopcic --scheme differential --pre "$yak_spike" --post "$yak_spike" \
    --dt-min -2.5e-3 --dt-max 2.5e-3 --points 81 --engine spice -o "$out/yakopcic_differential.csv"
run "$bin" calibrate stdp --model vteam --scheme gate --transistor level1 --pre "$gate_pre" --post "$gate_post" \
    --dt-min -200e-9 --dt-max 200e-9 --points 41 -o "$out/vteam_gate_stdp.json"
run "$bin" calibrate stdp --model vteam --scheme differential --pre "$vteam_spike" --post "$vteam_spike" \
    --dt-min -130e-9 --dt-max 130e-9 --points 41 -o "$out/vteam_differential_stdp.json"
run "$bin" stdp --model vteam --engine surrogate --cal "$out/vteam_gate_stdp.json" \
    --dt-min -200e-9 --dt-max 200e-9 --points 81 -o "$out/vteam_gate_surrogate.csv"
