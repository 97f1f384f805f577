#!/usr/bin/env bash
# Benchmark: single-cell read of a composite-cell crossbar under a bias
# scheme (`--scheme`), ngspice against the fast path in the same run
# (`memcosim compare crossbar --scheme`: the same generated circuit), then
# the fast path alone (`memcosim solve crossbar --scheme`) on larger arrays.
# Selected cell: the top right corner (row 0, column N-1), farthest from
# its driver and its sense; unselected word lines at 0 V. Prints a markdown
# table for bench/RESULTS.md.
#
#   bench/cell_access.sh [BUILD_DIR]
#   CELL=1T1R SCHEME=v2 SPICE_SIZES="32 64 128" SOLVER_SIZES="256 512 1024" V_READ=0.3 R_WIRE=1 ...
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
cell="${CELL:-1T1R}"
scheme="${SCHEME:-v2}"
spice_sizes="${SPICE_SIZES:-32 64 128}"
solver_sizes="${SOLVER_SIZES:-256 512 1024}"
v_read="${V_READ:-0.3}"
r_wire="${R_WIRE:-1}"
extra="${EXTRA:-}"   # e.g. "--transistor bsim4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

flags() {
    echo "--rows $1 --cols $1 --g-random 1e-5:1e-4 --seed 1 --r-wire $r_wire --cell $cell $extra" \
         "--scheme $scheme --cell-row 0 --cell-col $(($1 - 1)) --v-read $v_read"
}

echo "CELL=$cell SCHEME=$scheme V_READ=$v_read R_WIRE=$r_wire EXTRA='$extra'"
echo
echo "| N | ngspice s | fast path s (fit s) | ngspice / fast | Newton its | sensed A | sneak A | difference / largest I |"
echo "|---|---|---|---|---|---|---|---|"
for n in $spice_sizes; do
    # shellcheck disable=SC2046
    out="$("$memcosim" compare crossbar $(flags "$n") --tolerance 1 2>/dev/null)"
    spice_s="$(echo "$out" | awk '/ngspice \(KLU\)/ { print $3 }')"
    fast_s="$(echo "$out" | awk '/solver \(newton\)/ { print $3 }')"
    fit_s="$(echo "$out" | sed -n 's/.*transistor fit of \([0-9.]*\) s.*/\1/p')"
    its="$(echo "$out" | sed -n 's/.*), \([0-9]*\) Newton iteration.*/\1/p')"
    sensed="$(echo "$out" | awk '$1 == "solver" && $2 == "sensed" { print $3 }')"
    sneak="$(echo "$out" | awk '$1 == "solver" && $2 == "sensed" { gsub(",", "", $9); print $9 }')"
    diff="$(echo "$out" | sed -n 's/.* = \([0-9.e+-]*\) of the largest current.*/\1/p')"
    ratio="$(awk -v a="$spice_s" -v b="$fast_s" 'BEGIN { printf "%.3g", a / (b > 1e-9 ? b : 1e-9) }')"
    echo "| $n | $spice_s | $fast_s ($fit_s) | $ratio | $its | $sensed | $sneak | $diff |"
done
for n in $solver_sizes; do
    # shellcheck disable=SC2046
    err="$("$memcosim" solve crossbar $(flags "$n") -o "$work/read.csv" 2>&1 >/dev/null)"
    fast_s="$(echo "$err" | sed -n 's/.*linear), \([0-9.]*\) s (+ fit \([0-9.]*\) s).*/\1 (\2)/p')"
    its="$(echo "$err" | sed -n 's/.*Newton \([0-9]*\) iteration.*/\1/p')"
    sensed="$(echo "$err" | sed -n 's/^solver: sensed \([0-9.e+-]*\) A.*/\1/p')"
    sneak="$(echo "$err" | sed -n 's/.*sneak \([0-9.e+-]*\) A$/\1/p')"
    echo "| $n | - | $fast_s | - | $its | $sensed | $sneak | - |"
done
