#!/usr/bin/env bash
# Quick start, second command: set up (install what is missing, configure,
# build) and run the whole test suite with CTest. Extra arguments go to ctest
# (e.g. -L unit, -R cli). With MEMCOSIM_SANITIZE=ON it builds and tests with
# AddressSanitizer + UBSan in build-sanitize/.
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${MEMCOSIM_SANITIZE:-OFF}" = "ON" ]; then
    export MEMCOSIM_BUILD_DIR="${MEMCOSIM_BUILD_DIR:-$root_dir/build-sanitize}"
    export MEMCOSIM_BUILD_TYPE="${MEMCOSIM_BUILD_TYPE:-RelWithDebInfo}"
    # ngspice itself is not instrumented and keeps some allocations until exit.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
fi
build_dir="${MEMCOSIM_BUILD_DIR:-$root_dir/build}"
"$root_dir/scripts/setup.sh"
jobs="$(nproc 2>/dev/null || echo 2)"
cd "$build_dir"
exec ctest --output-on-failure -j "$jobs" "$@"
