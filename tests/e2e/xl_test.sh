#!/usr/bin/env bash
# End to end: Debian's own Xen tools (xen-utils-4.17) in dom0. Boots
# Debian's kernel as dom0 under QEMU with 2 CPUs and dom0_mem=512M, where
# dom0's init starts xen-init-dom0 and xenconsoled after our xenstored, and
# with "dom0test=xl" runs configs/dom0/xl-checks (xl info, list, list -l,
# dmesg, vcpu-list, uptime against what the machine is) and powers off.
# Each "XL PASS/FAIL name" becomes "PASS/FAIL e2e/xl/name"; then the
# hypervisor's boot lines must be in `xl dmesg`, and nothing may have
# crashed. HYPERVISOR_IMAGE boots another hypervisor the same way (Debian's
# Xen 4.17, .cache/xen-hypervisor/boot/xen-4.17-armhf, passes every check).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
name=e2e/xl
image=${HYPERVISOR_IMAGE:-build/hypervisor.img}
mkdir -p build/e2e
log=build/e2e/xl.log
[ -n "${HYPERVISOR_IMAGE:-}" ] && log=build/e2e/xl.$(basename "$image").log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/initramfs.cpio.gz
timeout=${DOM0_TEST_TIMEOUT:-240}
cpus=2 ram_mib=2048 dom0_mib=512

passed=0 failed=0
pass() { echo "PASS $name/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL $name/$1: $2"; failed=$((failed + 1)); }
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
for f in "$kernel" "$initrd" "$image"; do
    [ -e "$f" ] || { fail setup "$f missing: run 'make' (it fetches Debian's kernel and Xen tools)"; summary; }
done

# xl-checks compares xl's figures with these (the machine as QEMU makes it).
start=$(date +%s)
tests/qemu/boot.sh --timeout "$timeout" --smp $cpus --ram $ram_mib \
    --bootargs "console=dtuart dom0_mem=${dom0_mib}M" --dom0 "$kernel" --initrd "$initrd" \
    --dom0-args "console=hvc0 dom0test=xl xlcpus=$cpus xlram=$ram_mib xldom0mem=$dom0_mib" >"$log" 2>&1
status=$?
took=$(( $(date +%s) - start ))
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    fail boot "TIMED OUT after ${took}s (QEMU status $status; last line: $(tr -d '\r' <"$log" | grep -a . | tail -1)) (log: $log)"
elif [ "$status" != 0 ]; then
    fail boot "QEMU status $status after ${took}s (log: $log)"
else
    pass "boot-and-poweroff (${took}s)"
fi

first() { tr -d '\r' <"$log" | grep -aE -m1 -- "$1"; }
check() { # check LABEL PATTERN [FAILURE_PATTERN]: a failure line, if there is one, is the reason
    if [ -n "$(first "$2")" ]; then pass "$1"; return; fi
    local why=
    [ -n "${3:-}" ] && why=$(first "$3")
    fail "$1" "${why:-no line matching '$2'} (log: $log)"
}
check xen-init-dom0 '^dom0: xen-init-dom0 done' '^dom0: xen-init-dom0 failed'
check xenconsoled '^dom0: xenconsoled started, pid [0-9]+' '^dom0: xenconsoled failed'

# xl-checks' own verdicts.
while read -r line; do
    case $line in
        "XL PASS "*) pass "${line#XL PASS }" ;;
        "XL FAIL "*) t=${line#XL FAIL }; fail "${t%%: *}" "${t#*: }" ;;
    esac
done < <(tr -d '\r' <"$log" | grep -aE '^XL (PASS|FAIL) ')
check xl-checks-complete '^XL SUMMARY: [0-9]+ passed, [0-9]+ failed'

# A line the hypervisor printed at boot (its first, without the "(XEN)"
# prefix and time stamp) is in its console ring as `xl dmesg` shows it.
# (Not grep -q at a pipe's end: its early exit fails the pipe under pipefail.)
boot_line=$(first '^\(XEN\) ' | sed -E 's/^\(XEN\) (\[ *[0-9.]+\] )?//')
if [ -z "$boot_line" ]; then
    fail dmesg_has_boot_line "the hypervisor printed no (XEN) line (log: $log)"
elif tr -d '\r' <"$log" | grep -a '^xl-out: dmesg: ' | grep -F -- "$boot_line" >/dev/null; then
    pass dmesg_has_boot_line
else
    fail dmesg_has_boot_line "'$boot_line' not in xl dmesg's output (log: $log)"
fi

# no-crash (tests/e2e/crash_patterns.sh): nothing here is allowed beyond
# what every dom0 boot prints. The lines about d0 are our hypervisor's
# words: another one (HYPERVISOR_IMAGE) is held to the crash patterns only
# (Xen says "d0v0: vGICD: unhandled word write ..." about a dom0 it runs well).
. tests/e2e/crash_patterns.sh
if [ -n "${HYPERVISOR_IMAGE:-}" ]; then
    found=$(tr -d '\r' <"$log" | grep -aE -- "$crash")
    label="no-crash (crash patterns only: $(basename "$image"))"
else
    found=$(complaints "$log")
    label=no-crash
fi
if [ -n "$found" ]; then
    fail no-crash "$(head -1 <<<"$found") ($(wc -l <<<"$found") lines, log: $log)"
else
    pass "$label"
fi
summary
