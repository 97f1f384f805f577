#!/usr/bin/env bash
# Network mapping: a layered network 784-256-10 on 128x128 cores, and a
# spiking network of 16 clusters of 60 neurons (30 % links inside a cluster,
# 0.1 % between clusters, neuron ids shuffled) on 128x64 cores; greedy
# placement (strongly connected components first, rows shared) against the
# sequential baseline: cores, inter-core spike routes and the mapped
# network's accuracy with 1 ohm wires and 64 levels.
#
#   bench/partition_map.sh [BUILD_DIR] [OUT_DIR]    (about 20 s)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
out="${2:-partition-map}"
mkdir -p "$out"
echo "== layers 784,256,10 on 128x128 cores"
"$memcosim" map --layers 784,256,10 --core 128x128 --r-wire 1 --levels 64 --g-on 1e-4 --g-off 1e-6 \
    --samples 64 --seed 1 -o "$out/map_layers.csv"
awk 'BEGIN { srand(3); clusters = 16; size = 60; n = clusters * size
    for (i = 0; i < n; i++) id[i] = i
    for (i = n - 1; i > 0; i--) { j = int(rand() * (i + 1)); t = id[i]; id[i] = id[j]; id[j] = t }
    print "source,target,weight"
    for (a = 0; a < n; a++) for (b = 0; b < n; b++) {
        if (a == b) continue
        p = int(a / size) == int(b / size) ? 0.3 : 0.001
        if (rand() < p) printf "%d,%d,%.4f\n", id[a], id[b], -0.5 + 1.5 * rand()
    } }' > "$out/clusters.csv"
echo "== clustered spiking network on 128x64 cores"
"$memcosim" map --graph "$out/clusters.csv" --core 128x64 --r-wire 1 --levels 64 --g-on 1e-4 --g-off 1e-6 \
    --samples 32 --seed 1 -o "$out/map_graph.csv"
