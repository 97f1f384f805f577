#!/usr/bin/env bash
# The 8-input, 2-neuron network over 200 ms of Poisson input in ngspice and
# in the event-driven surrogate (spike counts, spike times, final
# conductances, times), then the surrogate alone on 1000 inputs x 100
# neurons for 1 s. Needs the Yakopcic calibration of bench/stdp_windows.sh.
# Usage: bench/snn_vs_ngspice.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
build=${1:-build}
out=${2:-stdp-bench}
bin="$build/bin/memcosim"
cal="$out/yakopcic_stdp.json"
[ -f "$cal" ] || { echo "run bench/stdp_windows.sh first ($cal missing)" >&2; exit 1; }
echo "+ snn 8x2, 200 ms, both engines" >&2
"$bin" snn --cal "$cal" --inputs 8 --neurons 2 --duration 0.2 --rate 40 --kick 0.45 \
    --state-min 0.7 --state-max 0.9 --engine both \
    -o "$out/snn_spikes.csv" --conductances "$out/snn_conductances.csv"
echo "+ snn 1000x100, 1 s, surrogate" >&2
/usr/bin/time -f "  wall %e s" "$bin" snn --cal "$cal" --inputs 1000 --neurons 100 --duration 1 --rate 10 \
    --kick 0.02 --state-min 0.7 --state-max 0.9 --engine surrogate
