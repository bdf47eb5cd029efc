#!/usr/bin/env bash
# End to end: Debian's unmodified armhf kernel as dom0 on our hypervisor,
# under QEMU with 2 CPUs. Checks what dom0 prints (Xen detected, 2-level
# events, both vCPUs, the Xen modules, the privileged interfaces through our
# dom0-selftest, our xenstored serving Debian's xenstore tools over the socket
# and dom0's ring), that text typed on the serial console reaches dom0's shell,
# and that `poweroff -f` in dom0 ends QEMU with status 0.
set -uo pipefail
cd "$(dirname "$0")/../.."
name=e2e/dom0
mkdir -p build/e2e
log=build/e2e/dom0.log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/initramfs.cpio.gz
timeout=${DOM0_TEST_TIMEOUT:-240}

pass() { echo "PASS $name/$1"; }
fail() { echo "FAIL $name/$1: $2"; }
for f in "$kernel" "$initrd" build/hypervisor.img; do
    [ -e "$f" ] || { fail setup "$f missing: run 'make' (it fetches Debian's kernel)"; exit 1; }
done

# QEMU reads the console from a FIFO we write to once dom0's shell is up.
fifo=$(mktemp -u) && mkfifo "$fifo"
trap 'rm -f "$fifo"' EXIT
tests/qemu/boot.sh --stdin --timeout "$timeout" --smp 2 --bootargs "console=dtuart dom0_mem=512M" \
    --dom0 "$kernel" --initrd "$initrd" --dom0-args "console=hvc0 dom0checks" <"$fifo" >"$log" 2>&1 &
qemu=$!
exec 3>"$fifo"
start=$(date +%s)
while ! grep -aq 'dom0: shell on hvc0' "$log"; do
    if ! kill -0 $qemu 2>/dev/null || [ $(( $(date +%s) - start )) -gt "$timeout" ]; then break; fi
    sleep 0.5
done
shell_up_s=$(( $(date +%s) - start ))
sleep 2
# Typed input: an arithmetic only a shell evaluates, then power off.
printf 'echo typed-$((6*7))-ok\n' >&3
sleep 3
printf 'poweroff -f\n' >&3
wait $qemu
status=$?
exec 3>&-

check() { # check LABEL PATTERN [what]
    if grep -aqE -- "$2" "$log"; then pass "$1"; else fail "$1" "no line matching '$2' (log: $log)"; fi
}
check xen-detected 'Xen 4\.17 support found'
check two-level-events 'xen:events: Using 2-level ABI'
check grant-tables 'Grant table initialized'
check both-vcpus-online 'smp: Brought up 1 node, 2 CPUs'
check init-runs 'dom0: init on .*, hypervisor type xen'
for m in xen-privcmd xen-evtchn xen-gntdev xen-gntalloc xenfs xen-blkback xen-netback; do
    check "module-$m" "dom0: module $m loaded"
done
check xenfs-control-d 'dom0: xenfs mounted, capabilities: control_d'
grep -aoE 'SELFTEST (PASS|FAIL) [a-z0-9_]+' "$log" | while read -r _ verdict t; do
    if [ "$verdict" = PASS ]; then pass "selftest/$t"; else fail "selftest/$t" "see $log"; fi
done
check selftest-complete 'SELFTEST SUMMARY: [0-9]+ passed, 0 failed'
# Our libxc's device layer in dom0 (tests/libxc/dom0/libxc_selftest.cpp).
grep -aoE 'LIBXC (PASS|FAIL) [a-z0-9_]+' "$log" | while read -r _ verdict t; do
    if [ "$verdict" = PASS ]; then pass "libxc/$t"; else fail "libxc/$t" "$(grep -a "LIBXC FAIL $t" "$log" | head -1)"; fi
done
check libxc-complete 'LIBXC SUMMARY: [0-9]+ passed, 0 failed'
# Our xenstored in dom0, driven by Debian's xenstore-utils over its socket
# and over dom0's ring (configs/dom0/xenstore-checks).
check xenstored-starts 'dom0: xenstored started, pid [0-9]+'
# A check named socket_* or ring_* that says which transport served it
# (xenstored's trace, read back in dom0) must have been served by that one.
grep -aoE 'XENSTORE (PASS|FAIL) [a-z0-9_]+( \(served over [a-z]+\))?' "$log" | while read -r _ verdict t served; do
    over=${served#(served over }
    over=${over%)}
    case $t:$over in
        socket_*:domain | ring_*:socket) fail "xenstore/$t" "served over $over" ;;
        *) if [ "$verdict" = PASS ]; then pass "xenstore/$t${served:+ $served}"
           else fail "xenstore/$t" "$(grep -a "XENSTORE FAIL $t" "$log" | head -1)"; fi ;;
    esac
done
if grep -aq 'XENSTORE TRACE: .*socket [1-9]' "$log" && grep -aq 'XENSTORE TRACE: .*domain [1-9]' "$log"; then
    pass "xenstore-trace-has-both-transports"
else
    fail xenstore-trace-has-both-transports "$(grep -a 'XENSTORE TRACE' "$log" || echo "no XENSTORE TRACE line") (log: $log)"
fi
check xenstore-complete 'XENSTORE SUMMARY: [0-9]+ passed, 0 failed'
check typed-input-reaches-shell 'typed-42-ok'
# Either CPU may be the one that powers the machine off.
if [ "$status" = 0 ] && grep -aqE '(Hardware domain shut down|all domains have shut down): powering off' "$log"; then
    pass "poweroff-ends-qemu (shell after ${shell_up_s}s)"
else
    fail poweroff-ends-qemu "QEMU status $status (124 = timed out) (log: $log)"
fi
# no-crash: neither the hypervisor nor dom0's kernel complained, nor said
# anything about d0 but for what every boot prints and these, each with its
# reason (tests/e2e/crash_patterns.sh).
. tests/e2e/crash_patterns.sh
allowed=(
    'd0v[0-9]+: unimplemented hypercall 1$'       # SELFTEST privcmd_unknown_hypercall_is_enosys, on purpose
)
# Negative control: the filter sees made-up complaints among allowed lines.
control=$(mktemp)
printf '%s\r\n' '(XEN) [    4.3] d0: 2 vCPUs, command line "console=hvc0"' \
    '(XEN) [   16.8] d0v1: unimplemented hypercall 1' '(XEN) [   16.9] d0v0: unimplemented hypercall 7' \
    '(XEN) [   17.0] d0v1: unhandled CP15 read p15, 0, r0, c9, c12, 0 at pc 0xc0101234' \
    '(XEN) [   17.1] d0v0: write to unmapped IPA 0x9000000 (VA 0xf0000000, pc 0xc0101234): abort injected' \
    '[   20.1] WARNING: CPU: 1 PID: 1 at drivers/xen/events/events_base.c:123 f+0x10/0x20' \
    '[   20.2] BUG: scheduling while atomic: sh/1/0x00000002' '[   20.3] Call trace:' \
    '(XEN) [   42.8] d0: shut down (poweroff)' >"$control"
n=$(complaints "$control" "${allowed[@]}" | wc -l)
rm -f "$control"
if [ "$n" = 6 ]; then pass no-crash-control; else fail no-crash-control "the filter found $n of 6 made-up complaints"; fi
found=$(complaints "$log" "${allowed[@]}")
if [ -n "$found" ]; then
    fail no-crash "$(head -1 <<<"$found") ($(wc -l <<<"$found") lines, log: $log)"
else
    pass no-crash
fi
