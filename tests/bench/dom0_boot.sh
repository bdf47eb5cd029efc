#!/usr/bin/env bash
# Benchmark: wall-clock time from QEMU's start to dom0's /init and to its
# shell prompt, Debian's kernel as dom0 on our hypervisor (2 CPUs, TCG).
# Prints min/median/max over RUNS runs (default 3).
#
# Reference for orientation (Xen 4.17 on the same machine, from
# qemu-virt-arm32.md): dom0 /init at about 9-14 s.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/initramfs.cpio.gz
for f in "$kernel" "$initrd" build/hypervisor.img; do
    [ -e "$f" ] || { echo "dom0_boot: $f missing: run 'make'" >&2; exit 1; }
done
mkdir -p build/bench

measure() { # prints "init_ms shell_ms"
    local log=build/bench/dom0_boot.$1.log
    local start now init=0 shell=0
    start=$(date +%s%N)
    tests/qemu/boot.sh --timeout 300 --smp 2 --bootargs "console=dtuart dom0_mem=512M" \
        --dom0 "$kernel" --initrd "$initrd" --dom0-args "console=hvc0 dom0test=poweroff" >"$log" 2>&1 &
    local qemu=$!
    while kill -0 $qemu 2>/dev/null; do
        now=$(date +%s%N)
        [ $init = 0 ] && grep -aq 'Run /init as init process' "$log" && init=$(( (now - start) / 1000000 ))
        [ $shell = 0 ] && grep -aq 'dom0: checks done' "$log" && shell=$(( (now - start) / 1000000 ))
        sleep 0.05
    done
    wait $qemu
    echo "$init $shell"
}

stats() { # min median max of the numbers on stdin
    sort -n | awk '{v[NR]=$1} END {printf "min %.2f s, median %.2f s, max %.2f s\n", v[1]/1000, v[int((NR+1)/2)]/1000, v[NR]/1000}'
}

inits=() shells=()
for i in $(seq 1 "$runs"); do
    read -r a b < <(measure "$i")
    inits+=("$a")
    shells+=("$b")
    echo "run $i: /init at $(awk "BEGIN{print $a/1000}") s, ready for a shell at $(awk "BEGIN{print $b/1000}") s"
done
echo "QEMU start -> dom0 /init:       $(printf '%s\n' "${inits[@]}" | stats)"
echo "QEMU start -> dom0 shell ready: $(printf '%s\n' "${shells[@]}" | stats)"
