#!/usr/bin/env bash
# End to end: PV disk and network. Boots Debian's kernel as dom0 under QEMU
# with the xl create scenario's initramfs, our toolstack and
# "dom0test=io": configs/dom0/io-checks creates a guest with a disk (an
# image file through a loop device) and a vif on xenbr0, checks what the
# guest saw through Debian's blkfront and netfront (a file system written,
# 10 pings, 16 MiB each way with nc) and what dom0 set up, then a second
# guest reads the disk back read-only, a third gets a disk and a vif
# hot-plugged (xl block-attach, network-attach, -list, -detach), and
# nothing is left behind. Each
# "IOC PASS/FAIL name" becomes "PASS/FAIL e2e/io/name"; nothing may have
# crashed. HYPERVISOR_IMAGE boots another hypervisor the same way;
# IO_TOOLSTACK=debian uses Debian's xl and Xen's hotplug scripts instead of
# ours (make test runs those pairings inside tests/e2e/xl_create_test.sh
# and toolstack_xen_test.sh, in boots they already make).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
toolstack=${IO_TOOLSTACK:-ours}
name=e2e/io
image=${HYPERVISOR_IMAGE:-build/hypervisor.img}
mkdir -p build/e2e
log=build/e2e/io.log
[ -n "${HYPERVISOR_IMAGE:-}" ] && log=build/e2e/io.$(basename "$image").log
[ "$toolstack" = debian ] && log=${log%.log}.debian-xl.log
kernel=.cache/kernel/boot/vmlinuz
initrd=build/dom0/xl-create-initramfs.cpio.gz
timeout=${DOM0_TEST_TIMEOUT:-900}
cpus=2 ram_mib=2048 dom0_mib=512

. tests/e2e/dom0_scenario.sh
require_files
if [ "$toolstack" = ours ]; then boot_dom0 "console=hvc0 dom0test=io toolstack=ours"
else boot_dom0 "console=hvc0 dom0test=io"; fi
check_xen_daemons
check xenbr0 '^dom0: xenbr0 up' '^dom0: xenbr0 failed'
[ "$toolstack" = ours ] && check xld '^dom0: xld started, pid [0-9]+' '^dom0: xld failed'
scenario_verdicts IOC io-checks
# Linux's blkback WARNs in xen_blkif_disconnect (xen-blkback/xenbus.c)
# whenever a front-end's ring cannot be mapped: its error path frees the
# requests that the warning then counts. The hostile guest makes that
# happen on purpose, and Xen gets the same. Those warnings, each from
# "cut here" to "end trace", are left out of the crash check; any other
# stays in.
full_log=$log
log=${full_log%.log}.crash-check.log
tr -d '\r' <"$full_log" | awk '
    /-\[ cut here \]-/ { held = $0 "\n"; holding = 1; known = 0; next }
    holding { held = held $0 "\n"
              if ($0 ~ /WARNING: .* at drivers\/block\/xen-blkback\/xenbus\.c:[0-9]+ xen_blkif_disconnect/) known = 1
              if ($0 ~ /---\[ end trace/) { if (!known) printf "%s", held; holding = 0 }
              next }
    { print }
    END { if (holding) printf "%s", held }' >"$log"
no_crash
log=$full_log
summary
