#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12, idempotently and
# quietly when everything is present: host packages with apt-get, the armhf
# -dev packages unpacked into a sysroot, and Debian's armhf kernel and
# busybox fetched with `apt-get download` into the cache, Debian's Xen tools
# for dom0 with the libraries they need.
set -euo pipefail
: "${CACHE:?}" "${HOST_PACKAGES:?}" "${ARMHF_SYSROOT_PACKAGES:?}"
SUDO=${SUDO:-}
export DEBIAN_FRONTEND=noninteractive

say() { echo "deps: $*"; }

apt_updated=
apt_update() {
    [ -n "$apt_updated" ] && return
    say "apt-get update"
    # A mirror that is mid-sync for one architecture makes update exit
    # non-zero although every index we use is there; what we fetch next
    # fails loudly if it is not.
    $SUDO apt-get update -qq || say "apt-get update reported errors (continuing; later steps check)"
    apt_updated=1
}

# 1. Host packages.
missing=()
for p in $HOST_PACKAGES; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *"ok installed"* ]] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt_update
    say "installing ${missing[*]}"
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. armhf packages (for apt-get download).
if ! dpkg --print-foreign-architectures | grep -x armhf >/dev/null; then
    say "adding the armhf architecture"
    $SUDO dpkg --add-architecture armhf
    apt_updated=
fi

download() { # download DIR PACKAGE:armhf...
    local dir=$1; shift
    mkdir -p "$dir"
    (cd "$dir" && apt-get download -qq "$@" 2>&1 | grep -v 'unsandboxed' || true)
    for p in "$@"; do
        ls "$dir/${p%%:*}"_*_armhf.deb >/dev/null 2>&1 || { echo "deps: could not download $p" >&2; exit 1; }
    done
}

debs=$CACHE/debs
sysroot=$CACHE/armhf-sysroot
if [ ! -f "$sysroot/.complete" ]; then
    apt_update
    pkgs=()
    for p in $ARMHF_SYSROOT_PACKAGES; do pkgs+=("$p:armhf"); done
    say "downloading armhf ${ARMHF_SYSROOT_PACKAGES}"
    download "$debs" "${pkgs[@]}"
    rm -rf "$sysroot"
    for p in $ARMHF_SYSROOT_PACKAGES; do dpkg-deb -x "$(ls "$debs/${p}"_*_armhf.deb | head -1)" "$sysroot"; done
    touch "$sysroot/.complete"
fi

# 3. Xen's example guest configurations (xen-utils-common), for the xl.cfg tests.
if [ ! -f "$CACHE/xen-utils-common/.complete" ]; then
    apt_update
    say "downloading xen-utils-common (its example configurations)"
    mkdir -p "$debs"
    (cd "$debs" && apt-get download -qq xen-utils-common 2>&1 | grep -v unsandboxed || true)
    ls "$debs"/xen-utils-common_*.deb >/dev/null 2>&1 || { echo "deps: could not download xen-utils-common" >&2; exit 1; }
    rm -rf "$CACHE/xen-utils-common"
    dpkg-deb -x "$(ls "$debs"/xen-utils-common_*.deb | head -1)" "$CACHE/xen-utils-common"
    touch "$CACHE/xen-utils-common/.complete"
fi

# 4. Xen's own public headers (libxen-dev), to check our ABI definitions against.
if [ ! -f "$CACHE/libxen-dev/.complete" ]; then
    apt_update
    say "downloading libxen-dev (Xen's public headers)"
    mkdir -p "$debs"
    (cd "$debs" && apt-get download -qq libxen-dev 2>&1 | grep -v unsandboxed || true)
    ls "$debs"/libxen-dev_*.deb >/dev/null 2>&1 || { echo "deps: could not download libxen-dev" >&2; exit 1; }
    rm -rf "$CACHE/libxen-dev"
    dpkg-deb -x "$(ls "$debs"/libxen-dev_*.deb | head -1)" "$CACHE/libxen-dev"
    touch "$CACHE/libxen-dev/.complete"
fi

# 5. Debian's armhf LPAE kernel and busybox, for dom0 and guests.
if [ ! -f "$CACHE/kernel/.complete" ] || [ ! -f "$CACHE/busybox/.complete" ]; then
    apt_update
    kernel_pkg=$(apt-cache depends linux-image-armmp-lpae:armhf 2>/dev/null |
                 awk '/Depends: linux-image-[0-9]/ {sub(":armhf","",$2); print $2; exit}')
    [ -n "$kernel_pkg" ] || { echo "deps: cannot resolve linux-image-armmp-lpae:armhf" >&2; exit 1; }
    say "downloading $kernel_pkg:armhf and busybox-static:armhf"
    download "$debs" "$kernel_pkg:armhf" busybox-static:armhf
    rm -rf "$CACHE/kernel" "$CACHE/busybox"
    dpkg-deb -x "$(ls "$debs/${kernel_pkg}"_*_armhf.deb | head -1)" "$CACHE/kernel"
    dpkg-deb -x "$(ls "$debs"/busybox-static_*_armhf.deb | head -1)" "$CACHE/busybox"
    ls "$CACHE"/kernel/boot/vmlinuz-* >/dev/null
    ln -sf "$(basename "$(ls "$CACHE"/kernel/boot/vmlinuz-* | head -1)")" "$CACHE/kernel/boot/vmlinuz"
    touch "$CACHE/kernel/.complete" "$CACHE/busybox/.complete"
fi

# 6. Debian's own xenstore clients for dom0 (xenstore-utils and the armhf
# C library they need; libgcc_s for libxenstore's thread cancellation), to
# drive our xenstored inside dom0 under QEMU; bash, which Xen's hotplug
# scripts (xen-utils-common's /etc/xen/scripts) are written for, and the
# flock they lock with (util-linux; busybox has none).
dom0_userland=$CACHE/dom0-userland
dom0_userland_packages="xenstore-utils libxenstore4 libxentoolcore1 libc6 libgcc-s1 bash libtinfo6 util-linux"
if [ "$(cat "$dom0_userland/.complete" 2>/dev/null)" != "$dom0_userland_packages" ]; then
    apt_update
    say "downloading xenstore-utils:armhf and its libraries (dom0's xenstore clients)"
    pkgs=()
    for p in $dom0_userland_packages; do pkgs+=("$p:armhf"); done
    download "$debs" "${pkgs[@]}"
    rm -rf "$dom0_userland"
    for p in $dom0_userland_packages; do dpkg-deb -x "$(ls "$debs/${p}"_*_armhf.deb | head -1)" "$dom0_userland"; done
    echo "$dom0_userland_packages" >"$dom0_userland/.complete"
fi

# 7. Debian's Xen 4.17 tools for dom0 (xl, xenconsoled, xen-init-dom0 are
# in xen-utils-4.17) and every library its programs need, unpacked into one
# tree. Which libraries is computed from the programs' NEEDED entries
# (configs/dom0/elf-closure.sh), never listed by hand: a soname still missing is
# looked for in the library packages (Section libs) that the packages
# unpacked so far depend on, and a package is unpacked only once it holds a
# missing one. The stamp's first line is the package list; the second
# records what the closure pulled in.
xen_utils=$CACHE/xen-utils
xen_utils_packages="xen-utils-4.17"
newest_deb() { ls "$debs/$1"_*_armhf.deb 2>/dev/null | sort -V | tail -1 || true; }
if [ "$(head -1 "$xen_utils/.complete" 2>/dev/null)" != "$xen_utils_packages" ]; then
    apt_update
    say "downloading $xen_utils_packages:armhf and the libraries its programs need"
    rm -rf "$xen_utils"
    download "$debs" ${xen_utils_packages// /:armhf }:armhf
    unpacked=" " pool=" "
    for p in $xen_utils_packages; do dpkg-deb -x "$(newest_deb "$p")" "$xen_utils"; unpacked+="$p "; done
    while :; do
        programs=$(cd "$xen_utils" && find usr/lib/xen-*/bin -type f | while read -r f; do
                       readelf -h "$f" >/dev/null 2>&1 && echo "/$f"; done)
        # shellcheck disable=SC2086
        unresolved=$("$(dirname "$0")"/../configs/dom0/elf-closure.sh "$xen_utils" $programs | awk '$2 == "-" {print $1}')
        [ -z "$unresolved" ] && break
        new=()
        for p in $unpacked; do
            for d in $(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
                           --no-replaces --no-enhances "$p:armhf" 2>/dev/null |
                       awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 !~ /^</ {sub(/:.*/, "", $2); print $2}'); do
                case $unpacked$pool in *" $d "*) continue ;; esac
                pool+="$d "
                # grep reads it all: with pipefail, grep -q leaving early
                # could fail apt-cache with SIGPIPE and drop a library.
                apt-cache show --no-all-versions "$d:armhf" 2>/dev/null | grep -E '^Section: (.*/)?(old)?libs$' >/dev/null &&
                    new+=("$d:armhf")
            done
        done
        [ ${#new[@]} -gt 0 ] && download "$debs" "${new[@]}"
        progress=no
        for p in $pool; do
            case $unpacked in *" $p "*) continue ;; esac
            deb=$(newest_deb "$p")
            [ -n "$deb" ] || continue
            files=$(dpkg-deb -c "$deb" | awk '{print $6}')
            for soname in $unresolved; do
                if grep -q "/$soname\$" <<<"$files"; then
                    dpkg-deb -x "$deb" "$xen_utils"
                    unpacked+="$p " progress=yes
                    break
                fi
            done
        done
        [ $progress = yes ] || {
            echo "deps: no library package that $xen_utils_packages depends on holds: $unresolved" >&2; exit 1; }
    done
    printf '%s\n%s\n' "$xen_utils_packages" "${unpacked:1:-1}" >"$xen_utils/.complete"
fi

# 8. Debian's own Xen 4.17 hypervisor (xen-hypervisor-4.17-armhf): the
# end-to-end tests run our toolstack on it too (tests/e2e/toolstack_xen_test.sh).
xen_hypervisor=$CACHE/xen-hypervisor
if [ ! -e "$xen_hypervisor/.complete" ] || [ ! -e "$xen_hypervisor/boot/xen-4.17-armhf" ]; then
    apt_update
    say "downloading xen-hypervisor-4.17-armhf:armhf (Debian's Xen, the reference hypervisor)"
    download "$debs" xen-hypervisor-4.17-armhf:armhf
    rm -rf "$xen_hypervisor"
    dpkg-deb -x "$(newest_deb xen-hypervisor-4.17-armhf)" "$xen_hypervisor"
    [ -e "$xen_hypervisor/boot/xen-4.17-armhf" ] || { echo "deps: no boot/xen-4.17-armhf in xen-hypervisor-4.17-armhf" >&2; exit 1; }
    touch "$xen_hypervisor/.complete"
fi
