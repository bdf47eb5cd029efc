#!/usr/bin/env bash
# Boots build/hypervisor.img on qemu-system-arm (virt, Cortex-A15, GICv2,
# virtualization on) with the given guest images as boot-time domains, the
# way Xen's dom0less boot is set up: each image is loaded into RAM with
# -device loader and described by a /chosen/domUN node ("xen,domain") added
# to QEMU's own device tree with fdtput. Always under a timeout.
#
#   boot.sh [--interactive] [--timeout SECONDS] [--log FILE] [--smp N]
#           [--memory-kb KB] [--vcpus N] [--bootargs "..."] [--guest-args "..."]
#           GUEST.img [GUEST.img ...]
#   --guest-args: every guest's command line (its /chosen/bootargs)
#   boot.sh --dom0 ZIMAGE [--initrd CPIO] [--dom0-args "..."] [GUEST.img ...]
#       boots a dom0 (Linux) from /chosen multiboot modules, as Xen is booted
#   --stdin: QEMU's serial input is this script's standard input (else none)
#   --log FILE is truncated first, before anything can fail: a boot that
#   cannot start leaves its "boot.sh: ..." error there, never an older run's
#   output. Exit status: QEMU's (timeout's 124/137 when it hung), or 2 when
#   QEMU was not started. TEST_BUILD_DIR: the build directory (default build).
#   boot.sh --bare [--smp N] ... GUEST.img
#       runs one guest directly on the machine, without the hypervisor (the
#       test guests run both ways; the comparison is part of the tests).
set -euo pipefail
cd "$(dirname "$0")/../.."

interactive=0 timeout=60 log= smp=1 memory_kb=16384 vcpus=1 bare=0 bootargs="console=dtuart" guest_args=
dom0= initrd= dom0_args="console=hvc0 earlycon=xenboot" ram=1024 keep_stdin=0
while [ $# -gt 0 ]; do
    case $1 in
        --interactive) interactive=1 ;;
        --bare) bare=1 ;;
        --stdin) keep_stdin=1 ;;
        --vcpus) vcpus=$2; shift ;;
        --dom0) dom0=$2; ram=2048; shift ;;
        --initrd) initrd=$2; shift ;;
        --dom0-args) dom0_args=$2; shift ;;
        --ram) ram=$2; shift ;;
        --timeout) timeout=$2; shift ;;
        --log) log=$2; shift ;;
        --smp) smp=$2; shift ;;
        --memory-kb) memory_kb=$2; shift ;;
        --bootargs) bootargs=$2; shift ;;
        --guest-args) guest_args=$2; shift ;;
        *) break ;;
    esac
    shift
done
if [ -n "$log" ]; then mkdir -p "$(dirname "$log")" && : >"$log"; fi
die() { # die MESSAGE: QEMU was not started
    echo "boot.sh: $1" >&2
    if [ -n "$log" ]; then echo "boot.sh: $1" >>"$log"; fi
    exit 2
}
trap 'die "failed (status $?) at line $LINENO: $BASH_COMMAND"' ERR
[ $# -ge 1 ] || [ -n "$dom0" ] || die "usage: $0 [options] GUEST.img..."

for tool in qemu-system-arm fdtput timeout; do
    command -v $tool >/dev/null || die "$tool not found: run 'make deps'"
done
build=${TEST_BUILD_DIR:-build}
# HYPERVISOR_IMAGE: another hypervisor to boot the same way (the
# benchmarks boot Debian's Xen 4.17 for comparison).
image=${HYPERVISOR_IMAGE:-$build/hypervisor.img}

machine="virt,virtualization=on,gic-version=2"
[ $bare = 1 ] && machine="virt,gic-version=2"
qemu=(qemu-system-arm -machine "$machine" -cpu cortex-a15 -smp "$smp" -m "$ram"
      -display none -monitor none -nic none -serial stdio -no-reboot)

run() {
    trap - ERR
    local status=0 input=/dev/null
    if [ $interactive = 1 ]; then
        # --foreground: QEMU stays in the terminal's foreground process group
        # (else its first read of the terminal stops it with SIGTTIN). It
        # then only signals QEMU itself, which has no children; -k kills it
        # if it ignores the TERM. QEMU leaves the terminal raw when killed.
        local saved=
        [ -t 0 ] && saved=$(stty -g)
        timeout --foreground -k 5 "$timeout" "$@" || status=$?
        if [ -n "$saved" ]; then stty "$saved"; fi
        exit $status
    fi
    [ $keep_stdin = 1 ] && input=/dev/stdin
    if [ -n "$log" ]; then timeout -k 5 "$timeout" "$@" <"$input" >"$log" 2>&1 || status=$?
    else timeout -k 5 "$timeout" "$@" <"$input" || status=$?; fi
    exit $status
}

if [ $bare = 1 ]; then
    [ -f "$1" ] || die "$1 missing: run 'make'"
    run "${qemu[@]}" -kernel "$1"
fi
[ -f "$image" ] || die "$image missing: run 'make'"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dtb=$work/machine.dtb
"${qemu[@]}" -machine "$machine,dumpdtb=$dtb" >/dev/null 2>&1
[ -s "$dtb" ] || die "QEMU did not dump its device tree"

fdtput -t s "$dtb" /chosen xen,xen-bootargs "$bootargs"
loaders=()
if [ -n "$dom0" ]; then
    [ -f "$dom0" ] || die "$dom0 missing: run 'make'"
    # As Xen's own CI on this machine: PCIe can hang Linux as dom0.
    for pci in $(fdtget -l "$dtb" / | grep '^pcie@'); do fdtput -t s "$dtb" "/$pci" status disabled; done
    fdtput -t x "$dtb" /chosen "#address-cells" 2
    fdtput -t x "$dtb" /chosen "#size-cells" 2
    fdtput -t s "$dtb" /chosen xen,dom0-bootargs "$dom0_args"
    fdtput -c "$dtb" /chosen/module@50000000
    fdtput -t s "$dtb" /chosen/module@50000000 compatible "multiboot,kernel" "multiboot,module"
    fdtput -t x "$dtb" /chosen/module@50000000 reg 0 50000000 0 "$(printf %x "$(stat -L -c %s "$dom0")")"
    loaders+=(-device "loader,file=$dom0,addr=0x50000000,force-raw=on")
    if [ -n "$initrd" ]; then
        fdtput -c "$dtb" /chosen/module@51000000
        fdtput -t s "$dtb" /chosen/module@51000000 compatible "multiboot,ramdisk" "multiboot,module"
        fdtput -t x "$dtb" /chosen/module@51000000 reg 0 51000000 0 "$(printf %x "$(stat -L -c %s "$initrd")")"
        loaders+=(-device "loader,file=$initrd,addr=0x51000000,force-raw=on")
    fi
fi
addr=$((0x58000000))
n=1
for guest in "$@"; do
    [ -f "$guest" ] || die "$guest missing: run 'make'"
    size=$(stat -L -c %s "$guest")
    node=/chosen/domU$n
    fdtput -c "$dtb" "$node"
    fdtput -t s "$dtb" "$node" compatible "xen,domain"
    fdtput -t x "$dtb" "$node" "#address-cells" 1
    fdtput -t x "$dtb" "$node" "#size-cells" 1
    fdtput -t x "$dtb" "$node" memory 0 "$(printf %x "$memory_kb")"
    fdtput -t x "$dtb" "$node" cpus "$vcpus"
    fdtput -c "$dtb" "$node/module@$(printf %x $addr)"
    fdtput -t s "$dtb" "$node/module@$(printf %x $addr)" compatible "multiboot,kernel" "multiboot,module"
    fdtput -t x "$dtb" "$node/module@$(printf %x $addr)" reg "$(printf %x $addr)" "$(printf %x "$size")"
    if [ -n "$guest_args" ]; then fdtput -t s "$dtb" "$node/module@$(printf %x $addr)" bootargs "$guest_args"; fi
    loaders+=(-device "loader,file=$guest,addr=$(printf 0x%x $addr),force-raw=on")
    addr=$((addr + 0x01000000))
    n=$((n + 1))
done

run "${qemu[@]}" -kernel "$image" -dtb "$dtb" "${loaders[@]}"
