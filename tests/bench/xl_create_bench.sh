#!/usr/bin/env bash
# Benchmark (issue 12): Debian's xl in the same dom0 (Debian's kernel, the
# xl create scenario's initramfs, our xenstored) creating and destroying the
# same Debian guest, on our hypervisor and on Debian's own Xen 4.17
# (xen-hypervisor-4.17-armhf), booted the same way on the same QEMU machine.
# Per boot, configs/dom0/xl-bench times XLB_REPS repetitions of: `xl create`
# (the command), create -> the guest's /init on its console, `xl list`,
# `xl destroy`. Boots alternate, ours then Xen's, RUNS times (default 3);
# prints each side's median per figure and the median ratio ours/Xen with
# its spread (min-max of the per-pair ratios of the boots' medians): under
# emulation one run scatters widely, alternated pairs do not.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
runs=${RUNS:-3}
reps=${XLB_REPS:-5}
cache=${CACHE:-.cache}
kernel=$cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
xen=$cache/xen-hypervisor/boot/xen-4.17-armhf
for f in "$kernel" "$initrd" build/hypervisor.img "$xen"; do
    [ -e "$f" ] || { echo "xl_create_bench: $f missing: run 'make bench' (it builds and fetches them)" >&2; exit 1; }
done
mkdir -p build/bench
figures="create_ms init_ms list_ms destroy_ms"

median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print 0}'; }

boot() { # boot NAME IMAGE: one boot; prints "create init list destroy" medians of its repetitions
    local log=build/bench/xl_create.$1.log
    HYPERVISOR_IMAGE=$2 tests/qemu/boot.sh --timeout $((240 + 30 * reps)) --smp 2 --ram 2048 \
        --bootargs "console=dtuart dom0_mem=512M" --dom0 "$kernel" --initrd "$initrd" \
        --dom0-args "console=hvc0 dom0test=xlbench xlbreps=$reps" >"$log" 2>&1
    if ! grep -aq 'XLB done' "$log" || grep -aq 'XLB fail' "$log"; then
        echo "xl_create_bench: $1: the benchmark did not complete (log: $log)" >&2
        return 1
    fi
    local out=()
    for f in $figures; do
        out+=("$(tr -d '\r' <"$log" | grep -a '^XLB rep' | awk -v f="$f" '{for (i = 1; i < NF; ++i) if ($i == f) print $(i + 1)}' | median)")
    done
    echo "${out[*]}"
}

declare -A ours theirs ratios
for i in $(seq 1 "$runs"); do
    a=$(boot "ours.$i" build/hypervisor.img) || exit 1
    b=$(boot "xen.$i" "$xen") || exit 1
    echo "run $i: ours (create init list destroy, ms) $a; Xen $b"
    read -r -a av <<<"$a"
    read -r -a bv <<<"$b"
    k=0
    for f in $figures; do
        ours[$f]+="${av[$k]} "
        theirs[$f]+="${bv[$k]} "
        ratios[$f]+="$(awk -v x="${av[$k]}" -v y="${bv[$k]}" 'BEGIN {printf "%.3f", (y > 0 ? x / y : 0)}') "
        k=$((k + 1))
    done
done
for f in $figures; do
    o=$(tr ' ' '\n' <<<"${ours[$f]}" | grep . | median)
    t=$(tr ' ' '\n' <<<"${theirs[$f]}" | grep . | median)
    r=$(tr ' ' '\n' <<<"${ratios[$f]}" | grep . | median)
    lo=$(tr ' ' '\n' <<<"${ratios[$f]}" | grep . | sort -n | head -1)
    hi=$(tr ' ' '\n' <<<"${ratios[$f]}" | grep . | sort -n | tail -1)
    echo "xl ${f%_ms}: ours ${o} ms, Xen 4.17 ${t} ms, ratio ours/Xen ${r} (spread ${lo}-${hi}, $runs alternated boots of $reps each)"
done
