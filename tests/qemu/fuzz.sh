#!/usr/bin/env bash
# make fuzz: the hostile fuzzer (tests/guest/hostile_fuzz_test.cpp) for
# FUZZ_CALLS calls (default 1,000,000) from FUZZ_SEED (default 1), beside
# the checksum bystander, on two physical CPUs. Prints the run's results and
# one figure line: calls, seconds, hypervisor faults.
set -uo pipefail
cd "$(dirname "$0")/../.."
calls=${FUZZ_CALLS:-1000000}
seed=${FUZZ_SEED:-1}
build=${TEST_BUILD_DIR:-build}
# The bystander runs about as long as the fuzzer does (a million calls take
# about a minute under emulation); the run ends when both have.
checksum_ms=$((calls / 15 + 2000))
out=$(tests/qemu/run_guest.sh hostile_fuzz_test --smp 2 --also checksum_test --tag fuzz --timeout 1800 \
    --guest-args "seed=$seed calls=$calls checksum_ms=$checksum_ms")
status=$?
echo "$out"
log=$build/qemu/hostile_fuzz_test-with-checksum_test-fuzz.log
line=$(grep -ao 'fuzz: seed [0-9]*: [0-9]* calls in [0-9]* ms' "$log" | tail -1)
faults=$(grep -acE 'Panic on CPU|Hyp-mode exception' "$log")
if [ -n "$line" ]; then
    done_calls=$(echo "$line" | awk '{print $4}')
    ms=$(echo "$line" | awk '{print $7}')
    echo "fuzz: seed $seed, $done_calls calls in $((ms / 1000)).$(printf %03d $((ms % 1000))) s, $faults hypervisor faults"
else
    echo "fuzz: seed $seed: the fuzzer did not finish (log: $log), $faults hypervisor faults"
    status=1
fi
fails=$(echo "$out" | grep -c '^FAIL')
echo "$(echo "$out" | grep -c '^PASS') passed, $fails failed"
[ "$fails" = 0 ] && [ "$status" = 0 ]
