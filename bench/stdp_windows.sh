#!/usr/bin/env bash
# SPICE STDP windows of VTEAM and Yakopcic synapses (overlap scheme), their
# surrogate calibrations (held-out error) and the surrogate windows.
# Yakopcic is calibrated on states 0.55..0.95: its depression window has a
# kink at x = 1 - xn = 0.5 that no smooth conductance dependence follows.
# Usage: bench/stdp_windows.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-stdp-bench}
bin="$build/bin/memcosim"
mkdir -p "$out"
vteam_spike="bipolar:t_plus=20e-9,tau_minus=100e-9"
yak_spike="bipolar:t_plus=0.3e-3,tau_minus=3e-3,edge=3e-6"

run() { echo "+ $*" >&2; /usr/bin/time -f "  %e s" "$@"; }

run "$bin" stdp --model vteam --scheme overlap --pre "$vteam_spike" --post "$vteam_spike" \
    --dt-min -200e-9 --dt-max 200e-9 --points 81 --engine spice -o "$out/vteam_window.csv" --plot "$out/vteam_window.png"
run "$bin" stdp --model yakopcic --scheme overlap --pre "$yak_spike" --post "$yak_spike" \
    --dt-min -8e-3 --dt-max 8e-3 --points 81 --state 0.75 --engine spice -o "$out/yakopcic_window.csv" --plot "$out/yakopcic_window.png"
run "$bin" calibrate stdp --model vteam --pre "$vteam_spike" --post "$vteam_spike" \
    --dt-min -130e-9 --dt-max 130e-9 --points 41 -o "$out/vteam_stdp.json"
run "$bin" calibrate stdp --model yakopcic --pre "$yak_spike" --post "$yak_spike" \
    --dt-min -3.5e-3 --dt-max 3.5e-3 --points 41 --state-min 0.55 --state-max 0.95 -o "$out/yakopcic_stdp.json"
run "$bin" stdp --model yakopcic --engine surrogate --cal "$out/yakopcic_stdp.json" \
    --dt-min -3.5e-3 --dt-max 3.5e-3 --points 81 --state 0.75 -o "$out/yakopcic_window_surrogate.csv"
