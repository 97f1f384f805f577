#!/usr/bin/env bash
# Benchmark: transients of nonlinear cells with wire R and C and pulsed rows,
# the fast path (Newton at every step, chord Newton with a kept LDL^T
# factorization, solver/nonlinear_transient.hpp)
# against ngspice in the same run (`memcosim compare crossbar --tran`: the
# same circuit, trapezoidal in both, ngspice's largest step = STEP): VTEAM
# cells whose states evolve during the pulse, and 1T1R cells (level 1 card;
# the fast path's transistor is the compact model fitted to it, the fit's
# time not included in the solver's). Prints a markdown table.
#
#   bench/cell_transient_vs_ngspice.sh [BUILD_DIR]
#   SIZES="16 32 64" TRAN=1e-11:3e-9 PULSE=2e-10:1e-10:1.5e-9:1e-10 R_WIRE=10 C_WIRE=2e-13 ...
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
memcosim="${1:-$root_dir/build}/bin/memcosim"
sizes="${SIZES:-16 32 64}"
tran="${TRAN:-1e-11:3e-9}"                   # 300 steps of 10 ps
pulse="${PULSE:-2e-10:1e-10:1.5e-9:1e-10}"   # 0.2 ns delay, 0.1 ns edges, 1.5 ns wide
r_wire="${R_WIRE:-10}"
c_wire="${C_WIRE:-2e-13}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cell_flags() {
    case "$2" in
        vteam) echo "--rows $1 --cols $1 --model vteam --state-uniform 0.5 --v-random 0.9:1.2 --seed 1" ;;
        1T1R) echo "--rows $1 --cols $1 --cell 1T1R --g-random 1e-5:1e-4 --v-random 0.1:0.3 --seed 1" ;;
    esac
}

echo "TRAN=$tran PULSE=$pulse R_WIRE=$r_wire C_WIRE=$c_wire"
echo
echo "| cells | N | ngspice s | solver s | speed-up | largest difference / peak | delay difference | settling delay (ngspice) |"
echo "|---|---|---|---|---|---|---|---|"
for cells in vteam 1T1R; do
    for n in $sizes; do
        # shellcheck disable=SC2046
        "$memcosim" compare crossbar $(cell_flags "$n" "$cells") --r-wire "$r_wire" --c-wire "$c_wire" \
            --tran "$tran" --pulse "$pulse" --tolerance 1 >"$work/compare.txt" 2>"$work/stderr.txt" ||
            { cat "$work/compare.txt" "$work/stderr.txt" >&2; exit 1; }
        awk -v n="$n" -v cells="$cells" '
            /ngspice \(trap/ { spice_s = $4 }
            /solver \(trap/ { solver_s = $3; speed = $8; sub(/\(/, "", speed) }
            /largest \|I_spice/ { diff = $(NF - 6) }
            /settling delay/ { lo = $5; hi = $7; sub(/;/, "", hi); ddiff = $NF }
            END { printf "| %s | %s | %s | %s | %s | %s | %s | %s .. %s s |\n", cells, n, spice_s, solver_s, speed,
                  diff, ddiff, lo, hi }' "$work/compare.txt"
    done
done
