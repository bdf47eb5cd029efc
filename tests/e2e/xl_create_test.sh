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
# XLC_TOOLSTACK=ours runs the same checks with our xl and toolstack daemon
# (tests/e2e/toolstack_test.sh), then our toolstack's own (toolstack-checks).
# XLC_IO=yes then runs the PV disk and network scenario of
# tests/e2e/io_test.sh (configs/dom0/io-checks) in the same boot, with the
# same xl: by default with Debian's xl (its own hotplug scripts) and on
# another hypervisor, the two pairings io_test.sh (ours on ours) leaves out.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
toolstack=${XLC_TOOLSTACK:-debian}
name=e2e/xl-create
[ "$toolstack" = ours ] && name=e2e/toolstack
image=${HYPERVISOR_IMAGE:-build/hypervisor.img}
cycles=${XLC_CYCLES:-20}
xenstored=${XLC_XENSTORED:-ours}
mkdir -p build/e2e
log=build/e2e/xl-create.log
[ -n "${HYPERVISOR_IMAGE:-}" ] && log=build/e2e/xl-create.$(basename "$image").log
[ "$xenstored" = c ] && log=${log%.log}.c-xenstored.log
[ "$toolstack" = ours ] && log=${log%.log}.our-toolstack.log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
io=${XLC_IO:-no}
{ [ "$toolstack" = debian ] || [ -n "${HYPERVISOR_IMAGE:-}" ]; } && io=${XLC_IO:-yes}
timeout=${DOM0_TEST_TIMEOUT:-$((300 + 10 * cycles))}
[ "$io" = yes ] && timeout=$((timeout + 300))
cpus=2 ram_mib=2048 dom0_mib=512

. tests/e2e/dom0_scenario.sh
require_files
args="console=hvc0 dom0test=xlcreate xlccycles=$cycles"
[ "$xenstored" = c ] && args="$args xlcxenstored=c"
[ "$toolstack" = ours ] && args="$args toolstack=ours"
# For time (make test's 30 minutes), the pairings leave out the read-only
# reader and the hot-plug guest, which io_test.sh's run covers with our
# toolstack on ours: IO_TOOLSTACK=debian and HYPERVISOR_IMAGE run
# io_test.sh whole.
[ "$io" = yes ] && args="$args dom0io=yes ioskip=reader,hotplug"

boot_dom0 "$args"
check_xen_daemons

if [ "$toolstack" = ours ]; then
    check xld '^dom0: xld started, pid [0-9]+' '^dom0: xld failed'
fi
scenario_verdicts XLC xl-create-checks
[ "$toolstack" = ours ] && scenario_verdicts TSC toolstack-checks
[ "$io" = yes ] && scenario_verdicts IOC io-checks io/

# no-crash (tests/e2e/crash_patterns.sh). The guest's console is in the log
# too (xl-create-checks prints it, "xlc-out: NAME-console: "): its kernel's
# crashes count as well. Another hypervisor (HYPERVISOR_IMAGE) is held to
# the crash patterns only, as in xl_test.sh.
no_crash
summary
