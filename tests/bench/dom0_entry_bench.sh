#!/usr/bin/env bash
# Benchmark (issue 11): wall-clock time from QEMU's start to dom0's kernel
# running (its first line, "Booting Linux on physical CPU"), ours against
# Debian's own Xen 4.17 (xen-hypervisor-4.17-armhf) on the same machine,
# with the same dom0 kernel, initramfs and dom0_mem. Runs alternate, ours
# then Xen's, RUNS times (default 3); prints every run, each side's median
# and the median ratio ours/Xen's with its spread (min-max of the per-pair
# ratios): one run under emulation scatters widely, a ratio from alternated
# pairs does not.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
cache=${CACHE:-.cache}
kernel=$cache/kernel/boot/vmlinuz
initrd=build/dom0/initramfs.cpio.gz
xen=$cache/xen-hypervisor/boot/xen-4.17-armhf
for f in "$kernel" "$initrd" build/hypervisor.img; do
    [ -e "$f" ] || { echo "dom0_entry_bench: $f missing: run 'make'" >&2; exit 1; }
done
if [ ! -f "$xen" ]; then
    echo "bench: downloading Debian's xen-hypervisor-4.17-armhf"
    debs=$cache/debs
    mkdir -p "$debs"
    (cd "$debs" && apt-get download -qq xen-hypervisor-4.17-armhf:armhf 2>&1 | grep -v unsandboxed || true)
    deb=$(ls "$debs"/xen-hypervisor-4.17-armhf_*_armhf.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { echo "dom0_entry_bench: could not download xen-hypervisor-4.17-armhf:armhf" >&2; exit 1; }
    rm -rf "$cache/xen-hypervisor"
    dpkg-deb -x "$deb" "$cache/xen-hypervisor"
fi
mkdir -p build/bench

measure() { # measure NAME IMAGE: prints the milliseconds to dom0's first kernel line, 0 if never
    local log=build/bench/dom0_entry.$1.log start now entry=0
    start=$(date +%s%N)
    HYPERVISOR_IMAGE=$2 tests/qemu/boot.sh --timeout 120 --smp 2 --bootargs "console=dtuart dom0_mem=512M" \
        --dom0 "$kernel" --initrd "$initrd" --dom0-args "console=hvc0 earlycon=xenboot dom0test=poweroff" >"$log" 2>&1 &
    local qemu=$!
    while kill -0 $qemu 2>/dev/null; do
        now=$(date +%s%N)
        if grep -aq 'Booting Linux on physical CPU' "$log"; then
            entry=$(( (now - start) / 1000000 ))
            break
        fi
        sleep 0.02
    done
    kill $qemu 2>/dev/null
    wait $qemu 2>/dev/null
    echo "$entry"
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

ours=() theirs=() ratios=()
for i in $(seq 1 "$runs"); do
    a=$(measure "ours.$i" build/hypervisor.img)
    b=$(measure "xen.$i" "$xen")
    if [ "$a" = 0 ] || [ "$b" = 0 ]; then
        echo "dom0_entry_bench: run $i: dom0's kernel never started (ours $a ms, Xen $b ms; logs in build/bench)" >&2
        exit 1
    fi
    ours+=("$a") theirs+=("$b")
    ratios+=("$(awk "BEGIN{printf \"%.3f\", $a/$b}")")
    echo "run $i: QEMU start -> dom0 kernel: ours $(awk "BEGIN{print $a/1000}") s, Xen 4.17 $(awk "BEGIN{print $b/1000}") s"
done
mo=$(printf '%s\n' "${ours[@]}" | median)
mt=$(printf '%s\n' "${theirs[@]}" | median)
rs=$(printf '%s\n' "${ratios[@]}" | sort -n)
echo "QEMU start -> dom0 kernel: ours median $(awk "BEGIN{print $mo/1000}") s, Xen 4.17 median $(awk "BEGIN{print $mt/1000}") s;" \
    "ratio ours/Xen median $(echo "$rs" | median) (spread $(echo "$rs" | head -1)-$(echo "$rs" | tail -1), $runs pairs)"
