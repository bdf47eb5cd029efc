#!/usr/bin/env bash
# Fetches Debian's own Xen 4.17 C xenstored for armhf (xen-utils-4.17 and
# the libraries it needs) into the cache, for the side-by-side benchmark in
# dom0. Only `make bench` needs it.
set -euo pipefail
: "${CACHE:?}"
out=$CACHE/xen-reference
packages="xen-utils-4.17 libxenmisc4.17 libxenevtchn1 libxengnttab1 libxencall1 libxenforeignmemory1 libxendevicemodel1 libxentoollog1"
[ "$(cat "$out/.complete" 2>/dev/null)" = "$packages" ] && exit 0
echo "bench: downloading Debian's xen-utils-4.17:armhf (Xen's xenstored) and its libraries"
debs=$CACHE/debs
mkdir -p "$debs"
args=()
for p in $packages; do args+=("$p:armhf"); done
(cd "$debs" && apt-get download -qq "${args[@]}" 2>&1 | grep -v unsandboxed || true)
rm -rf "$out"
for p in $packages; do
    deb=$(ls "$debs/${p}"_*_armhf.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { echo "bench: could not download $p:armhf" >&2; exit 1; }
    dpkg-deb -x "$deb" "$out"
done
echo "$packages" >"$out/.complete"
