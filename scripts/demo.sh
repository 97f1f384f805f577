#!/usr/bin/env bash
# Quick start, first command: set up (install what is missing, configure,
# build) and run the main job: a 128x128 crossbar with wire resistance in
# ngspice and in memcosim's exact solver, IR-drop error, agreement, timings,
# and an IR-drop heatmap in memcosim-demo/. Extra arguments go to `memcosim demo`.
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MEMCOSIM_BUILD_DIR:-$root_dir/build}"
"$root_dir/scripts/setup.sh"
exec "$build_dir/bin/memcosim" demo "$@"
