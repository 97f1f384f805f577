#!/usr/bin/env bash
# The case of Fouda et al.: a 512x512 layer of random weights on linear
# devices (LRS 1 kohm, HRS 1 Mohm), wire 0.1 ohm per segment, every row
# driven. Prints the per-cell error maps' summaries untiled and tiled (64
# tiles of 64x64 and the other square tiles), beside 3 % lognormal device
# variation, and writes the maps as CSV and PNG heatmaps.
#
#   bench/partition_fouda.sh [BUILD_DIR] [OUT_DIR]      (about 45 s on 2 cores)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
out="${2:-partition-fouda}"
"$memcosim" partition fouda-case --size 512 --tiles "${TILES:-256,128,64,32,16}" \
    --g-on 1e-3 --g-off 1e-6 --r-wire 0.1 --map reference --v-read 0.2 --sigma 0.03 --seed 1 --out "$out"
