#!/usr/bin/env bash
# Benchmark: what starting a program costs in dom0, the floor under any
# short xl command (xl list's goal is 0.1 of Xen's). Debian's kernel boots
# with a minimal initramfs (busybox-static alone) three ways on the same
# QEMU machine: bare (no hypervisor, the kernel at EL1 with 512 MiB), as
# dom0 of our hypervisor and as dom0 of Debian's Xen 4.17 (dom0_mem=512M).
# Its /init times, 100 times in a row, a fork alone (a subshell) and a fork
# and exec of a static program (`busybox true`), three rounds a boot.
# Boots alternate bare, ours, Xen's, RUNS times (default 3); prints each
# way's median per figure and the ratios ours/bare and Xen/bare.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
runs=${RUNS:-3}
cache=${CACHE:-.cache}
kernel=$cache/kernel/boot/vmlinuz
busybox=$cache/busybox/bin/busybox
xen=$cache/xen-hypervisor/boot/xen-4.17-armhf
for f in "$kernel" "$busybox" build/hypervisor.img "$xen"; do
    [ -e "$f" ] || { echo "exec_floor: $f missing: run 'make bench' (it builds and fetches them)" >&2; exit 1; }
done
mkdir -p build/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The initramfs: busybox and an /init that measures, then powers off.
mkdir -p "$work/root/bin" "$work/root/proc"
cp "$busybox" "$work/root/bin/busybox"
cat >"$work/root/init" <<'SH'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
now_ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
# per_run_us COMMAND...: microseconds a run, over 100 runs (10 ms clock)
per_run_us() {
    t0=$(now_ms); k=0
    while [ $k -lt 100 ]; do "$@" >/dev/null 2>&1; k=$((k + 1)); done
    echo $(( ($(now_ms) - t0) * 10 ))
}
sleep 2 # let boot-time work settle
for r in 1 2 3; do echo "FLOOR round $r fork_us $(per_run_us eval '( exit 0 )') exec_us $(per_run_us /bin/busybox true)"; done
echo "FLOOR done"
poweroff -f
SH
chmod +x "$work/root/init"
initrd=build/bench/exec-floor.cpio.gz
(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null) | gzip >"$initrd"

boot() { # boot WAY: one boot; prints "fork_us exec_us" (medians of its rounds)
    local log=build/bench/exec_floor.$1.log
    case $1 in
        bare)
            timeout -k 5 300 qemu-system-arm -machine virt,gic-version=2 -cpu cortex-a15 -smp 2 -m 512 \
                -display none -monitor none -nic none -serial stdio -no-reboot \
                -kernel "$kernel" -initrd "$initrd" -append "console=ttyAMA0 quiet" </dev/null >"$log" 2>&1 ;;
        ours|xen)
            local image=build/hypervisor.img
            [ "$1" = xen ] && image=$xen
            HYPERVISOR_IMAGE=$image tests/qemu/boot.sh --timeout 300 --smp 2 --ram 2048 \
                --bootargs "console=dtuart dom0_mem=512M" --dom0 "$kernel" --initrd "$initrd" \
                --dom0-args "console=hvc0 quiet" >"$log" 2>&1 ;;
    esac
    if ! grep -a 'FLOOR done' "$log" >/dev/null; then
        echo "exec_floor: $1: the measurement did not complete (log: $log)" >&2
        return 1
    fi
    local fork exec
    fork=$(tr -d '\r' <"$log" | awk '$1 == "FLOOR" && $2 == "round" {print $5}' | sort -n | sed -n 2p)
    exec=$(tr -d '\r' <"$log" | awk '$1 == "FLOOR" && $2 == "round" {print $7}' | sort -n | sed -n 2p)
    echo "$fork $exec"
}

median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print 0}'; }
declare -A fork exec
for i in $(seq 1 "$runs"); do
    for way in bare ours xen; do
        read -r f e < <(boot $way) || exit 1
        [ -n "$e" ] || exit 1
        fork[$way]+="$f " exec[$way]+="$e "
        echo "run $i $way: fork ${f} us, fork+exec ${e} us"
    done
done
for figure in fork exec; do
    declare -n values=$figure
    b=$(tr ' ' '\n' <<<"${values[bare]}" | grep . | median)
    o=$(tr ' ' '\n' <<<"${values[ours]}" | grep . | median)
    x=$(tr ' ' '\n' <<<"${values[xen]}" | grep . | median)
    label=$([ $figure = fork ] && echo "fork alone" || echo "fork+exec of a static program")
    awk -v l="$label" -v b="$b" -v o="$o" -v x="$x" 'BEGIN {
        printf "%s: bare %.2f ms, ours %.2f ms, Xen %.2f ms (ours/bare %.2f, Xen/bare %.2f)\n",
               l, b / 1000, o / 1000, x / 1000, (b ? o / b : 0), (b ? x / b : 0) }'
    unset -n values
done
