#!/usr/bin/env bash
# Benchmark: the exact solver (`memcosim solve crossbar`) against ngspice with
# KLU (`memcosim sim` on the netlist from `memcosim gen crossbar`), both as
# whole processes on the same random crossbar, then the solver alone on
# arrays too large for SPICE. Prints a markdown table for bench/RESULTS.md.
#
#   bench/crossbar_vs_ngspice.sh [BUILD_DIR]
#   SPICE_SIZES="32 64 128 256 512" SOLVER_SIZES="1024 2048 4096" R_WIRE=1 ...
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
spice_sizes="${SPICE_SIZES:-32 64 128 256 512}"
solver_sizes="${SOLVER_SIZES:-1024 2048 4096}"
r_wire="${R_WIRE:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs a command under GNU time; prints "wall_s peak_MB".
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2
        return 1
    }
    awk '{ printf "%.3f %.0f\n", $1, $2 / 1024 }' "$work/time.txt"
}

# Largest |a - b| over the largest |a| for two col,current files.
relative_difference() {
    paste -d, "$1" "$2" | awk -F, 'NR > 1 { d = $2 - $4; if (d < 0) d = -d; a = $2; if (a < 0) a = -a;
        if (d > dmax) dmax = d; if (a > amax) amax = a } END { printf "%.2e\n", dmax / amax }'
}

array_flags() { echo "--rows $1 --cols $1 --g-random 1e-6:1e-4 --v-random 0:0.2 --seed 1 --r-wire $r_wire"; }

echo "| N | ngspice s | ngspice MB | solver s | solver MB | speed-up | largest difference |"
echo "|---|---|---|---|---|---|---|"
for n in $spice_sizes; do
    # shellcheck disable=SC2046
    "$memcosim" gen crossbar $(array_flags "$n") -o "$work/x.cir"
    read -r spice_s spice_mb < <(measure "$memcosim" sim "$work/x.cir" -o "$work/spice.csv")
    # shellcheck disable=SC2046
    read -r solver_s solver_mb < <(measure "$memcosim" solve crossbar $(array_flags "$n") -o "$work/solver.csv")
    speedup="$(awk -v a="$spice_s" -v b="$solver_s" 'BEGIN { printf "%.0fx", a / (b > 0.001 ? b : 0.001) }')"
    echo "| $n | $spice_s | $spice_mb | $solver_s | $solver_mb | $speedup | $(relative_difference "$work/spice.csv" "$work/solver.csv") |"
done
for n in $solver_sizes; do
    # shellcheck disable=SC2046
    read -r solver_s solver_mb < <(measure "$memcosim" solve crossbar $(array_flags "$n") -o "$work/solver.csv")
    echo "| $n | - | - | $solver_s | $solver_mb | - | - |"
done
