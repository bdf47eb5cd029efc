#!/usr/bin/env bash
# The whole test suite: host unit tests (GoogleTest), every test guest on
# the hypervisor under QEMU, then Debian's kernel as dom0. Ends with one line "N passed, M failed" and
# a non-zero status if anything failed or could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
BARE_GUESTS="timer_test ptimer_test sgi_test smp_test wake_latency_test"
results=$(mktemp)
trap 'rm -f "$results"' EXIT

count() { # reads PASS/FAIL lines on stdin, echoes them, adds them up
    while IFS= read -r line; do
        echo "$line"
        case $line in
            PASS\ *) echo P >>"$results" ;;
            FAIL\ *) echo F >>"$results" ;;
        esac
    done
}

echo "== unit tests (host)"
# Every GoogleTest program the host build made: build/host/bin/*_tests.
unit_bins=$(ls build/host/bin/*_tests 2>/dev/null)
[ -n "$unit_bins" ] || echo "FAIL unit: no test programs in build/host/bin (run 'make')" | count
for unit in $unit_bins; do
    prog=$(basename "$unit")
    log=build/host/$prog.log
    "$unit" --gtest_color=no >"$log" 2>&1
    status=$?
    ok=$(grep -c '^\[       OK \]' "$log")
    bad=$(grep -E '^\[  FAILED  \] [A-Za-z]' "$log" | grep -vc ' tests\?, listed below')
    grep -E '^\[  FAILED  \] [A-Za-z]' "$log" | grep -v 'listed below' | sed "s/^\[  FAILED  \] /FAIL $prog\//" | sort -u | count
    for _ in $(seq 1 "$ok"); do echo P >>"$results"; done
    echo "$prog: $ok passed, $bad failed (log: $log)"
    if [ "$status" != 0 ] && [ "$bad" = 0 ]; then echo "FAIL $prog: exit status $status (log: $log)" | count; fi
done
# Host-side integration scripts of the toolstack (tests/*/host_*_test.sh).
for script in $(ls tests/*/host_*_test.sh 2>/dev/null); do
    "$script" | count
done

echo "== QEMU tests (hypervisor + test guests)"
guests=$(ls build/guests/*_test.img 2>/dev/null | xargs -n1 basename 2>/dev/null | sed 's/\.img$//')
[ -n "$guests" ] || echo "FAIL qemu: no test guests built (run 'make')" | count
# Two physical CPUs by default; the guests that need more say so here.
for g in $guests; do
    case $g in
        smp_test)
            tests/qemu/run_guest.sh "$g" --smp 2 --vcpus 4 | count
            tests/qemu/run_guest.sh --tag one-cpu "$g" --smp 1 --vcpus 4 | count ;;
        wake_latency_test)
            tests/qemu/run_guest.sh "$g" --smp 2 --vcpus 3 | count
            tests/qemu/run_guest.sh --tag one-cpu "$g" --smp 1 --vcpus 3 | count ;;
        isolation_test)
            tests/qemu/run_guest.sh --copies 2 "$g" --smp 2 | count
            tests/qemu/run_guest.sh --copies 2 --tag one-cpu "$g" --smp 1 | count ;;
        *)
            tests/qemu/run_guest.sh "$g" --smp 2 | count ;;
    esac
done

tests/qemu/hyp_fault_test.sh | count
tests/qemu/boot_options_test.sh | count
tests/qemu/counter_rate_test.sh | count

# Guests that must behave the same on the bare machine as on the hypervisor.
for g in $BARE_GUESTS; do
    tests/qemu/run_guest.sh --bare "$g" --smp 4 | count
    tests/qemu/compare_bare.sh "$g" | count
done

echo "== end-to-end (Debian's kernel as dom0)"
tests/e2e/dom0_test.sh | count

passed=$(grep -c P "$results")
failed=$(grep -c F "$results")
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
