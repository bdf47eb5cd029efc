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

. tests/e2e/dom0_scenario.sh
require_files
# xl-checks compares xl's figures with these (the machine as QEMU makes it).
boot_dom0 "console=hvc0 dom0test=xl xlcpus=$cpus xlram=$ram_mib xldom0mem=$dom0_mib"
check_xen_daemons
scenario_verdicts XL xl-checks

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

# no-crash: nothing here is allowed beyond what every dom0 boot prints.
no_crash
summary
