#!/usr/bin/env bash
# End to end (issue 11): the hostile fuzzer as a domU while Debian's kernel
# boots and works as dom0, with the checksum bystander as a second domU.
# dom0 runs its own checks meanwhile (privcmd, libxc, our xenstored served
# to Debian's tools); then the shell must still answer typed input, and
# `poweroff -f` must end the machine. Passes when the fuzzer's calls all came
# back, the bystander's memory and answers stayed intact, dom0's checks
# passed, and neither the hypervisor nor dom0's kernel complained.
set -uo pipefail
cd "$(dirname "$0")/../.."
name=e2e/fuzz-beside-dom0
mkdir -p build/e2e
log=build/e2e/fuzz_dom0.log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/initramfs.cpio.gz
timeout=${DOM0_TEST_TIMEOUT:-300}
fuzzer=build/guests/hostile_fuzz_test.img
bystander=build/guests/checksum_test.img

pass() { echo "PASS $name/$1"; }
fail() { echo "FAIL $name/$1: $2"; }
for f in "$kernel" "$initrd" build/hypervisor.img "$fuzzer" "$bystander"; do
    [ -e "$f" ] || { fail setup "$f missing: run 'make' (it fetches Debian's kernel)"; exit 1; }
done

fifo=$(mktemp -u) && mkfifo "$fifo"
trap 'rm -f "$fifo"' EXIT
# The fuzzer runs through most of dom0's boot and checks (about 30 s).
tests/qemu/boot.sh --stdin --timeout "$timeout" --smp 2 --bootargs "console=dtuart dom0_mem=512M" \
    --guest-args "seed=3 calls=200000 checksum_ms=30000" \
    --dom0 "$kernel" --initrd "$initrd" --dom0-args "console=hvc0 dom0checks" "$fuzzer" "$bystander" \
    <"$fifo" >"$log" 2>&1 &
qemu=$!
exec 3>"$fifo"
start=$(date +%s)
# Both domUs done and dom0's shell up.
until grep -aq 'dom0: shell on hvc0' "$log" && [ "$(grep -ac 'GUEST EXIT' "$log")" -ge 2 ]; do
    if ! kill -0 $qemu 2>/dev/null || [ $(( $(date +%s) - start )) -gt "$timeout" ]; then break; fi
    sleep 0.5
done
ready_s=$(( $(date +%s) - start ))
printf 'echo typed-$((6*7))-ok\n' >&3
sleep 3
printf 'poweroff -f\n' >&3
wait $qemu
status=$?
exec 3>&-

check() { # check LABEL PATTERN
    if grep -aqE -- "$2" "$log"; then pass "$1"; else fail "$1" "no line matching '$2' (log: $log)"; fi
}
check fuzzer-calls-all-came-back '\(d[0-9]+\) PASS random_calls_all_come_back'
check bystander-intact '\(d[0-9]+\) PASS memory_and_hypercalls_stay_intact_beside_another_domain'
if [ "$(grep -ac 'GUEST EXIT status=0' "$log")" = 2 ]; then pass domUs-exit-0; else fail domUs-exit-0 "$(grep -ac 'GUEST EXIT status=0' "$log") of 2 (log: $log)"; fi
check dom0-selftests 'SELFTEST SUMMARY: [0-9]+ passed, 0 failed'
check dom0-libxc 'LIBXC SUMMARY: [0-9]+ passed, 0 failed'
check dom0-xenstore 'XENSTORE SUMMARY: [0-9]+ passed, 0 failed'
check dom0-shell-answers 'typed-42-ok'
if [ "$status" = 0 ] && grep -aqE '(Hardware domain shut down|all domains have shut down): powering off' "$log"; then
    pass "poweroff-ends-qemu (all done after ${ready_s}s)"
else
    fail poweroff-ends-qemu "QEMU status $status (124 = timed out) (log: $log)"
fi
. tests/e2e/crash_patterns.sh
if tr -d '\r' <"$log" | grep -aE -- "$crash" >/dev/null; then
    fail no-crash "$(tr -d '\r' <"$log" | grep -aE -- "$crash" | head -1) (log: $log)"
else
    pass no-crash
fi
fuzz=$(grep -ao 'fuzz: seed [0-9]*: [0-9]* calls in [0-9]* ms' "$log" | tail -1)
echo "fuzz beside dom0: ${fuzz:-the fuzzer did not report}"
