#!/usr/bin/env bash
# The hypervisor's own command line: console=none silences it (the guest
# still runs to its power-off), an unknown console falls back to the UART
# with a warning, and maxcpus= limits the CPUs brought up.
# TEST_BUILD_DIR: the build directory (default build).
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${TEST_BUILD_DIR:-build}
mkdir -p "$build/qemu"
name=boot_options
log=$build/qemu/$name.log

tests/qemu/boot.sh --timeout 20 --log "$log" --bootargs "console=none" "$build/guests/demo.img"
status=$?
if [ $status = 0 ] && ! grep -aq '(XEN)' "$log"; then echo "PASS qemu/$name/console-none-is-silent"
else echo "FAIL qemu/$name/console-none-is-silent: status $status, $(grep -ac '(XEN)' "$log") console lines"; fi

tests/qemu/boot.sh --timeout 20 --log "$log" --bootargs "console=vga" "$build/guests/demo.img"
if grep -aq 'console=vga: unknown console, using dtuart' "$log" && grep -aq '(d1) PASS demo' "$log"; then
    echo "PASS qemu/$name/unknown-console-falls-back"
else echo "FAIL qemu/$name/unknown-console-falls-back: see $log"; fi

tests/qemu/boot.sh --timeout 20 --log "$log" --smp 2 --bootargs "console=dtuart maxcpus=1" "$build/guests/demo.img"
if grep -aq 'Brought up 1 CPU' "$log" && ! grep -aq 'Bringing up CPU1' "$log"; then
    echo "PASS qemu/$name/maxcpus-limits-cpus"
else echo "FAIL qemu/$name/maxcpus-limits-cpus: see $log"; fi
