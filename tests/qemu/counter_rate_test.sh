#!/usr/bin/env bash
# The virtual counter runs at the frequency CNTFRQ advertises, in real time:
# timer_test prints the counter twice, two advertised seconds apart; this
# script stamps each console line with the host's clock as it arrives and
# compares the counter's rate with the advertised one (within 10%: the two
# lines travel through the same UART path, so their latency mostly cancels).
# On the hypervisor and on the bare machine. TEST_BUILD_DIR: the build
# directory (default build).
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${TEST_BUILD_DIR:-build}
mkdir -p "$build/qemu"

measure() { # measure NAME boot.sh-options...
    local name=$1; shift
    local log=$build/qemu/counter_rate-$name.log
    : >"$log"
    tests/qemu/boot.sh --timeout 60 "$@" "$build/guests/timer_test.img" </dev/null 2>&1 |
        while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$log"
    local status=${PIPESTATUS[0]}
    [ "$status" = 0 ] || { echo "FAIL qemu/counter_rate/$name: QEMU exited with status $status (log: $log)"; return; }
    local marks
    marks=$(grep -a 'counter-rate mark [12]:' "$log" | sed -E 's/^([0-9.]+) .*mark ([12]): ([0-9]+) ticks at ([0-9]+) Hz.*/\1 \3 \4/')
    if [ "$(echo "$marks" | grep -c .)" != 2 ]; then
        echo "FAIL qemu/counter_rate/$name: the guest did not print both marks (log: $log)"
        return
    fi
    local verdict
    verdict=$(echo "$marks" | awk '
        NR == 1 { t1 = $1; c1 = $2; hz = $3 }
        NR == 2 { t2 = $1; c2 = $2 }
        END {
            rate = (c2 - c1) / (t2 - t1)
            ratio = rate / hz
            printf "%s counter %.0f Hz on the host clock, CNTFRQ says %d Hz (ratio %.3f over %.2f s)\n",
                   (ratio > 0.9 && ratio < 1.1) ? "ok" : "bad", rate, hz, ratio, t2 - t1
        }')
    case $verdict in
        ok\ *) echo "PASS qemu/counter_rate/$name: ${verdict#ok }" ;;
        *) echo "FAIL qemu/counter_rate/$name: ${verdict#bad } (log: $log)" ;;
    esac
}

for f in "$build/hypervisor.img" "$build/guests/timer_test.img"; do
    [ -f "$f" ] || { echo "FAIL qemu/counter_rate/setup: $f missing (run 'make')"; exit 1; }
done
measure hypervisor --smp 2
measure bare --bare --smp 2
