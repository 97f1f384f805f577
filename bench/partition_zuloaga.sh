#!/usr/bin/env bash
# The case of Zuloaga et al. as a check of the IR-drop limit: LRS 100 kohm,
# HRS 10 Mohm, copper wires at the 10 nm node, 6-bit output. The wire per
# segment is derived from NeuroSim's interconnect table for the 10 nm node
# (wire width 18 nm, aspect ratio 2, resistivity 6.35e-8 ohm m with size
# effects; neurosim/DNN_NeuroSim_V1.3, Inference_pytorch/NeuroSIM/Param.cpp)
# and a 4F^2 cell (pitch 2F = 36 nm): 3.53 ohm. A second run takes the node
# literally (10 nm wide, 20 nm pitch, same resistivity, a lower bound at that
# width): 6.35 ohm.
#
#   bench/partition_zuloaga.sh [BUILD_DIR] [OUT_DIR]    (about 10 s)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
out="${2:-partition-zuloaga}"
mkdir -p "$out"
sizes="16,32,64,128,256,512,1024"
echo "== 18 nm wire (NeuroSim 10 nm node), 36 nm pitch"
"$memcosim" partition zuloaga-case --resistivity 6.35e-8 --width 18e-9 --aspect-ratio 2 --pitch 36e-9 \
    --g-on 1e-5 --g-off 1e-7 --bits 6 --sizes "$sizes" -o "$out/zuloaga_18nm.csv" --plot "$out/zuloaga_18nm.png"
echo "== 10 nm wire, 20 nm pitch"
"$memcosim" partition zuloaga-case --resistivity 6.35e-8 --width 10e-9 --aspect-ratio 2 --pitch 20e-9 \
    --g-on 1e-5 --g-off 1e-7 --bits 6 --sizes "$sizes" -o "$out/zuloaga_10nm.csv" --plot "$out/zuloaga_10nm.png"
