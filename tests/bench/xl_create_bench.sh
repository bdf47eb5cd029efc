#!/usr/bin/env bash
# Benchmark: our toolstack (xl, xld, our console daemon) on our hypervisor
# against Debian's xl on Debian's own Xen 4.17 (xen-hypervisor-4.17-armhf),
# in the same dom0 (Debian's kernel, the xl create scenario's initramfs, our
# xenstored), creating and destroying the same Debian guest, booted the same
# way on the same QEMU machine. XLB_TOOLSTACK=debian runs Debian's xl on
# ours instead (the hypervisors alone compared).
# Per boot, configs/dom0/xl-bench times XLB_REPS repetitions of: `xl create`
# (the command), create -> the guest's /init on its console, `xl list`,
# `xl destroy`; then the creation of XLB_TINY tiny guests kept side by side
# (default 20): the 1st and the last. Boots alternate, ours then Xen's, RUNS
# times (default 3);
# prints each side's median per figure and the median ratio ours/Xen with
# its spread (min-max of the per-pair ratios of the boots' medians): under
# emulation one run scatters widely, alternated pairs do not.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
runs=${RUNS:-3}
reps=${XLB_REPS:-5}
tiny=${XLB_TINY:-20}
toolstack=${XLB_TOOLSTACK:-ours}
cache=${CACHE:-.cache}
kernel=$cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
xen=$cache/xen-hypervisor/boot/xen-4.17-armhf
for f in "$kernel" "$initrd" build/hypervisor.img "$xen"; do
    [ -e "$f" ] || { echo "xl_create_bench: $f missing: run 'make bench' (it builds and fetches them)" >&2; exit 1; }
done
mkdir -p build/bench
figures="create_ms init_ms list_ms destroy_ms first_tiny_ms last_tiny_ms"

. tests/bench/pairs.sh

boot() { # boot NAME IMAGE [DOM0_ARGS]: one boot; prints the figures (medians of its repetitions)
    local log=build/bench/xl_create.$1.log
    HYPERVISOR_IMAGE=$2 tests/qemu/boot.sh --timeout $((240 + 30 * reps + 10 * tiny)) --smp 2 --ram 2048 \
        --bootargs "console=dtuart dom0_mem=512M" --dom0 "$kernel" --initrd "$initrd" \
        --dom0-args "console=hvc0 dom0test=xlbench xlbreps=$reps xlbtiny=$tiny ${3:-}" >"$log" 2>&1
    if ! grep -aq 'XLB done' "$log" || grep -aq 'XLB fail' "$log"; then
        echo "xl_create_bench: $1: the benchmark did not complete (log: $log)" >&2
        return 1
    fi
    # Where xl list's time goes in this boot (process start, a round trip):
    # for the reader, not part of the figures.
    tr -d '\r' <"$log" | grep -a '^XLB probe' | sed "s/^XLB probe [0-9]*/xl list breakdown, $1 (ms each):/" >&2
    local out=()
    for f in create_ms init_ms list_ms destroy_ms; do
        out+=("$(tr -d '\r' <"$log" | grep -a '^XLB rep' | awk -v f="$f" '{for (i = 1; i < NF; ++i) if ($i == f) print $(i + 1)}' | median)")
    done
    out+=("$(tr -d '\r' <"$log" | awk '$2 == "tiny" && $3 == 1 {print $5}')")
    out+=("$(tr -d '\r' <"$log" | awk -v n="$tiny" '$2 == "tiny" && $3 == n {print $5}')")
    echo "${out[*]}"
}

for i in $(seq 1 "$runs"); do
    ours_args=
    [ "$toolstack" = ours ] && ours_args=toolstack=ours
    a=$(boot "ours.$i" build/hypervisor.img "$ours_args") || exit 1
    b=$(boot "xen.$i" "$xen") || exit 1
    echo "run $i: ours (create init list destroy first-tiny last-tiny, ms) $a; Xen $b"
    record_pair "$figures" "$a" "$b"
done
for f in $figures; do
    read -r o t r lo hi <<<"$(pair_summary "$f")"
    echo "xl ${f%_ms}: ours ${o} ms, Xen 4.17 ${t} ms, ratio ours/Xen ${r} (spread ${lo}-${hi}, $runs alternated boots of $reps each)"
    eval "median_$f=$o ratio_$f=$r median_theirs_${f%_ms}=$t"
done
# The goals: create and destroy at most 0.3 of Xen's, xl list at most 0.1,
# the last tiny guest's create at most 1.2 times the first's.
goal() { # goal LABEL VALUE LIMIT
    if awk -v v="$2" -v l="$3" 'BEGIN {exit !(v <= l)}'; then echo "goal $1: $2 <= $3: met"
    else echo "goal $1: $2 > $3: NOT met"; fi
}
# What any command costs before it does anything: starting a program in
# dom0 (the probe's busybox true), the same under either hypervisor. A
# figure for the reader, next to the list goal it bounds.
exec_ms=$(for i in $(seq 1 "$runs"); do
    for side in ours xen; do
        tr -d '\r' <"build/bench/xl_create.$side.$i.log" | awk '$1 == "XLB" && $2 == "probe" {for (k = 3; k < NF; ++k) if ($k == "exec_ms") print $(k + 1)}'
    done
done | median)
echo "xl list floor: starting a program in dom0 takes ${exec_ms} ms (median of both sides' probes); 0.1 of Xen's xl list is $(awk -v t="$median_theirs_list" 'BEGIN {printf "%.1f", t / 10}') ms"
if [ "$toolstack" = ours ]; then
    goal "xl create ours/Xen" "$ratio_create_ms" 0.3
    goal "xl destroy ours/Xen" "$ratio_destroy_ms" 0.3
    goal "xl list ours/Xen" "$ratio_list_ms" 0.1
    goal "tiny guest $tiny / tiny guest 1 (ours)" "$(awk -v a="$median_last_tiny_ms" -v b="$median_first_tiny_ms" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')" 1.2
fi
