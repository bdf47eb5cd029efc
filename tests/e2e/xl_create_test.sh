#!/usr/bin/env bash
# End to end: Debian's xl creates a Debian guest. Boots Debian's kernel as
# dom0 under QEMU (2 CPUs, dom0_mem=512M, 2 GiB) with the xl create
# scenario's initramfs (configs/domu/domu.mk) and "dom0test=xlcreate":
# configs/dom0/xl-create-checks creates, pauses, shuts down, destroys and
# reboots the guest, creates and destroys it XLC_CYCLES times, boots it with
# two vCPUs, checks that nothing leaks, and powers off. A cycle takes about
# 2 s under QEMU on an idle machine (up to 11 s on a busy one), the rest
# about 80 s (200 s busy): with the default, 20, the test takes 2 minutes
# (5.5 busy); `make bench` soaks it with 1000. Each
# "XLC PASS/FAIL name" becomes "PASS/FAIL e2e/xl-create/name"; nothing may
# have crashed. HYPERVISOR_IMAGE boots another hypervisor the same way;
# XLC_XENSTORED=c runs Debian's C xenstored in dom0 instead of ours (with
# Debian's Xen 4.17 both, the reference run that validates the checks).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
name=e2e/xl-create
image=${HYPERVISOR_IMAGE:-build/hypervisor.img}
cycles=${XLC_CYCLES:-20}
xenstored=${XLC_XENSTORED:-ours}
mkdir -p build/e2e
log=build/e2e/xl-create.log
[ -n "${HYPERVISOR_IMAGE:-}" ] && log=build/e2e/xl-create.$(basename "$image").log
[ "$xenstored" = c ] && log=${log%.log}.c-xenstored.log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
timeout=${DOM0_TEST_TIMEOUT:-$((300 + 10 * cycles))}
cpus=2 ram_mib=2048 dom0_mib=512

passed=0 failed=0
pass() { echo "PASS $name/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL $name/$1: $2"; failed=$((failed + 1)); }
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
for f in "$kernel" "$initrd" "$image"; do
    [ -e "$f" ] || { fail setup "$f missing: run 'make' (it fetches Debian's kernel and Xen tools)"; summary; }
done
args="console=hvc0 dom0test=xlcreate xlccycles=$cycles"
[ "$xenstored" = c ] && args="$args xlcxenstored=c"

start=$(date +%s)
tests/qemu/boot.sh --timeout "$timeout" --smp $cpus --ram $ram_mib \
    --bootargs "console=dtuart dom0_mem=${dom0_mib}M" --dom0 "$kernel" --initrd "$initrd" \
    --dom0-args "$args" >"$log" 2>&1
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

# The scenario's own verdicts.
while read -r line; do
    case $line in
        "XLC PASS "*) pass "${line#XLC PASS }" ;;
        "XLC FAIL "*) t=${line#XLC FAIL }; fail "${t%%: *}" "${t#*: }" ;;
    esac
done < <(tr -d '\r' <"$log" | grep -aE '^XLC (PASS|FAIL) ')
check xl-create-checks-complete '^XLC SUMMARY: [0-9]+ passed, [0-9]+ failed'

# no-crash (tests/e2e/crash_patterns.sh). The guest's console is in the log
# too (xl-create-checks prints it, "xlc-out: NAME-console: "): its kernel's
# crashes count as well. Another hypervisor (HYPERVISOR_IMAGE) is held to
# the crash patterns only, as in xl_test.sh.
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
