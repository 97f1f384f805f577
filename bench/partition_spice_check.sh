#!/usr/bin/env bash
# SPICE spot checks: a 256x256 random weight matrix as 4 tiles of 128x128 and
# 16 tiles of 64x64 (and untiled, 65,536 cells), every array of every tile
# run in ngspice for each input vector and compared with the exact solver on
# the same devices. Both mappings; 64 conductance levels, 5 % lognormal
# variation, 1 ohm wires. Fails if any partition disagrees by more than 1e-4.
#
#   bench/partition_spice_check.sh [BUILD_DIR] [OUT_DIR]   (about 3 minutes on 2 cores)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
out="${2:-partition-spice}"
mkdir -p "$out"
# Weights uniform in [-1, 1], 2 input vectors uniform in [0, 1].
awk 'BEGIN { srand(11); for (i = 0; i < 256; i++) { line = ""; for (j = 0; j < 256; j++)
    line = line (j ? "," : "") sprintf("%.6f", 2 * rand() - 1); print line } }' > "$out/w256.csv"
awk 'BEGIN { srand(12); for (k = 0; k < 2; k++) { line = ""; for (j = 0; j < 256; j++)
    line = line (j ? "," : "") sprintf("%.6f", rand()); print line } }' > "$out/x256.csv"
for map in differential reference; do
    echo "== $map"
    "$memcosim" partition --matrix "$out/w256.csv" --inputs "$out/x256.csv" --tiles 256x256,128x128,64x64 \
        --map "$map" --levels 64 --g-on 1e-4 --g-off 1e-6 --r-wire 1 --variation lognormal:0.05 --seed 3 \
        --engine spice -o "$out/spice_$map.csv" 2> "$out/spice_$map.log"
done
