#!/usr/bin/env bash
# A fault inside the hypervisor (provoked with hyp_selftest=fault) must be
# reported with a full register dump and the syndrome, and stop that CPU:
# no guest may run afterwards, and QEMU stays up until the timeout.
# TEST_BUILD_DIR: the build directory (default build).
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${TEST_BUILD_DIR:-build}
mkdir -p "$build/qemu"
log=$build/qemu/hyp_fault.log
name=hyp_fault
rm -f "$log"
tests/qemu/boot.sh --timeout 6 --log "$log" --bootargs "console=dtuart hyp_selftest=fault" "$build/guests/demo.img"
status=$?
if [ ! -f "$log" ]; then
    echo "FAIL qemu/$name/boot: boot.sh (status $status) wrote no log $log"
    exit 1
elif [ "$status" = 2 ] && grep -aq '^boot.sh: ' "$log"; then
    echo "FAIL qemu/$name/boot: QEMU not started: $(grep -a '^boot.sh: ' "$log" | head -1)"
    exit 1
fi
check() { # check LABEL PATTERN
    if grep -aqE -- "$2" "$log"; then echo "PASS qemu/$name/$1"; else echo "FAIL qemu/$name/$1: no line matching '$2' (log: $log)"; fi
}
check banner 'Hyp-mode exception: data abort'
check registers 'R0 : [0-9a-f]{8}  R1 : [0-9a-f]{8}'
check pc-and-cpsr 'PC: +[0-9a-f]{8} +CPSR: [0-9a-f]{8} \(mode 0x1a\)'
check syndrome 'HSR: +9[4-7][0-9a-f]{6} \(EC 0x25: data abort in Hyp mode'
check fault-address 'HDFAR: deadbeec'
check cpu-stopped 'This CPU is stopped'
# Only meaningful if the hypervisor got as far as the fault.
if ! grep -aq 'hyp_selftest=fault: reading an address' "$log"; then
    echo "FAIL qemu/$name/no-guest-ran: the hypervisor never reached the fault (log: $log)"
elif grep -aq '(d1)' "$log"; then echo "FAIL qemu/$name/no-guest-ran: a guest ran after the fault"
else echo "PASS qemu/$name/no-guest-ran"; fi
if [ "$status" = 124 ] || [ "$status" = 137 ]; then echo "PASS qemu/$name/cpu-stays-stopped"
else echo "FAIL qemu/$name/cpu-stays-stopped: QEMU exited with status $status"; fi
