#!/usr/bin/env bash
# The calibrated IR-drop surrogate as the partition's tile engine, against the
# exact solver on the same tiles, and both against ngspice on one partition:
#  1. calibrate the attenuation surrogate with the exact solver on 64..256
#     arrays, 0.5..2 ohm wires, cells 1 uS..100 uS (held-out error in the JSON);
#  2. a 512x512 random weight matrix (uniform in [-1, 1]), 16 input vectors,
#     over 64x64 .. 256x256 tiles, both mappings, 1 ohm wires:
#     `--engine surrogate --check-solver` (surrogate and solver on every tile,
#     times and relative column-current error side by side);
#  3. the same with the read latency from a delay calibration, if one is
#     given as DELAY_CAL=file.json (memcosim calibrate delay);
#  4. speed against ngspice in the same run: a 256x256 matrix as 4 tiles of
#     128x128, 2 vectors, --engine spice (ngspice, checked against the solver)
#     beside --engine surrogate on the same partition.
#
#   bench/partition_surrogate.sh [BUILD_DIR] [OUT_DIR]   (about 2 minutes on 2 cores)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
out="${2:-partition-surrogate}"
mkdir -p "$out"
awk 'BEGIN { srand(21); for (i = 0; i < 512; i++) { line = ""; for (j = 0; j < 512; j++)
    line = line (j ? "," : "") sprintf("%.6f", 2 * rand() - 1); print line } }' > "$out/w512.csv"
awk 'BEGIN { srand(22); for (k = 0; k < 16; k++) { line = ""; for (j = 0; j < 512; j++)
    line = line (j ? "," : "") sprintf("%.6f", rand()); print line } }' > "$out/x512.csv"
awk 'BEGIN { srand(23); for (i = 0; i < 256; i++) { line = ""; for (j = 0; j < 256; j++)
    line = line (j ? "," : "") sprintf("%.6f", 2 * rand() - 1); print line } }' > "$out/w256.csv"

echo "== calibrate irdrop (exact solver, 64..256)"
"$memcosim" calibrate irdrop --source solver --sizes 64,128,256 --r-wire 0.5:2 --g-range 1e-6:1e-4 \
    --train 12 --held-out 12 --seed 5 -o "$out/irdrop.json" 2> "$out/calibrate.log"
delay=()
if [[ -n "${DELAY_CAL:-}" ]]; then delay=(--delay-cal "$DELAY_CAL" --c-wire 1e-15); fi
for map in reference differential; do
    echo "== 512x512, $map mapping: surrogate vs solver"
    "$memcosim" partition --matrix "$out/w512.csv" --inputs "$out/x512.csv" --tiles 256x256,128x128,64x64 \
        --map "$map" --g-on 1e-4 --g-off 1e-6 --r-wire 1 "${delay[@]}" \
        --engine surrogate --cal "$out/irdrop.json" --check-solver -o "$out/surrogate_$map.csv" \
        2> "$out/surrogate_$map.log"
done
echo "== 256x256 as 4 tiles of 128x128: ngspice (checked against the solver) and the surrogate"
for engine in spice surrogate; do
    cal=(); if [[ $engine == surrogate ]]; then cal=(--cal "$out/irdrop.json" --check-solver); fi
    /usr/bin/time -f "$engine: %e s wall" "$memcosim" partition --matrix "$out/w256.csv" --random-inputs 2 \
        --tiles 128x128 --map reference --g-on 1e-4 --g-off 1e-6 --r-wire 1 --engine "$engine" "${cal[@]}" \
        -o "$out/spot_$engine.csv" 2> "$out/spot_$engine.log"
    tail -1 "$out/spot_$engine.log"
done
