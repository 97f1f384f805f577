#!/usr/bin/env bash
# Benchmark: crossbar transients with wire R and C and pulsed rows, the
# solver against ngspice in the same run (`memcosim compare crossbar --tran`:
# same circuit, trapezoidal rule in both, ngspice's largest step = STEP), then
# the solver alone (`memcosim solve crossbar --tran`) on larger arrays.
# Prints a markdown table for bench/RESULTS.md.
#
#   bench/transient_vs_ngspice.sh [BUILD_DIR]
#   SPICE_SIZES="64 128 256" SOLVER_SIZES="512 1024" TRAN=1e-10:1e-7 PULSE=5e-9:1e-9:4e-8:1e-9 ...
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
spice_sizes="${SPICE_SIZES:-64 128 256}"
solver_sizes="${SOLVER_SIZES:-512 1024}"
tran="${TRAN:-1e-10:1e-7}"               # 1000 steps of 0.1 ns: 100 ns
pulse="${PULSE:-5e-9:1e-9:4e-8:1e-9}"    # 5 ns delay, 1 ns edges, 40 ns wide
r_wire="${R_WIRE:-2}"
c_wire="${C_WIRE:-1e-14}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

array_flags() {
    echo "--rows $1 --cols $1 --g-random 1e-5:1e-4 --v-random 0.1:0.3 --seed 1 --r-wire $r_wire --c-wire $c_wire"
}

# Runs a command under GNU time; prints "wall_s peak_MB".
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || {
        cat "$work/stdout.txt" "$work/stderr.txt" >&2
        return 1
    }
    awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$work/time.txt"
}

echo "TRAN=$tran PULSE=$pulse R_WIRE=$r_wire C_WIRE=$c_wire"
echo
echo "| N | ngspice s | ngspice points | solver s | solver points | speed-up | largest difference / peak | delay difference | settling delay (ngspice) |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $spice_sizes; do
    # shellcheck disable=SC2046
    "$memcosim" compare crossbar $(array_flags "$n") --tran "$tran" --pulse "$pulse" --tolerance 1 \
        >"$work/compare.txt" 2>"$work/stderr.txt" || { cat "$work/compare.txt" "$work/stderr.txt" >&2; exit 1; }
    awk -v n="$n" '
        /ngspice \(trap/ { spice_s = $4; spice_p = $6; sub(/\(/, "", spice_p) }
        /solver \(trap/ { solver_s = $3; solver_p = $5; sub(/\(/, "", solver_p); speed = $8; sub(/\(/, "", speed) }
        /largest \|I_spice/ { diff = $(NF - 6) }
        /settling delay/ { lo = $5; hi = $7; sub(/;/, "", hi); ddiff = $NF }
        END { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s .. %s s |\n", n, spice_s, spice_p, solver_s,
              solver_p, speed, diff, ddiff, lo, hi }' "$work/compare.txt"
done
echo
echo "| N | solver s (whole process) | peak MB |"
echo "|---|---|---|"
for n in $solver_sizes; do
    # shellcheck disable=SC2046
    read -r solver_s solver_mb < <(measure "$memcosim" solve crossbar $(array_flags "$n") --tran "$tran" \
        --pulse "$pulse" -o "$work/solver.csv")
    echo "| $n | $solver_s | $solver_mb |"
done
