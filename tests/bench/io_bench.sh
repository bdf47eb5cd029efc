#!/usr/bin/env bash
# Benchmark: PV disk and network, our toolstack on our hypervisor against
# Debian's xl on Debian's Xen 4.17, the same dom0 (Debian's kernel, the xl
# create scenario's initramfs, our xenstored, Debian's blkback and netback)
# and the same guest (Debian's blkfront and netfront) on the same QEMU
# machine. Per boot, configs/dom0/io-bench times IOB_REPS times: `xl create`
# of a guest with a disk and a vif, 64 MiB of direct I/O written to and read
# from its xvda (dd), 64 MiB sent to dom0 and received from it (nc). Boots
# alternate, ours then Xen's, RUNS times (default 3); prints each side's
# median per figure (throughputs in MiB/s) and the median ratio ours/Xen with
# its spread (min-max over the alternated pairs). IOB_TOOLSTACK=debian runs
# Debian's xl on ours too (the hypervisors alone compared).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
runs=${RUNS:-3}
reps=${IOB_REPS:-3}
toolstack=${IOB_TOOLSTACK:-ours}
cache=${CACHE:-.cache}
kernel=$cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
xen=$cache/xen-hypervisor/boot/xen-4.17-armhf
for f in "$kernel" "$initrd" build/hypervisor.img "$xen"; do
    [ -e "$f" ] || { echo "io_bench: $f missing: run 'make bench' (it builds and fetches them)" >&2; exit 1; }
done
mkdir -p build/bench
# name, the guest's field, and whether it is a time to turn into MiB/s
figures="create_ms disk_write disk_read net_tx net_rx"

. tests/bench/pairs.sh

boot() { # boot NAME IMAGE [DOM0_ARGS]: one boot; prints its figures (medians of its repetitions)
    local log=build/bench/io.$1.log
    HYPERVISOR_IMAGE=$2 tests/qemu/boot.sh --timeout $((240 + 120 * reps)) --smp 2 --ram 2048 \
        --bootargs "console=dtuart dom0_mem=512M" --dom0 "$kernel" --initrd "$initrd" \
        --dom0-args "console=hvc0 dom0test=iobench iobreps=$reps ${3:-}" >"$log" 2>&1
    if ! grep -aq 'IOB done' "$log" || grep -aq 'IOB fail' "$log"; then
        echo "io_bench: $1: the benchmark did not complete (log: $log)" >&2
        return 1
    fi
    local out=() f field
    for f in $figures; do
        field=$f
        [ "$f" = create_ms ] || field=${f}_ms
        local v
        v=$(tr -d '\r' <"$log" | grep -a '^IOB rep' | awk -v f="$field" '{for (i = 1; i < NF; ++i) if ($i == f) print $(i + 1)}' | median)
        # Times of 64 MiB become MiB/s; create stays in ms. What the guest
        # received is counted: a short transfer must not look fast.
        local mib=64
        [ "$f" = net_rx ] && mib=$(tr -d '\r' <"$log" | grep -a '^IOB rep' |
            awk '{for (i = 1; i < NF; ++i) if ($i == "net_rx_bytes") print $(i + 1) / 1048576}' | median)
        [ "$f" = create_ms ] || v=$(awk -v ms="$v" -v mib="$mib" 'BEGIN {printf "%.1f", (ms > 0 ? mib * 1000 / ms : 0)}')
        out+=("$v")
    done
    echo "${out[*]}"
}

for i in $(seq 1 "$runs"); do
    ours_args=
    [ "$toolstack" = ours ] && ours_args=toolstack=ours
    a=$(boot "ours.$i" build/hypervisor.img "$ours_args") || exit 1
    b=$(boot "xen.$i" "$xen") || exit 1
    echo "run $i: ours (create ms, disk write, disk read, net guest->dom0, net dom0->guest, MiB/s) $a; Xen $b"
    record_pair "$figures" "$a" "$b"
done
for f in $figures; do
    read -r o t r lo hi <<<"$(pair_summary "$f")"
    unit="MiB/s" better=higher
    [ "$f" = create_ms ] && unit=ms better=lower
    echo "io ${f%_ms}: ours $o $unit, Xen 4.17 $t $unit, ratio ours/Xen $r ($better is better; spread $lo-$hi, $runs alternated boots of $reps each)"
done
