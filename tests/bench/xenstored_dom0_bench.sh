#!/usr/bin/env bash
# Our xenstored against Debian's Xen 4.17 C xenstored, side by side in dom0
# under QEMU: each daemon attached to dom0's ring as in production, the same
# client (xenstored_bench) over its socket. Prints both and ours/Xen's.
#   xenstored_dom0_bench.sh [SECONDS per run, default 1]
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-1}
initrd=build/dom0/bench-initramfs.cpio.gz
for f in build/hypervisor.img .cache/kernel/boot/vmlinuz "$initrd"; do
    [ -e "$f" ] || { echo "xenstored_dom0_bench: $f missing (run 'make dom0-bench')"; exit 1; }
done
mkdir -p build/bench
log=build/bench/xenstored_dom0.log
tests/qemu/boot.sh --timeout 900 --smp 2 --bootargs "console=dtuart dom0_mem=512M" \
    --dom0 .cache/kernel/boot/vmlinuz --initrd "$initrd" \
    --dom0-args "console=hvc0 dom0bench=xenstored dom0bench_seconds=$seconds" >"$log" 2>&1
if ! grep -aq 'BENCH DONE' "$log" || grep -aq 'BENCH [a-z]* FAILED' "$log"; then
    echo "xenstored_dom0_bench: no complete run (see $log)"
    exit 1
fi
echo "xenstored in dom0 (QEMU, 2 vCPUs), ${seconds} s per run: ops/s and p99 latency, ours vs Xen 4.17's C xenstored"
printf '%-12s %8s %12s %12s %7s %12s %12s\n' operation clients "ours ops/s" "Xen ops/s" ratio "ours p99" "Xen p99"
tr -d '\r' <"$log" | awk '
    # BENCH DAEMON OPERATION CLIENTS clients OPS ops/s p50 X us p99 Y us
    $1 == "BENCH" && $5 == "clients" {
        ops[$2, $3, $4] = $6; p99[$2, $3, $4] = $12
        if (!(($3, $4) in seen)) { seen[$3, $4] = 1; order[n++] = $3 SUBSEP $4 }
    }
    END {
        for (i = 0; i < n; i++) {
            split(order[i], k, SUBSEP)
            o = ops["ours", k[1], k[2]]; x = ops["xen", k[1], k[2]]
            printf "%-12s %8s %12s %12s %6.2fx %9s us %9s us\n", k[1], k[2], o, x, (x > 0 ? o / x : 0),
                   p99["ours", k[1], k[2]], p99["xen", k[1], k[2]]
        }
    }'
