#!/usr/bin/env bash
# Installs what memcosim needs on Debian bookworm, only when something is
# missing, then configures and builds. Safe to run again: a second run with
# everything present does no apt work and an incremental build.
#
#   scripts/setup.sh            install if missing, configure, build (Release)
#   MEMCOSIM_BUILD_DIR=dir ...  build somewhere other than ./build
#   MEMCOSIM_SANITIZE=ON ...    build with AddressSanitizer + UBSan
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${MEMCOSIM_BUILD_DIR:-$root_dir/build}"
sanitize="${MEMCOSIM_SANITIZE:-OFF}"
build_type="${MEMCOSIM_BUILD_TYPE:-Release}"

# Packages from the main archive, and those that must come from backports
# (ngspice 46 has KLU; Catch2 3 is only in backports for bookworm).
main_packages=(cmake g++ make pkg-config libeigen3-dev libboost-graph-dev libfmt-dev
               libcli11-dev nlohmann-json3-dev gnuplot-nox time)
backports_packages=(ngspice libngspice0-dev catch2)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            echo "$pkg"
        fi
    done
}

ngspice_too_old() {
    # ngspice before 46 may lack KLU; bookworm's own is 39.
    local version
    version="$(dpkg-query -W -f='${Version}' libngspice0-dev 2>/dev/null || echo 0)"
    dpkg --compare-versions "$version" lt 46
}

catch2_too_old() {
    local version
    version="$(dpkg-query -W -f='${Version}' catch2 2>/dev/null || echo 0)"
    dpkg --compare-versions "$version" lt 3
}

ensure_backports_source() {
    if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return
    fi
    echo "setup: adding the bookworm-backports apt source" >&2
    as_root tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

install_packages() {
    local -a need_main need_backports
    mapfile -t need_main < <(missing_packages "${main_packages[@]}")
    mapfile -t need_backports < <(missing_packages "${backports_packages[@]}")
    if [ "${#need_backports[@]}" -eq 0 ] && { ngspice_too_old || catch2_too_old; }; then
        need_backports=("${backports_packages[@]}")
    fi
    if [ "${#need_main[@]}" -eq 0 ] && [ "${#need_backports[@]}" -eq 0 ]; then
        return
    fi
    echo "setup: installing ${need_main[*]} ${need_backports[*]}" >&2
    ensure_backports_source
    as_root apt-get update -q
    export DEBIAN_FRONTEND=noninteractive
    if [ "${#need_main[@]}" -gt 0 ]; then
        as_root apt-get install -y -q --no-install-recommends "${need_main[@]}"
    fi
    if [ "${#need_backports[@]}" -gt 0 ]; then
        as_root apt-get install -y -q --no-install-recommends -t bookworm-backports "${need_backports[@]}"
    fi
}

configure_and_build() {
    local jobs
    jobs="$(nproc 2>/dev/null || echo 2)"
    cmake -S "$root_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" \
          -DMEMCOSIM_SANITIZE="$sanitize" >&2
    cmake --build "$build_dir" -j "$jobs" >&2
}

install_packages
configure_and_build
